import { expect } from "chai";
import type { ManualClock } from "../../../src/clock.js";
import { DEFAULT_BACKOFF } from "../../../src/domain/grading/delivery-rules.js";
import { DEFAULT_PLATFORM_HEALTH } from "../../../src/domain/grading/platform-health.js";
import type { GradeDeliveryWorker } from "../../../src/jobs/grade-delivery.js";
import type { LtiFixture } from "../../support/lti-fixture.js";
import type { GradingHarness } from "../../support/grading.js";
import { competenceCodes, gradedCourse, startGradingFixture, type GradedCourse } from "./setup.js";

const SCORES = /\/scores/;
const MINUTE = 60_000;

describe("grade delivery through LMS outages", () => {
  let fixture: LtiFixture;
  let clock: ManualClock;
  before(async () => {
    ({ fixture, clock } = await startGradingFixture());
  });
  afterEach(() => {
    fixture.lms.clearFailures();
  });
  after(async () => {
    await fixture.close();
  });

  async function course(contextId: string, learners: number): Promise<GradedCourse & { codes: string[] }> {
    const graded = await gradedCourse(fixture, clock, { contextId, learners });
    return { ...graded, codes: competenceCodes(graded.harness, 7) };
  }

  /** The LMS refuses every service call (token and AGS) with a 503 and no Retry-After. */
  function lmsDown(): void {
    fixture.lms.setFailureRate(1, { status: 503, seed: 7 });
  }

  /** Runs the jobs every `stepMs` of virtual time for `forMs`. */
  async function runFor(harness: GradingHarness, worker: GradeDeliveryWorker, forMs: number, stepMs: number) {
    for (let elapsed = 0; elapsed < forMs; elapsed += stepMs) {
      clock.advance(stepMs);
      await harness.projector.runOnce();
      await worker.runOnce();
    }
  }

  /** Runs the jobs every second until everything is delivered; returns the virtual time it took. */
  async function untilDelivered(harness: GradingHarness, worker: GradeDeliveryWorker): Promise<number> {
    const start = clock.now().getTime();
    for (let second = 0; second < 3_600; second++) {
      await worker.runOnce();
      const deliveries = await harness.deliveries();
      if (deliveries.every((delivery) => delivery.status === "delivered"))
        return clock.now().getTime() - start;
      clock.advance(1_000);
    }
    throw new Error("not delivered within an hour of virtual time");
  }

  it("keeps retrying through a two-hour outage instead of parking, calling the LMS sparingly", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("long-outage", 2);
    if (!lineItemUrl) throw new Error("setup");
    const worker = harness.worker({ backoff: DEFAULT_BACKOFF });
    lmsDown();
    for (const learner of learners)
      await harness.change({ learnerId: learner.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    const callsBefore = fixture.lms.agsCalls.length + fixture.lms.tokenRequests.length;
    await runFor(harness, worker, 120 * MINUTE, 2 * MINUTE);

    const waiting = await harness.deliveries();
    expect(waiting.map((delivery) => delivery.status)).to.deep.equal(["pending", "pending"]);
    // The old rule parked after 12 failed attempts; an outage is not a refusal.
    expect(Math.max(...waiting.map((delivery) => delivery.attempts))).to.be.greaterThan(12);
    expect(waiting.every((delivery) => delivery.lastError?.status === 503)).to.equal(true);
    // One call per attempt: each grade's back-off (capped at ten minutes, about a dozen steps to get
    // there) and one probe per run at most: no storm.
    const calls = fixture.lms.agsCalls.length + fixture.lms.tokenRequests.length - callsBefore;
    expect(calls).to.be.at.most(2 * (120 / 10 + 12) + 120 / 2);

    fixture.lms.clearFailures();
    await untilDelivered(harness, worker);
    const gradebook = fixture.lms.gradebook(lineItemUrl);
    for (const learner of learners)
      expect(gradebook.get(learner.sub), learner.sub).to.include({ comment: "1/7 compétences validées" });
  });

  it("delivers everything within one probe of the LMS answering again after a two-minute outage", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("short-outage", 6);
    if (!lineItemUrl) throw new Error("setup");
    const worker = harness.worker({ backoff: DEFAULT_BACKOFF });
    lmsDown();
    for (const learner of learners)
      await harness.change({ learnerId: learner.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    await runFor(harness, worker, 2 * MINUTE, 5_000);
    const waiting = await harness.deliveries();
    // Their own back-offs run well past the end of the outage…
    const latest = Math.max(...waiting.map((delivery) => delivery.nextAttemptAt.getTime()));
    expect(latest - clock.now().getTime()).to.be.greaterThan(DEFAULT_PLATFORM_HEALTH.probeCapMs);

    fixture.lms.clearFailures();
    const tookMs = await untilDelivered(harness, worker);
    // …but the first answer releases them all at once.
    expect(tookMs).to.be.at.most(DEFAULT_PLATFORM_HEALTH.probeCapMs);
    const gradebook = fixture.lms.gradebook(lineItemUrl);
    for (const learner of learners)
      expect(gradebook.get(learner.sub), learner.sub).to.include({ comment: "1/7 compétences validées" });
    const history = (await harness.deliveries()).flatMap((delivery) => delivery.history.map((e) => e.event));
    expect(history).to.include("resumed");
  });

  it("parks a grade only once the retry window has passed, and resumes it when the LMS answers", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("retry-window", 2);
    const [early, late] = learners;
    if (!early || !late || !lineItemUrl) throw new Error("setup");
    const worker = harness.worker({ retryForMs: 10 * MINUTE });
    lmsDown();
    await harness.change({ learnerId: early.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    await runFor(harness, worker, 9 * MINUTE, 30_000);
    expect((await harness.deliveries())[0]).to.include({ status: "pending" });
    await harness.change({ learnerId: late.id, competenceCode: codes[0] ?? "", state: "validated" });
    await runFor(harness, worker, 3 * MINUTE, 30_000);

    const byLearner = new Map((await harness.deliveries()).map((delivery) => [delivery.learnerId, delivery]));
    expect(byLearner.get(early.id)).to.include({ status: "parked", parkedReason: "RETRY_WINDOW" });
    expect(byLearner.get(early.id)?.lastError).to.include({ status: 503 });
    expect(byLearner.get(late.id)).to.include({ status: "pending" });

    // No one retries anything: the late grade's next attempt succeeds and the parked one follows.
    fixture.lms.clearFailures();
    await untilDelivered(harness, worker);
    const gradebook = fixture.lms.gradebook(lineItemUrl);
    expect(gradebook.get(early.sub)).to.include({ comment: "1/7 compétences validées" });
    expect(gradebook.get(late.sub)).to.include({ comment: "1/7 compétences validées" });
  });

  it("honours Retry-After for the whole platform, in every Carnet instance", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("retry-after", 3);
    if (!lineItemUrl) throw new Error("setup");
    for (const learner of learners)
      await harness.change({ learnerId: learner.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    fixture.lms.failNext(1, { status: 429, retryAfterSeconds: 120, path: SCORES });
    const posts = (): number =>
      fixture.lms.agsCalls.filter((call) => call.method === "POST" && SCORES.test(call.url)).length;
    const postsBefore = posts();
    const start = clock.now().getTime();
    const workerA = harness.worker({ owner: "A", perPlatform: 1 });
    const workerB = harness.worker({ owner: "B" });

    await workerA.runOnce();
    expect(posts() - postsBefore, "one POST, answered 429").to.equal(1);
    const held = await harness.deliveries();
    expect(held.every((delivery) => delivery.nextAttemptAt.getTime() >= start + 120_000)).to.equal(true);
    clock.advance(60_000);
    expect((await workerB.runOnce()).attempted, "another instance waits too").to.equal(0);
    clock.advance(59_000);
    expect((await workerA.runOnce()).attempted).to.equal(0);
    expect(posts() - postsBefore).to.equal(1);

    clock.advance(1_000);
    expect((await workerA.runOnce()).outcomes.delivered).to.equal(3);
    const gradebook = fixture.lms.gradebook(lineItemUrl);
    for (const learner of learners) expect(gradebook.get(learner.sub)).to.include({ scoreGiven: 14.29 });
  });
});
