// The signs Carnet raises itself, as facts with keys that make raising them again a no-op.
import { expect } from "chai";
import { machineSignsOf, type LearnerFacts } from "../../../src/domain/support/machine-signs.js";

const WEEK = 7 * 86_400_000;
const now = new Date("2026-03-01T10:00:00Z");

function facts(overrides: Partial<LearnerFacts> = {}): LearnerFacts {
  return {
    platformId: "p",
    learnerId: "l",
    lastSignAt: new Date(now.getTime() - WEEK),
    knownSince: new Date("2025-11-01T00:00:00Z"),
    silentAfterWeeks: 4,
    missedFirstSessionId: null,
    moreEvidence: [],
    invalidatedPlacementIds: [],
    ...overrides,
  };
}

describe("machineSignsOf", () => {
  it("raises nothing for a learner who wrote last week", () => {
    expect(machineSignsOf(facts(), now)).to.deep.equal([]);
  });

  it("raises silence after the programme's number of weeks, keyed by when the silence began", () => {
    const lastSignAt = new Date(now.getTime() - 5 * WEEK);
    expect(machineSignsOf(facts({ lastSignAt }), now)).to.deep.equal([
      { rule: "silence", key: `silence:${lastSignAt.toISOString()}`, facts: { weeks: 5 } },
    ]);
    expect(machineSignsOf(facts({ lastSignAt, silentAfterWeeks: 6 }), now)).to.deep.equal([]);
  });

  it("counts the silence of a learner who never did anything from when Carnet first knew them", () => {
    const knownSince = new Date(now.getTime() - 2 * WEEK);
    expect(machineSignsOf(facts({ lastSignAt: null, knownSince }), now)).to.deep.equal([]);
    const longAgo = new Date(now.getTime() - 9 * WEEK);
    expect(machineSignsOf(facts({ lastSignAt: null, knownSince: longAgo }), now)[0]?.key).to.equal(
      `silence:${longAgo.toISOString()}`,
    );
  });

  it("raises a missed first session, repeated 'more evidence' on one competence and an invalidated placement", () => {
    const signs = machineSignsOf(
      facts({
        missedFirstSessionId: "s1",
        moreEvidence: [
          { competenceKey: "fw/c1", count: 2 },
          { competenceKey: "fw/c2", count: 1 },
        ],
        invalidatedPlacementIds: ["pl-9"],
      }),
      now,
    );
    expect(signs.map((sign) => sign.key)).to.deep.equal([
      "first_session:s1",
      "more_evidence:fw/c1",
      "placement:pl-9",
    ]);
    expect(signs.map((sign) => sign.rule)).to.deep.equal([
      "missed_first_session",
      "repeated_more_evidence",
      "placement_invalidated",
    ]);
  });
});
