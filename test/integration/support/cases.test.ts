// The support services against the real database: whom a learner may confide in, who reads a case, the
// access log, signals from followers only, and members the learner alone may bring in.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { NotFoundError } from "../../../src/errors.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { supportScene, type SupportScene } from "../../support/support.js";

async function refused(promise: Promise<unknown>): Promise<NotFoundError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(NotFoundError);
    if (error instanceof NotFoundError) return error;
  }
  throw new Error("expected a 404 refusal");
}

describe("support: cases, signals and the access log", () => {
  const clock = new ManualClock(new Date("2026-11-02T08:00:00Z"));
  let fixture: LtiFixture;
  let scene: SupportScene;
  before(async () => {
    fixture = await startLtiFixture({ clock });
    scene = await supportScene(fixture);
  });
  after(async () => {
    await fixture.close();
  });

  const support = () => fixture.carnet.services.support;

  it("offers the learner only designated persons who do not evaluate them, and refuses anyone else with a 404", async () => {
    const { actors, ids } = scene;
    const self = await support().standing.towards(actors.lea, ids.lea);
    expect(await support().opening.choices(actors.lea, self)).to.deep.equal([ids.sam]);
    const error = await refused(
      support().opening.requestSupport(actors.lea, self, { personId: ids.fanny, message: "x" }),
    );
    // The log line names the rule, never the people.
    expect(error.detail).to.equal("support.member refused");
    await refused(support().opening.requestSupport(actors.lea, self, { personId: ids.bob, message: "" }));
    expect(await support().deps.cases.ofLearner(actors.lea.platformId, ids.lea)).to.have.length(0);
  });

  it("lets the learner and the chosen person read the case, records every read, and keeps members' notes from the learner", async () => {
    const { actors, ids } = scene;
    const self = await support().standing.towards(actors.lea, ids.lea);
    const opened = await support().opening.requestSupport(actors.lea, self, {
      personId: ids.sam,
      message: "Je n'arrive plus à dormir avant les gardes.",
    });
    await refused(support().work.read(actors.fanny, opened.id));
    await refused(support().work.read(actors.bob, opened.id));

    await support().work.addNote(actors.sam, opened.id, {
      step: "exploration",
      text: "Échange avec la MSU : surcharge de travail.",
      involved: "MSU",
      agreedActions: "Revoir le planning des gardes",
      reviewOn: "2026-11-20",
      audience: "members",
    });
    clock.advance(60_000);
    const bySam = await support().work.read(actors.sam, opened.id);
    expect(bySam.supportCase.notes.map((note) => note.text)).to.deep.equal([
      "Je n'arrive plus à dormir avant les gardes.",
      "Échange avec la MSU : surcharge de travail.",
    ]);
    clock.advance(60_000);
    const byLea = await support().work.read(actors.lea, opened.id);
    expect(byLea.supportCase.notes.map((note) => note.text)).to.deep.equal([
      "Je n'arrive plus à dormir avant les gardes.",
    ]);
    const space = await support().space.ofLearner(actors.lea);
    expect(space.accessLog.map((access) => [access.readerId, access.part])).to.deep.equal([
      [ids.lea, "case"],
      [ids.sam, "case"],
    ]);
    expect(space.cases[0]?.notes).to.have.length(1);
  });

  it("lets only the learner bring in someone who evaluates them; members bring in support persons only", async () => {
    const { actors, ids } = scene;
    const self = await support().standing.towards(actors.lea, ids.lea);
    const opened = await support().opening.requestSupport(actors.lea, self, {
      personId: ids.sam,
      message: "",
    });
    await refused(support().work.addMember(actors.sam, opened.id, ids.fanny));
    await refused(support().work.addMember(actors.lea, opened.id, ids.bob));
    await support().work.addMember(actors.lea, opened.id, ids.fanny);
    const reading = await support().work.read(actors.fanny, opened.id);
    expect(reading.supportCase.members).to.deep.equal([ids.sam, ids.fanny]);
    expect(reading.supportCase.addedByLearner).to.deep.equal([ids.fanny]);
  });

  it("takes concerns from who follows the learner, shows them to the support circle only, and opens a case from them", async () => {
    const { actors, ids } = scene;
    const byFanny = await support().standing.towards(actors.fanny, ids.lea);
    const signal = await support().signals.record(actors.fanny, byFanny, {
      category: "no_participation",
      note: "Absente des deux derniers séminaires.",
    });
    expect(signal.source).to.deep.equal({ kind: "person", userId: ids.fanny, as: "teacher" });
    // Fanny evaluates Léa: she raised it but does not read the circle's signals.
    await refused(support().signals.read(actors.fanny, byFanny));
    const byBob = await support().standing.towards(actors.bob, ids.lea);
    await refused(support().signals.record(actors.bob, byBob, { category: "no_participation", note: "?" }));

    // Sam's space lists Léa among the learners with concerns to look at; Bob's and Fanny's do not.
    expect((await support().space.signalsToTakeUp(actors.sam)).map((s) => s.learnerId)).to.include(ids.lea);
    expect(await support().space.signalsToTakeUp(actors.fanny)).to.deep.equal([]);
    expect(await support().space.signalsToTakeUp(actors.bob)).to.deep.equal([]);
    const bySam = await support().standing.towards(actors.sam, ids.lea);
    const read = await support().signals.read(actors.sam, bySam);
    expect(read.map((s) => s.note)).to.include("Absente des deux derniers séminaires.");
    const opened = await support().opening.openFromSignals(actors.sam, bySam, {
      signalIds: [signal.id],
      note: "",
    });
    expect((await support().work.read(actors.sam, opened.id)).signals.map((s) => s.id)).to.deep.equal([
      signal.id,
    ]);
    // The learner reads the case, not the words of the signal (a third party's note).
    expect((await support().work.read(actors.lea, opened.id)).signals).to.deep.equal([]);
    const log = await support().space.ofLearner(actors.lea);
    expect(log.accessLog.some((access) => access.readerId === ids.sam && access.part === "signals")).to.equal(
      true,
    );
  });

  it("refuses a signal with no category from the lists or an over-long note, on the field", async () => {
    const { actors, ids } = scene;
    const byFanny = await support().standing.towards(actors.fanny, ids.lea);
    for (const [input, field] of [
      [{ category: "lazy", note: "x" }, "category"],
      [{ category: "behaviour_change", note: "" }, "note"],
      [{ category: "behaviour_change", note: "x".repeat(601) }, "note"],
    ] as const) {
      try {
        await support().signals.record(actors.fanny, byFanny, input);
        expect.fail("should refuse");
      } catch (error) {
        expect(error).to.have.property("fields").that.has.property(field);
      }
    }
  });
});
