import { expect } from "chai";
import type { ManualClock } from "../../../src/clock.js";
import { GradeDeliveryWorker } from "../../../src/jobs/grade-delivery.js";
import { AGS_MEDIA_TYPE, AgsClient } from "../../../src/lti/ags-client.js";
import { PlatformTokens } from "../../../src/lti/platform-tokens.js";
import { createLogger } from "../../../src/logger.js";
import type { LtiFixture } from "../../support/lti-fixture.js";
import { acceptedScores } from "../../support/grading.js";
import { competenceCodes, gradedCourse, startGradingFixture, type GradedCourse } from "./setup.js";

const SCORES = /\/scores/;

/** Accepted scores of each learner arrive in strictly increasing timestamps and never go back in value. */
function expectOrdered(fixture: LtiFixture, lineItemUrl: string): void {
  for (const [userId, scores] of acceptedScores(fixture, lineItemUrl)) {
    for (let i = 1; i < scores.length; i++) {
      const previous = scores[i - 1];
      const current = scores[i];
      if (!previous || !current) continue;
      expect(Date.parse(current.timestamp), `${userId} timestamps`).to.be.greaterThan(
        Date.parse(previous.timestamp),
      );
      expect(Number(current.scoreGiven), `${userId} never an older value after a newer one`).to.be.at.least(
        Number(previous.scoreGiven),
      );
    }
  }
}

