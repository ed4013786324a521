// Time-driven parts of the support space, with the injected clock: closed cases purged after the
// retention period (deleted, with a record that they existed), machine-raised signs raised once.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { supportScene, type SupportScene } from "../../support/support.js";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** What the test Carnet is configured with (SUPPORT_RETENTION_DAYS). */
const RETENTION_DAYS = 30;

describe("support: retention and machine-raised signs", () => {
  const clock = new ManualClock(new Date("2026-11-02T08:00:00Z"));
  let fixture: LtiFixture;
  let scene: SupportScene;
  before(async () => {
    fixture = await startLtiFixture({ clock, env: { SUPPORT_RETENTION_DAYS: String(RETENTION_DAYS) } });
    scene = await supportScene(fixture);
  });
  after(async () => {
    await fixture.close();
  });

  const support = () => fixture.carnet.services.support;

  it("purges a case closed for longer than the retention period — notes, signals, access log — and keeps a record of it", async () => {
    const { actors, ids } = scene;
    const byFanny = await support().standing.towards(actors.fanny, ids.lea);
    const signal = await support().signals.record(actors.fanny, byFanny, {
      category: "behaviour_change",
      note: "Très en retrait en GEP.",
    });
    const bySam = await support().standing.towards(actors.sam, ids.lea);
    const opened = await support().opening.openFromSignals(actors.sam, bySam, {
      signalIds: [signal.id],
      note: "Appel prévu.",
    });
    await support().work.read(actors.sam, opened.id);
    clock.advance(DAY);
    await support().work.close(actors.sam, opened.id, { outcome: "resolved", note: "" });
    const closedAt = clock.now();

    clock.advance((RETENTION_DAYS - 1) * DAY);
    await support().retention.purge();
    expect(await support().deps.cases.get(actors.lea.platformId, opened.id)).to.not.equal(null);

    clock.advance(2 * DAY);
    const result = await support().retention.purge();
    expect(result.cases).to.be.at.least(1);
    expect(await support().deps.cases.get(actors.lea.platformId, opened.id)).to.equal(null);
    expect(await support().deps.signals.ofCase(actors.lea.platformId, opened.id)).to.deep.equal([]);
    const space = await support().space.ofLearner(actors.lea);
    expect(space.cases.map((c) => c.id)).to.not.include(opened.id);
    expect(space.accessLog.filter((access) => access.caseId === opened.id)).to.deep.equal([]);
    expect(space.purged.map((record) => [record.caseId, record.closedAt.getTime()])).to.deep.include([
      opened.id,
      closedAt.getTime(),
    ]);
    // Running again finds nothing more and keeps one record.
    await support().retention.purge();
    expect(
      (await support().space.ofLearner(actors.lea)).purged.filter((r) => r.caseId === opened.id),
    ).to.have.length(1);
  });

  it("keeps an open case whatever its age", async () => {
    const { actors, ids } = scene;
    const self = await support().standing.towards(actors.lea, ids.lea);
    const opened = await support().opening.requestSupport(actors.lea, self, {
      personId: ids.sam,
      message: "",
    });
    clock.advance(400 * DAY);
    await support().retention.purge();
    expect(await support().deps.cases.get(actors.lea.platformId, opened.id)).to.not.equal(null);
  });

  it("raises silence once for a learner who gives no sign: running the job again raises nothing", async () => {
    const { actors, ids } = scene;
    const silences = async (): Promise<number> =>
      (await support().deps.signals.ofLearner(actors.lea.platformId, ids.lea)).filter(
        (s) => s.source.kind === "machine" && s.source.rule === "silence",
      ).length;
    const before = await silences();
    clock.advance(5 * WEEK);
    await support().machine.run();
    expect(await silences()).to.equal(before + 1);
    await support().machine.run();
    expect(await silences()).to.equal(before + 1);
  });
});
