import { expect } from "chai";
import type { ManualClock } from "../../../src/clock.js";
import type { LtiFixture } from "../../support/lti-fixture.js";
import { TEACHER } from "../../support/lti-fixture.js";
import { acceptedScores } from "../../support/grading.js";
import { competenceCodes, gradedCourse, startGradingFixture } from "./setup.js";

const SCORE_FIELDS = [
  "activityProgress",
  "comment",
  "gradingProgress",
  "scoreGiven",
  "scoreMaximum",
  "timestamp",
  "userId",
];

describe("grades and completion sent to the LMS", () => {
  let fixture: LtiFixture;
  let clock: ManualClock;
  before(async () => {
    ({ fixture, clock } = await startGradingFixture());
  });
  after(async () => {
    await fixture.close();
  });

  it("sends the share of competences validated, then completion, to the learner's gradebook row", async () => {
    const course = await gradedCourse(fixture, clock, { contextId: "share", learners: 2 });
    const { harness, learners } = course;
    const [lea, max] = learners;
    if (!lea || !max || !course.lineItemUrl) throw new Error("setup");
    const codes = competenceCodes(harness, 7);
    for (const code of codes.slice(0, 3))
      await harness.change({ learnerId: lea.id, competenceCode: code, state: "validated" });
    await harness.change({ learnerId: max.id, competenceCode: codes[0] ?? "", state: "submitted" });
    await harness.drain();

    const gradebook = fixture.lms.gradebook(course.lineItemUrl);
    expect(gradebook.get(lea.sub)).to.include({
      scoreGiven: 42.86,
      scoreMaximum: 100,
      activityProgress: "InProgress",
      gradingProgress: "FullyGraded",
      comment: "3/7 compétences validées",
    });
    // Nothing decided for Max yet: no running 0/100 in the gradebook, only the progress.
    expect(gradebook.get(max.sub)).to.include({
      scoreGiven: null,
      activityProgress: "Started",
      comment: "0/7 compétences validées",
    });

    for (const code of codes.slice(3))
      await harness.change({ learnerId: lea.id, competenceCode: code, state: "validated" });
    clock.advance(5_000);
    await harness.drain();
    expect(fixture.lms.gradebook(course.lineItemUrl).get(lea.sub)).to.include({
      scoreGiven: 100,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
      comment: "7/7 compétences validées",
    });
  });

  it("sends only numbers and progress words: nothing from notes or difficulties", async () => {
    const course = await gradedCourse(fixture, clock, { contextId: "privacy", learners: 1 });
    const [lea] = course.learners;
    if (!lea || !course.lineItemUrl) throw new Error("setup");
    await course.harness.change({
      learnerId: lea.id,
      competenceCode: competenceCodes(course.harness, 1)[0] ?? "",
      state: "validated",
    });
    await course.harness.drain();
    const [score] = acceptedScores(fixture, course.lineItemUrl).get(lea.sub) ?? [];
    expect(Object.keys(score?.body ?? {}).sort()).to.deep.equal(SCORE_FIELDS);
    expect(score?.body.comment).to.match(/^\d+\/\d+ compétences validées$/);
  });

  it("weights by level when the teacher chose it", async () => {
    const course = await gradedCourse(fixture, clock, {
      contextId: "weighted",
      learners: 1,
      frameworkKey: "medecine-generale",
    });
    const { harness } = course;
    const [lea] = course.learners;
    if (!lea || !course.lineItemUrl) throw new Error("setup");
    await fixture.carnet.services.grading.placements.setGrading(
      harness.scope,
      course.placementId,
      { policy: "weighted", showRunningScore: true, scoreMaximum: 60 },
      clock.now(),
    );
    const [c1, c2, c3] = competenceCodes(harness, 3);
    await harness.change({
      learnerId: lea.id,
      competenceCode: c1 ?? "",
      state: "validated",
      level: "novice",
    });
    await harness.change({
      learnerId: lea.id,
      competenceCode: c2 ?? "",
      state: "validated",
      level: "intermediaire",
    });
    await harness.change({
      learnerId: lea.id,
      competenceCode: c3 ?? "",
      state: "validated",
      level: "competent",
    });
    await harness.drain();
    // (1/3 + 2/3 + 3/3) / 6 competences × 60
    expect(fixture.lms.gradebook(course.lineItemUrl).get(lea.sub)).to.include({
      scoreGiven: 20,
      scoreMaximum: 60,
    });
  });

  it("keeps the gradebook empty until completion when the running score is hidden, then sends complete", async () => {
    const course = await gradedCourse(fixture, clock, { contextId: "completion", learners: 1 });
    const { harness } = course;
    const [lea] = course.learners;
    if (!lea || !course.lineItemUrl) throw new Error("setup");
    await fixture.carnet.services.grading.placements.setGrading(
      harness.scope,
      course.placementId,
      { policy: "completion", showRunningScore: false, scoreMaximum: 1 },
      clock.now(),
    );
    const codes = competenceCodes(harness, 7);
    await harness.change({ learnerId: lea.id, competenceCode: codes[0] ?? "", state: "validated" });
    await harness.drain();
    expect(fixture.lms.gradebook(course.lineItemUrl).get(lea.sub)).to.include({
      scoreGiven: null,
      activityProgress: "InProgress",
      gradingProgress: "Pending",
    });
    for (const code of codes.slice(1))
      await harness.change({ learnerId: lea.id, competenceCode: code, state: "validated" });
    clock.advance(2_000);
    await harness.drain();
    expect(fixture.lms.gradebook(course.lineItemUrl).get(lea.sub)).to.include({
      scoreGiven: 1,
      scoreMaximum: 1,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });
  });

  it("coalesces several changes of one learner into one score, the latest", async () => {
    const course = await gradedCourse(fixture, clock, { contextId: "coalesce", learners: 1 });
    const { harness } = course;
    const [lea] = course.learners;
    if (!lea || !course.lineItemUrl) throw new Error("setup");
    for (const code of competenceCodes(harness, 5))
      await harness.change({ learnerId: lea.id, competenceCode: code, state: "validated" });
    await harness.drain();
    const scores = acceptedScores(fixture, course.lineItemUrl).get(lea.sub) ?? [];
    expect(scores).to.have.length(1);
    expect(scores[0]?.body.comment).to.equal("5/7 compétences validées");
    const [delivery] = await harness.deliveries();
    expect(delivery).to.include({ status: "delivered", desiredSeq: 1, deliveredSeq: 1 });
  });

  it("projects again without sending anything when nothing changed (idempotent after a crash)", async () => {
    const course = await gradedCourse(fixture, clock, { contextId: "idempotent", learners: 1 });
    const { harness } = course;
    const [lea] = course.learners;
    if (!lea || !course.lineItemUrl) throw new Error("setup");
    const [code] = competenceCodes(harness, 1);
    await harness.change({ learnerId: lea.id, competenceCode: code ?? "", state: "validated" });
    await harness.drain();
    // The same state again (as if the marker had not been cleared before a crash).
    await harness.change({ learnerId: lea.id, competenceCode: code ?? "", state: "validated" });
    const report = await harness.projector.runOnce();
    expect(report).to.include({ learners: 1, changed: 0, markersCleared: 1 });
    await harness.drain();
    expect(acceptedScores(fixture, course.lineItemUrl).get(lea.sub)).to.have.length(1);
  });

  it("never posts teachers, even with competence records", async () => {
    const course = await gradedCourse(fixture, clock, { contextId: "teachers", learners: 1 });
    const { harness } = course;
    const teacher = await harness.user(TEACHER.sub);
    await harness.change({
      learnerId: teacher._id,
      competenceCode: competenceCodes(harness, 1)[0] ?? "",
      state: "validated",
    });
    const report = await harness.projector.runOnce();
    expect(report.markersCleared).to.equal(1);
    expect(await harness.deliveries()).to.have.length(0);
    await harness.drain();
    expect(
      fixture.lms.scores.filter((record) => (record.body as { userId?: string }).userId === TEACHER.sub),
    ).to.have.length(0);
  });

  it("reuses one access token for many scores", async () => {
    const course = await gradedCourse(fixture, clock, { contextId: "tokens", learners: 4 });
    const { harness } = course;
    const tokenRequestsBefore = fixture.lms.tokenRequests.length;
    const codes = competenceCodes(harness, 3);
    for (const learner of course.learners) {
      for (const code of codes)
        await harness.change({ learnerId: learner.id, competenceCode: code, state: "validated" });
    }
    await harness.drain([harness.worker(), harness.worker()]);
    clock.advance(10_000);
    await harness.change({
      learnerId: course.learners[0]?.id ?? "",
      competenceCode: competenceCodes(harness, 4)[3] ?? "",
      state: "validated",
    });
    await harness.drain();
    const newTokenRequests = fixture.lms.tokenRequests.slice(tokenRequestsBefore);
    // At most one per worker process (the harness shares one token cache: exactly one).
    expect(newTokenRequests).to.have.length.at.most(1);
    expect(acceptedScores(fixture, course.lineItemUrl ?? "").size).to.equal(4);
  });

  it("finds or creates the resource link's line item when the claim has only the container, once", async () => {
    const course = await gradedCourse(fixture, clock, {
      contextId: "lineitems",
      learners: 3,
      lineItem: false,
      title: "Carnet sans colonne",
    });
    const { harness } = course;
    expect(course.lineItemUrl).to.equal(undefined);
    const before = fixture.lms.lineItems("lineitems").length;
    for (const learner of course.learners) {
      await harness.change({
        learnerId: learner.id,
        competenceCode: competenceCodes(harness, 1)[0] ?? "",
        state: "validated",
      });
    }
    await harness.drain([harness.worker({ concurrency: 3 }), harness.worker({ concurrency: 3 })]);
    const items = fixture.lms.lineItems("lineitems");
    expect(items.length - before).to.equal(1);
    const item = items.find((candidate) => candidate.resourceLinkId === course.resourceLinkId);
    expect(item).to.include({ label: "Carnet sans colonne", scoreMaximum: 100 });
    const gradebook = fixture.lms.gradebook(item?.id ?? "");
    expect([...gradebook.keys()].sort()).to.deep.equal(course.learners.map((l) => l.sub).sort());
  });

  it("uses the resource link's existing line item rather than creating another", async () => {
    const course = await gradedCourse(fixture, clock, { contextId: "found", learners: 1, lineItem: false });
    const { harness } = course;
    const [lea] = course.learners;
    if (!lea) throw new Error("setup");
    const existing = fixture.lms.createLineItem("found", {
      label: "Colonne existante",
      scoreMaximum: 20,
      resourceLinkId: course.resourceLinkId,
    });
    const before = fixture.lms.lineItems("found").length;
    await harness.change({
      learnerId: lea.id,
      competenceCode: competenceCodes(harness, 1)[0] ?? "",
      state: "validated",
    });
    await harness.drain();
    expect(fixture.lms.lineItems("found")).to.have.length(before);
    expect(fixture.lms.gradebook(existing.id).get(lea.sub)).to.include({
      comment: "1/7 compétences validées",
    });
  });
});