describe("grade delivery when things go wrong", () => {
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

  async function course(contextId: string, learners = 1): Promise<GradedCourse & { codes: string[] }> {
    const graded = await gradedCourse(fixture, clock, { contextId, learners });
    return { ...graded, codes: competenceCodes(graded.harness, 7) };
  }

  it("keeps retrying through 500s and ends with the latest score, including changes made meanwhile", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("errors500");
    const [lea] = learners;
    if (!lea || !lineItemUrl) throw new Error("setup");
    fixture.lms.failNext(6, { status: 500, path: SCORES });
    const worker = harness.worker();
    await harness.change({ learnerId: lea.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    expect((await worker.runOnce()).outcomes.retry).to.equal(1);
    const [waiting] = await harness.deliveries();
    expect(waiting).to.include({ status: "pending", attempts: 1 });
    expect(waiting?.lastError?.code).to.equal("SCORE_500");
    expect(waiting?.nextAttemptAt.getTime()).to.be.greaterThan(clock.now().getTime());
    // A new validation while the LMS is failing.
    await harness.change({ learnerId: lea.id, competenceCode: codes[1] ?? "", state: "validated" });
    await harness.drain([worker]);
    expect(fixture.lms.gradebook(lineItemUrl).get(lea.sub)).to.include({
      comment: "2/7 compétences validées",
    });
    const failures = fixture.lms.agsCalls.filter((call) => call.injected === "fail" && SCORES.test(call.url));
    expect(failures).to.have.length(6);
    expectOrdered(fixture, lineItemUrl);
  });

  it("honours Retry-After on 429 to the second, then delivers", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("throttled");
    const [lea] = learners;
    if (!lea || !lineItemUrl) throw new Error("setup");
    fixture.lms.failNext(1, { status: 429, retryAfterSeconds: 120, path: SCORES });
    const worker = harness.worker();
    await harness.change({ learnerId: lea.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    const start = clock.now().getTime();
    await worker.runOnce();
    const [waiting] = await harness.deliveries();
    expect(waiting?.nextAttemptAt.getTime()).to.equal(start + 120_000);
    clock.advance(119_000);
    expect((await worker.runOnce()).attempted).to.equal(0);
    clock.advance(1_000);
    expect((await worker.runOnce()).outcomes.delivered).to.equal(1);
    expect(fixture.lms.gradebook(lineItemUrl).get(lea.sub)).to.include({
      comment: "1/7 compétences validées",
    });
  });

  it("gives up on an LMS that does not answer after the request timeout, and retries", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("timeouts");
    const [lea] = learners;
    if (!lea || !lineItemUrl) throw new Error("setup");
    fixture.lms.hangNext(2, { path: SCORES });
    const worker = harness.worker({ requestTimeoutMs: 150 });
    await harness.change({ learnerId: lea.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    expect((await worker.runOnce()).outcomes.retry).to.equal(1);
    const [waiting] = await harness.deliveries();
    expect(waiting?.lastError?.code).to.equal("SCORE_TIMEOUT");
    await harness.drain([worker]);
    expect(fixture.lms.gradebook(lineItemUrl).get(lea.sub)).to.include({
      comment: "1/7 compétences validées",
    });
  });

  it("loses nothing when Carnet restarts mid-delivery: the lease expires and another worker delivers", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("restart");
    const [lea] = learners;
    if (!lea || !lineItemUrl) throw new Error("setup");
    await harness.change({ learnerId: lea.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    const workerA = harness.worker({ owner: "A", leaseMs: 60_000 });
    const leased = await workerA.leaseNext();
    expect(leased?.doc.status).to.equal("leased");
    // A dies here. B finds nothing due while A's lease runs…
    const workerB = harness.worker({ owner: "B", leaseMs: 60_000 });
    expect((await workerB.runOnce()).attempted).to.equal(0);
    clock.advance(60_001);
    expect((await workerB.runOnce()).outcomes.delivered).to.equal(1);
    expect(fixture.lms.gradebook(lineItemUrl).get(lea.sub)).to.include({
      comment: "1/7 compétences validées",
    });
    // …and A, were it to wake up, could not record anything on B's entry.
    if (!leased) throw new Error("no lease");
    const { outbox } = fixture.carnet.services.grading;
    expect(await outbox.release(leased, clock.now())).to.equal(false);
    expect(await outbox.completed(leased, leased.doc.desired, clock.now(), clock.now())).to.equal("lost");
    const [delivery] = await harness.deliveries();
    expect(delivery).to.include({ status: "delivered", deliveredSeq: 1 });
  });

  it("stamps after a score sent just before a crash, so the next worker is not refused", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("crash-after-post");
    const [lea] = learners;
    if (!lea || !lineItemUrl) throw new Error("setup");
    const { grading, platforms } = fixture.carnet.services;
    await harness.change({ learnerId: lea.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    const workerA = harness.worker({ owner: "A", leaseMs: 60_000 });
    const leased = await workerA.leaseNext();
    if (!leased) throw new Error("no lease");
    // A's lease wrote the timestamp it sends; A posts, then dies before recording the delivery.
    const stamp = leased.doc.lastTimestamp;
    if (!stamp) throw new Error("the lease wrote no timestamp");
    expect((await grading.deliveries.byId(leased.doc._id))?.lastTimestamp?.getTime()).to.equal(
      stamp.getTime(),
    );
    const platform = await platforms.findById(fixture.platform._id);
    if (!platform) throw new Error("platform");
    const token = await grading.ags.token(platform, grading.ags.scopesFor(undefined));
    await grading.ags.postScore(
      token,
      lineItemUrl,
      { userId: lea.sub, ...leased.doc.desired, timestamp: stamp.toISOString() },
      2_000,
    );
    clock.advance(60_001);
    await harness.drain([harness.worker({ owner: "B" })]);
    const lineItemId = fixture.lms.lineItem(lineItemUrl)?.id;
    const mine = fixture.lms.scores.filter((record) => record.lineItemId === lineItemId);
    expect(mine.map((record) => record.status)).to.deep.equal([200, 200]);
    expectOrdered(fixture, lineItemUrl);
  });

  it("delivers each score once in effect with two Carnet instances, never an older value after a newer", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("two-workers", 6);
    if (!lineItemUrl) throw new Error("setup");
    const workerA = harness.worker({ owner: "A", concurrency: 3 });
    const workerB = harness.worker({ owner: "B", concurrency: 3 });
    for (const [round, code] of codes.entries()) {
      for (const [index, learner] of learners.entries()) {
        if (index <= round)
          await harness.change({ learnerId: learner.id, competenceCode: code, state: "validated" });
      }
      await harness.projector.runOnce();
      await Promise.all([workerA.runOnce(), workerB.runOnce(), harness.projector.runOnce()]);
      clock.advance(1_000);
    }
    await harness.drain([workerA, workerB]);
    const gradebook = fixture.lms.gradebook(lineItemUrl);
    for (const [index, learner] of learners.entries()) {
      const validated = codes.filter((_, round) => index <= round).length;
      expect(gradebook.get(learner.sub)?.comment, learner.sub).to.equal(
        `${validated}/7 compétences validées`,
      );
    }
    const lineItemId = fixture.lms.lineItem(lineItemUrl)?.id;
    const mine = fixture.lms.scores.filter((record) => record.lineItemId === lineItemId);
    expect(mine.filter((record) => record.status === 409)).to.have.length(0);
    // No value sent twice for a learner: each accepted score carries a new comment.
    for (const [userId, scores] of acceptedScores(fixture, lineItemUrl)) {
      const comments = scores.map((score) => score.body.comment);
      expect(new Set(comments).size, userId).to.equal(comments.length);
    }
    expectOrdered(fixture, lineItemUrl);
  });

  it("resolves a 409 (grade stamped ahead of us) by sending the latest state again, stamped later", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("conflict");
    const [lea] = learners;
    if (!lea || !lineItemUrl) throw new Error("setup");
    // Someone else's clock runs 3 s ahead: the LMS holds a grade stamped in our future.
    const ahead = new Date(clock.now().getTime() + 3_000).toISOString();
    const token = fixture.lms.issueAccessToken(fixture.tool.clientId);
    const direct = await fetch(`${lineItemUrl.replace("?", "/scores?")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": AGS_MEDIA_TYPE.score },
      body: JSON.stringify({
        userId: lea.sub,
        scoreGiven: 0,
        scoreMaximum: 100,
        activityProgress: "Started",
        gradingProgress: "FullyGraded",
        timestamp: ahead,
      }),
    });
    expect(direct.status).to.equal(200);
    await harness.change({ learnerId: lea.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    const report = await harness.worker().runOnce();
    expect(report.outcomes.conflict).to.be.at.least(1);
    expect(report.outcomes.delivered).to.equal(1);
    expect(fixture.lms.gradebook(lineItemUrl).get(lea.sub)).to.include({
      comment: "1/7 compétences validées",
    });
    const [delivery] = await harness.deliveries();
    expect(delivery?.lastTimestamp?.getTime()).to.be.greaterThan(Date.parse(ahead));

    // The clock jumps back a minute: the next score is still stamped after the last one.
    clock.advance(-60_000);
    await harness.change({ learnerId: lea.id, competenceCode: codes[1] ?? "", state: "validated" });
    await harness.drain();
    expect(fixture.lms.gradebook(lineItemUrl).get(lea.sub)).to.include({
      comment: "2/7 compétences validées",
    });
    expectOrdered(fixture, lineItemUrl);
  });

  it("parks a learner the LMS will not grade, keeps the latest value, and delivers it on retry", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("parked");
    const [lea] = learners;
    if (!lea || !lineItemUrl) throw new Error("setup");
    const member = fixture.lms.course("parked")?.members.find((m) => m.userId === lea.sub);
    if (!member) throw new Error("member");
    fixture.lms.removeMember("parked", lea.sub);
    await harness.change({ learnerId: lea.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.drain();
    const [parked] = await harness.deliveries();
    expect(parked).to.include({ status: "parked", parkedReason: "USER_NOT_GRADABLE" });
    expect(parked?.lastError).to.include({ status: 400, phase: "score", code: "SCORE_400" });
    // Changes keep coming while parked: nothing is dropped, the entry holds the latest.
    await harness.change({ learnerId: lea.id, competenceCode: codes[1] ?? "", state: "validated" });
    await harness.drain();
    expect((await harness.deliveries())[0]).to.include({ status: "parked" });
    fixture.lms.addMember("parked", member);
    const retried = await fixture.carnet.services.grading.deliveries.retryParked(
      { platformId: fixture.platform._id },
      parked?._id ?? "",
      clock.now(),
    );
    expect(retried).to.equal(true);
    await harness.drain();
    expect(fixture.lms.gradebook(lineItemUrl).get(lea.sub)).to.include({
      comment: "2/7 compétences validées",
    });
  });

  it("gets a new token after a 401 and delivers", async () => {
    const { harness, learners, codes, lineItemUrl } = await course("revoked");
    const [lea] = learners;
    if (!lea || !lineItemUrl) throw new Error("setup");
    const { services } = fixture.carnet;
    // The LMS forgot the token (restart): the first score POST answers 401.
    let refused = 0;
    const forgetful: typeof fetch = async (input, init) => {
      if (refused === 0 && String(input).includes("/scores")) {
        refused += 1;
        return new Response("Missing, unknown or expired access token", { status: 401 });
      }
      return fetch(input, init);
    };
    const tokens = new PlatformTokens(services.keys, clock);
    const worker = new GradeDeliveryWorker(
      {
        outbox: services.grading.outbox,
        lineItems: services.grading.lineItems,
        placements: services.grading.placements,
        platforms: services.platforms,
        ags: new AgsClient(tokens, clock, forgetful),
        clock,
        logger: createLogger("silent"),
      },
      { platformIds: [fixture.platform._id] },
    );
    await harness.change({ learnerId: lea.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.projector.runOnce();
    const tokenRequests = fixture.lms.tokenRequests.length;
    const report = await worker.runOnce();
    expect(report.outcomes).to.include({ reauth: 1, delivered: 1 });
    expect(fixture.lms.tokenRequests.length - tokenRequests).to.equal(2);
    expect(fixture.lms.gradebook(lineItemUrl).get(lea.sub)).to.include({
      comment: "1/7 compétences validées",
    });
  });
});
