import { expect } from "chai";
import type { ManualClock } from "../../../src/clock.js";
import { gradingModels } from "../../../src/persistence/models/grading-models.js";
import { getTestEnvironment } from "../../support/environment.js";
import { LmsGate } from "../../support/lms-gate.js";
import type { LtiFixture } from "../../support/lti-fixture.js";
import { competenceCodes, gradedCourse, startGradingFixture, type GradedCourse } from "./setup.js";

const SCORES = /\/scores/;
const LINE_ITEM_LOOKUP = /resource_link_id=/;

describe("grade delivery: many at a time, within limits, and stopping cleanly", () => {
  let fixture: LtiFixture;
  let clock: ManualClock;
  before(async () => {
    ({ fixture, clock } = await startGradingFixture());
  });
  after(async () => {
    await fixture.close();
  });

  async function course(
    contextId: string,
    learners: number,
    lineItem = true,
  ): Promise<GradedCourse & { codes: string[] }> {
    const graded = await gradedCourse(fixture, clock, { contextId, learners, lineItem });
    return { ...graded, codes: competenceCodes(graded.harness, 7) };
  }

  async function validateFirst(graded: GradedCourse & { codes: string[] }): Promise<void> {
    for (const learner of graded.learners)
      await graded.harness.change({
        learnerId: learner.id,
        competenceCode: graded.codes[0] ?? "",
        state: "validated",
      });
    await graded.harness.projector.runOnce();
  }

  it("sends several scores to one LMS at once, never more than the per-platform limit", async () => {
    const graded = await course("concurrency", 8);
    await validateFirst(graded);
    const gate = new LmsGate(fixture.carnet.services.outbound, [SCORES]);
    await graded.harness.workerWith(gate.fetch, { perPlatform: 3 }).runOnce();
    expect(fixture.lms.gradebook(graded.lineItemUrl ?? "").size).to.equal(8);
    expect(gate.peak(SCORES)).to.equal(3);
  });

  it("keeps delivering other courses' grades while a line item is being looked up", async () => {
    const waiting = await course("needs-line-item", 2, false);
    const other = await course("has-line-item", 3);
    await validateFirst(waiting);
    await validateFirst(other);
    const gate = new LmsGate(fixture.carnet.services.outbound);
    const lookup = gate.hold(LINE_ITEM_LOOKUP);
    const worker = waiting.harness.workerWith(gate.fetch);
    const run = worker.runOnce();
    await lookup.arrived;
    // The lookup hangs; the other course's three scores go out meanwhile.
    await gate.made(SCORES, 3);
    expect(fixture.lms.gradebook(other.lineItemUrl ?? "").size).to.equal(3);
    lookup.release();
    await run;
    for (const graded of [waiting, other]) {
      const statuses = (await graded.harness.deliveries()).map((delivery) => delivery.status);
      expect(statuses, graded.resourceLinkId).to.deep.equal(statuses.map(() => "delivered"));
    }
    // One lookup for the placement, not one per learner.
    expect(gate.count(LINE_ITEM_LOOKUP)).to.equal(1);
  });

  it("on stop, lets the POST in flight finish before the deadline and leases nothing more", async () => {
    const graded = await course("stop-finish", 3);
    await validateFirst(graded);
    const gate = new LmsGate(fixture.carnet.services.outbound);
    const post = gate.hold(SCORES);
    const worker = graded.harness.workerWith(gate.fetch, { perPlatform: 1 });
    const run = worker.runOnce();
    await post.arrived;
    const stopped = worker.stop({ deadlineMs: 60_000 });
    post.release();
    await stopped;
    await run;
    const statuses = (await graded.harness.deliveries()).map((delivery) => delivery.status).sort();
    expect(statuses).to.deep.equal(["delivered", "pending", "pending"]);
    expect((await graded.harness.deliveries()).every((delivery) => !delivery.lease)).to.equal(true);
    expect(gate.count(SCORES)).to.equal(1);
    expect((await worker.runOnce()).attempted, "a stopped worker leases nothing").to.equal(0);
  });

  it("on stop past the deadline, aborts the POST and gives every lease back for another instance", async () => {
    const graded = await course("stop-abort", 3);
    await validateFirst(graded);
    const gate = new LmsGate(fixture.carnet.services.outbound);
    const post = gate.hold(SCORES);
    const worker = graded.harness.workerWith(gate.fetch, { owner: "A", perPlatform: 1 });
    const run = worker.runOnce();
    await post.arrived;
    await worker.stop({ deadlineMs: 0 });
    expect((await run).outcomes.released).to.equal(1);

    const released = await graded.harness.deliveries();
    expect(released.map((delivery) => delivery.status)).to.deep.equal(["pending", "pending", "pending"]);
    expect(released.every((delivery) => !delivery.lease && delivery.attempts === 0)).to.equal(true);
    // Another instance takes them at once, without waiting for a lease to expire.
    await graded.harness.worker({ owner: "B" }).runOnce();
    const delivered = await graded.harness.deliveries();
    expect(delivered.map((delivery) => delivery.status)).to.deep.equal([
      "delivered",
      "delivered",
      "delivered",
    ]);
    const gradebook = fixture.lms.gradebook(graded.lineItemUrl ?? "");
    for (const learner of graded.learners)
      expect(gradebook.get(learner.sub)).to.include({ scoreGiven: 14.29 });
  });

  it("delivers entries written before the compare-and-set revision existed", async () => {
    const graded = await course("no-rev", 1);
    await validateFirst(graded);
    const deliveries = gradingModels((await getTestEnvironment()).mongo.carnet).Delivery;
    await deliveries.updateMany({ contextId: "no-rev" }, { $unset: { rev: 1 } });
    expect((await graded.harness.worker().runOnce()).outcomes.delivered).to.equal(1);
    const [learner] = graded.learners;
    expect(fixture.lms.gradebook(graded.lineItemUrl ?? "").get(learner?.sub ?? "")).to.include({
      scoreGiven: 14.29,
    });
  });
});
