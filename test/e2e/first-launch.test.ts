// A person's first launch: the first page skips reading what cannot exist yet for someone the launch
// itself created, and never hides what exists for someone Carnet already knew (from a roster sync or
// a mentor's launch) but who had never launched.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { personIdFor } from "../../src/persistence/person-ids.js";
import { NotificationRepository } from "../../src/persistence/notifications.js";
import { validationModels } from "../../src/persistence/models/validation-models.js";
import { getTestEnvironment } from "../support/environment.js";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { mentorLaunch } from "../support/tutoring.js";
import { ROLE, learner, setupCourse, trainer, unique, type TestCourse } from "../support/validation.js";
import type { BrowserResponse } from "../support/sim-lms/index.js";

describe("e2e: a person's first launch and first page", () => {
  let fixture: LtiFixture;
  let course: TestCourse;
  before(async () => {
    fixture = await startLtiFixture();
    course = await setupCourse(fixture, { leaves: 3 });
    // A trainer's launch tells Carnet the course's NRPS endpoint.
    await trainer(fixture, course);
  });
  after(async () => {
    await fixture.close();
  });

  const userIdOf = async (sub: string): Promise<string> => {
    const user = await fixture.carnet.services.models.User.findOne({
      platformId: fixture.platform._id,
      sub,
    }).lean<{ _id: string }>();
    if (!user) throw new Error(`no user ${sub}`);
    return user._id;
  };
  const notify = async (userId: string): Promise<void> => {
    const sink = new NotificationRepository(validationModels((await getTestEnvironment()).mongo.carnet));
    await sink.notify(
      [{ platformId: fixture.platform._id, userId, kind: "request_received", params: { count: 1 } }],
      new Date(),
    );
  };
  const unread = (page: BrowserResponse): string | undefined =>
    /href="[^"]*\/notifications"[^>]*>[^<]*<span class="count"[^>]*>(\d+)<\/span><\/a>/.exec(page.text)?.[1];
  const myTutorsLink = (page: BrowserResponse): boolean => /href="[^"]*\/my-tutors"/.test(page.text);

  it("shows a person a roster sync created, on her first launch, the tutor and notification waiting", async () => {
    const sub = unique("synced");
    fixture.lms.addMember(course.context.id, { userId: sub, roles: ["Learner"], name: "Sacha Synchro" });
    await fixture.carnet.services.roster.refresh(course.scope);
    const learnerId = await userIdOf(sub);
    await mentorLaunch(fixture, {
      sub: unique("tutor"),
      name: "Théo Tuteur",
      context: course.context,
      mentees: [sub],
    });
    await notify(learnerId);

    const first = await learner(fixture, course, "Sacha Synchro", sub);
    expect(await first.userId()).to.equal(learnerId);
    expect(myTutorsLink(first.home), "my tutors in the navigation").to.equal(true);
    expect(first.home.text).to.contain("Théo Tuteur");
    expect(unread(first.home)).to.equal("1");
  });

  it("reads everything again from the second page of a newcomer's launch", async () => {
    const sub = unique("newcomer");
    const first = await learner(fixture, course, "Nina Nouvelle", sub);
    expect(myTutorsLink(first.home)).to.equal(false);
    expect(unread(first.home)).to.equal(undefined);

    // Named by others after her first page: the next page of the same launch shows it.
    await mentorLaunch(fixture, {
      sub: unique("tutor"),
      name: "Tania Tutrice",
      context: course.context,
      mentees: [sub],
    });
    await notify(await first.userId());
    const again = await first.browser.get(`${first.base}/`);
    expect(again.status).to.equal(200);
    expect(myTutorsLink(again)).to.equal(true);
    expect(again.text).to.contain("Tania Tutrice");
    expect(unread(again)).to.equal("1");
  });

  it("keeps a person stored with a random id (before derived ids) under it, leaving nothing under another", async () => {
    const sub = unique("legacy");
    const legacyId = randomUUID();
    const { models } = fixture.carnet.services;
    await models.User.create({ _id: legacyId, platformId: fixture.platform._id, sub, createdAt: new Date() });
    const derivedId = personIdFor(fixture.platform._id, sub);

    const first = await learner(fixture, course, "Lucie Ancienne", sub);
    expect(first.home.text).to.contain("Lucie Ancienne");
    const again = await fixture.launch(
      { user: { sub, name: "Lucie Ancienne" }, roles: [ROLE.learner], context: course.context, locale: "fr" },
      first.browser,
    );
    expect(again.final.status).to.equal(200);

    const launches = await models.Launch.find({
      platformId: fixture.platform._id,
      userId: { $in: [legacyId, derivedId] },
    }).lean();
    expect(launches.map((launch) => launch.userId)).to.deep.equal([legacyId, legacyId]);
    const sessions = await models.Session.find({ userId: derivedId }).lean();
    expect(sessions).to.have.length(0);
    const memberships = await models.Membership.find({
      ...course.scope,
      userId: { $in: [legacyId, derivedId] },
    }).lean();
    expect(memberships.map((membership) => membership.userId)).to.deep.equal([legacyId]);
    expect(await models.User.countDocuments({ platformId: fixture.platform._id, sub })).to.equal(1);
  });
});
