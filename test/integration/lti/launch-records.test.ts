// What a launch writes, and what it no longer writes again: the person says whether this launch created
// them; a course this process already wrote with the same claims is not written again.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { LaunchRecords } from "../../../src/persistence/launch-records.js";
import { personIdFor } from "../../../src/persistence/person-ids.js";
import { ltiModels } from "../../../src/persistence/models/lti-models.js";
import { SessionStore } from "../../../src/persistence/session-store.js";
import { getTestEnvironment } from "../../support/environment.js";

describe("LaunchRecords (a launch's writes)", () => {
  const clock = new ManualClock(new Date("2026-12-07T06:00:00Z"));
  let models: ReturnType<typeof ltiModels>;
  let records: LaunchRecords;
  before(async () => {
    models = ltiModels((await getTestEnvironment()).mongo.carnet);
    records = new LaunchRecords(models, clock);
  });
  const scope = () => ({ platformId: `p-${randomUUID()}`, deploymentId: "1", contextId: "course-1" });
  const claims = { title: "Promotion 2026", label: "P26", types: [], nrpsUrl: undefined };

  it("says the person is first seen when the launch inserted them, not when they existed", async () => {
    const platformId = `p-${randomUUID()}`;
    const first = await records.upsertPerson(platformId, "sub-1", { name: "Léa" }, clock.now());
    const again = await records.upsertPerson(platformId, "sub-1", { name: "Léa" }, clock.now());
    expect(first.firstSeen).to.equal(true);
    expect(again.firstSeen).to.equal(false);
    expect(again._id).to.equal(first._id);
  });

  it("stores a new person under the id derived from platform and LMS user id", async () => {
    const platformId = `p-${randomUUID()}`;
    expect(records.expectedPersonId(platformId, "sub-2")).to.equal(personIdFor(platformId, "sub-2"));
    const person = await records.upsertPerson(platformId, "sub-2", {}, clock.now());
    expect(person._id).to.equal(personIdFor(platformId, "sub-2"));
    expect(person._id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(personIdFor(platformId, "sub-3")).to.not.equal(person._id);
    expect(personIdFor(`p-${randomUUID()}`, "sub-2")).to.not.equal(person._id);
  });

  it("expects a person stored with a random id (before derived ids) under that id once seen", async () => {
    const platformId = `p-${randomUUID()}`;
    const legacyId = randomUUID();
    await models.User.create({ _id: legacyId, platformId, sub: "legacy", createdAt: clock.now() });
    expect(records.expectedPersonId(platformId, "legacy")).to.equal(personIdFor(platformId, "legacy"));
    const person = await records.upsertPerson(platformId, "legacy", { name: "Ancienne" }, clock.now());
    expect(person._id).to.equal(legacyId);
    expect(person.firstSeen).to.equal(false);
    expect(records.expectedPersonId(platformId, "legacy")).to.equal(legacyId);
  });

  it("treats a person a roster or a mentor's launch created as known, keeping their id", async () => {
    const platformId = `p-${randomUUID()}`;
    const known = await records.ensurePerson(platformId, "synced", clock.now());
    const launched = await records.upsertPerson(platformId, "synced", { name: "Nadia" }, clock.now());
    expect(launched.firstSeen).to.equal(false);
    expect(launched._id).to.equal(known?._id);
  });

  it("writes a course once, again when its claims change, and again after ten minutes", async () => {
    const course = scope();
    await records.upsertCourse(course, claims, clock.now());
    expect((await models.Course.findOne(course).lean())?.title).to.equal("Promotion 2026");

    // Changed behind this process's back: a repeat of the same claims is not written...
    await models.Course.updateOne(course, { $set: { title: "changed elsewhere" } });
    await records.upsertCourse(course, claims, clock.now());
    expect((await models.Course.findOne(course).lean())?.title).to.equal("changed elsewhere");

    // ...new claims are, at once...
    await records.upsertCourse(course, { ...claims, title: "Promotion 2027" }, clock.now());
    expect((await models.Course.findOne(course).lean())?.title).to.equal("Promotion 2027");

    // ...and the same claims after the cache's ten minutes.
    await models.Course.updateOne(course, { $set: { title: "changed elsewhere" } });
    clock.advance(10 * 60_000 + 1);
    await records.upsertCourse(course, { ...claims, title: "Promotion 2027" }, clock.now());
    expect((await models.Course.findOne(course).lean())?.title).to.equal("Promotion 2027");
  });

  it("no longer stamps the course at each launch (lastLaunchAt was never read)", async () => {
    const course = scope();
    await records.upsertCourse(course, claims, clock.now());
    const stored = await models.Course.findOne(course).lean();
    expect(stored).to.not.have.property("lastLaunchAt");
  });
});

describe("SessionStore.takeNewcomer (the first page after a person's first launch)", () => {
  const clock = new ManualClock(new Date("2026-12-07T06:00:00Z"));
  let sessions: SessionStore;
  before(async () => {
    sessions = new SessionStore(ltiModels((await getTestEnvironment()).mongo.carnet), clock, 3_600_000);
  });
  const facts = () => ({
    platformId: `p-${randomUUID()}`,
    deploymentId: "1",
    contextId: "course-1",
    resourceLinkId: null,
    userId: randomUUID(),
    ltiRoles: [],
    roles: ["learner"],
    mentees: [],
    messageType: "LtiResourceLinkRequest" as const,
    custom: {},
  });

  it("is true once for a launch that created its person, then false", async () => {
    const { launch } = await sessions.openLaunch(facts(), undefined);
    sessions.markNewcomer(launch._id);
    expect(sessions.takeNewcomer(launch._id)).to.equal(true);
    expect(sessions.takeNewcomer(launch._id)).to.equal(false);
  });

  it("is false for a person Carnet knew, and after a minute", async () => {
    const known = await sessions.openLaunch(facts(), undefined);
    expect(sessions.takeNewcomer(known.launch._id)).to.equal(false);
    const late = await sessions.openLaunch(facts(), undefined);
    sessions.markNewcomer(late.launch._id);
    clock.advance(60_001);
    expect(sessions.takeNewcomer(late.launch._id)).to.equal(false);
  });
});
