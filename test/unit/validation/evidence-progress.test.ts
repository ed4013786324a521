import { expect } from "chai";
import { decisionPath, type ItemOutcome } from "../../../src/domain/validation/decide-request.js";
import {
  excerpt,
  shownState,
  taggedCounts,
  toComplete,
  tracesTaggedWith,
} from "../../../src/domain/validation/evidence-progress.js";
import type { TraceSummary } from "../../../src/domain/validation/ports.js";
import type { TimelineEntry } from "../../../src/domain/validation/records.js";
import { buildRecord, LEARNER_ID, TEACHER_ID, TEACHER_2_ID } from "./build.js";

function trace(id: string, tags: [string, string][]): TraceSummary {
  return {
    id,
    title: id,
    revision: 1,
    competences: tags.map(([frameworkId, code]) => ({ frameworkId, code })),
  };
}

function asked(by: string, at: string, comment: string): TimelineEntry {
  return {
    id: `${by}-${at}`,
    at: new Date(at),
    action: "ask_more_evidence",
    from: "submitted",
    to: "more_evidence",
    actorId: by,
    actorRole: "teacher",
    channel: "online",
    evidenceVersion: 1,
    comment,
  };
}

describe("evidence progress", () => {
  const traces = [
    trace("t1", [
      ["fw", "C1"],
      ["fw", "C2"],
    ]),
    trace("t2", [
      ["fw", "C1"],
      ["fw", "C1"],
    ]),
    trace("t3", [["other-version", "C3"]]),
    { id: "t4", title: "no tags known", revision: 1 },
  ];

  it("counts each trace once per competence of the framework version it was tagged in", () => {
    expect([...taggedCounts(traces, "fw")]).to.deep.equal([
      ["C1", 2],
      ["C2", 1],
    ]);
    expect(taggedCounts(traces, "fw").has("C3")).to.equal(false);
  });

  it("finds the traces tagged with one competence", () => {
    expect(tracesTaggedWith(traces, "fw", "C1").map((t) => t.id)).to.deep.equal(["t1", "t2"]);
    expect(tracesTaggedWith(traces, "fw", "C3")).to.deep.equal([]);
  });

  it("shows 'in progress' only for a competence not started with tagged traces", () => {
    expect(shownState("not_started", 2)).to.equal("in_progress");
    expect(shownState("not_started", 0)).to.equal("not_started");
    expect(shownState("self_assessed", 3)).to.equal("self_assessed");
    expect(shownState("validated", 1)).to.equal("validated");
  });

  it("lists what to complete with the latest reason asked, the longest waiting first", () => {
    const items = toComplete([
      buildRecord({
        competenceCode: "C1",
        state: "more_evidence",
        timeline: [
          asked(TEACHER_ID, "2026-03-01T10:00:00Z", "first time"),
          asked(TEACHER_2_ID, "2026-03-10T10:00:00Z", "second time"),
        ],
      }),
      buildRecord({
        competenceCode: "C2",
        state: "more_evidence",
        timeline: [asked(TEACHER_ID, "2026-03-05T10:00:00Z", "add a lesson plan")],
      }),
      buildRecord({ competenceCode: "C3", state: "submitted", learnerId: LEARNER_ID }),
    ]);
    expect(items.map((item) => [item.record.competenceCode, item.reason, item.askedBy])).to.deep.equal([
      ["C2", "add a lesson plan", TEACHER_ID],
      ["C1", "second time", TEACHER_2_ID],
    ]);
    expect(items[1]?.since?.toISOString()).to.equal("2026-03-10T10:00:00.000Z");
  });

  it("cuts a long reason on a word, and leaves a short one whole", () => {
    expect(excerpt("  short\n reason ")).to.equal("short reason");
    const cut = excerpt("word ".repeat(60), 30);
    expect(cut.length).to.be.at.most(31);
    expect(cut).to.match(/^(word )*word…$/);
  });

  it("opens the decision's notification where the learner has something to do", () => {
    const outcomes = (entries: [string, ItemOutcome][]): Map<string, ItemOutcome> => new Map(entries);
    expect(decisionPath("fw", outcomes([["C1", "validated"]]))).to.equal("competences");
    expect(
      decisionPath(
        "fw",
        outcomes([
          ["C1", "validated"],
          ["A/1", "more_evidence"],
        ]),
      ),
    ).to.equal("competences/fw/A%2F1#resubmit-title");
    expect(
      decisionPath(
        "fw",
        outcomes([
          ["C1", "more_evidence"],
          ["C2", "more_evidence"],
        ]),
      ),
    ).to.equal("competences#to-complete");
  });
});
