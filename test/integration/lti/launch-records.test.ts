// What a launch writes, and what it no longer writes again: the person says whether this launch created
// them; a course this process already wrote with the same claims is not written again. What a process
// keeps of launches and sessions: a page soon after the previous one is served from memory, a page
// after a longer pause reads the database, and a burst of launches holds a bounded number.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { LaunchRecords } from "../../../src/persistence/launch-records.js";
import { personIdFor } from "../../../src/persistence/person-ids.js";
import { ltiModels } from "../../../src/persistence/models/lti-models.js";
import { LAUNCH_CACHE, SessionStore, type OpenedLaunch } from "../../../src/persistence/session-store.js";
import { getTestEnvironment } from "../../support/environment.js";

/** What a launch tells about itself, for a new person on a new platform. */
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

  it("keeps in memory only the ids a derivation would not find (a launch by anyone else costs none)", async () => {
    const platformId = `p-${randomUUID()}`;
    const counted = new LaunchRecords(models, clock);
    for (const sub of ["a", "b", "c"]) await counted.upsertPerson(platformId, sub, {}, clock.now());
    expect(counted.knownIdCount).to.equal(0);
    const legacyId = randomUUID();
    await models.User.create({ _id: legacyId, platformId, sub: "legacy", createdAt: clock.now() });
    await counted.upsertPerson(platformId, "legacy", {}, clock.now());
    expect(counted.knownIdCount).to.equal(1);
    expect(counted.expectedPersonId(platformId, "legacy")).to.equal(legacyId);
    expect(counted.expectedPersonId(platformId, "a")).to.equal(personIdFor(platformId, "a"));
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

describe("SessionStore's launch and session cache", () => {
  const clock = new ManualClock(new Date("2026-12-07T09:00:00Z"));
  let models: ReturnType<typeof ltiModels>;
  before(async () => {
    models = ltiModels((await getTestEnvironment()).mongo.carnet);
  });

  /** Removes the launch and its session behind the store's back: only its memory can still answer. */
  async function removeStored(opened: OpenedLaunch): Promise<void> {
    await models.Launch.deleteOne({ _id: opened.launch._id });
    await models.Session.deleteOne({ _id: opened.session._id });
  }

  it("serves a launch and its session from memory while pages follow each other within the period", async () => {
    const sessions = new SessionStore(models, clock, 3_600_000);
    const opened = await sessions.openLaunch(facts(), undefined);
    await removeStored(opened);
    for (let page = 0; page < 3; page++) {
      clock.advance(LAUNCH_CACHE.ttlMs - 1_000);
      expect((await sessions.findLaunch(opened.launch._id))?._id).to.equal(opened.launch._id);
      expect((await sessions.findSession(opened.raw))?._id).to.equal(opened.session._id);
    }
    clock.advance(LAUNCH_CACHE.ttlMs);
    expect(await sessions.findLaunch(opened.launch._id)).to.equal(null);
    expect(await sessions.findSession(opened.raw)).to.equal(null);
  });

  it("reads a launch from the database again after a pause longer than the period", async () => {
    const sessions = new SessionStore(models, clock, 3_600_000);
    const opened = await sessions.openLaunch(facts(), undefined);
    clock.advance(LAUNCH_CACHE.ttlMs + 1);
    await models.Launch.updateOne({ _id: opened.launch._id }, { $set: { locale: "en" } });
    expect((await sessions.findLaunch(opened.launch._id))?.locale).to.equal("en");
  });

  it("holds at most its number of launches, the oldest leaving first", async () => {
    const sessions = new SessionStore(models, clock, 3_600_000, { ttlMs: 60_000, maxEntries: 3 });
    const opened: OpenedLaunch[] = [];
    for (let i = 0; i < 4; i++) opened.push(await sessions.openLaunch(facts(), undefined));
    for (const each of opened) await removeStored(each);
    const found = await Promise.all(opened.map((each) => sessions.findLaunch(each.launch._id)));
    expect(found.map((launch) => launch?._id ?? null)).to.deep.equal([
      null,
      ...opened.slice(1).map((each) => each.launch._id),
    ]);
  });
});

describe("SessionStore.openLaunch (a launch from a browser that has a session)", () => {
  const clock = new ManualClock(new Date("2026-12-07T06:00:00Z"));
  const HOUR = 3_600_000;
  let models: ReturnType<typeof ltiModels>;
  before(async () => {
    models = ltiModels((await getTestEnvironment()).mongo.carnet);
  });
  /** A process of its own: nothing of the others' sessions in its cache (a restart, another instance). */
  const anotherProcess = (): SessionStore => new SessionStore(models, clock, HOUR);
  const storedExpiry = async (sessionId: string): Promise<number | undefined> =>
    (await models.Session.findById(sessionId).lean<{ expiresAt: Date }>())?.expiresAt.getTime();

  it("continues the person's session, extended, in this process and in one that never saw it", async () => {
    const lea = facts();
    const first = await anotherProcess().openLaunch(lea, undefined);
    for (const store of [anotherProcess(), anotherProcess()]) {
      clock.advance(10 * 60_000);
      const again = await store.openLaunch(lea, first.raw);
      const cachedAgain = await store.openLaunch(lea, first.raw);
      for (const opened of [again, cachedAgain]) {
        expect(opened.reused).to.equal(true);
        expect(opened.raw).to.equal(first.raw);
        expect(opened.session).to.include({ _id: first.session._id, csrfSecret: first.session.csrfSecret });
        expect(opened.launch.sessionId).to.equal(first.session._id);
      }
      expect(await storedExpiry(first.session._id)).to.equal(clock.now().getTime() + HOUR);
    }
  });

  it("opens a new session for another person's cookie or an expired one, leaving the old one as it was", async () => {
    const lea = facts();
    const first = await anotherProcess().openLaunch(lea, undefined);
    const leaExpiry = await storedExpiry(first.session._id);
    const hugo = { ...lea, userId: randomUUID() };
    const otherPerson = await anotherProcess().openLaunch(hugo, first.raw);
    expect(otherPerson.reused).to.equal(false);
    expect(otherPerson.session._id).to.not.equal(first.session._id);
    expect(otherPerson.launch.sessionId).to.equal(otherPerson.session._id);
    expect(await storedExpiry(first.session._id)).to.equal(leaExpiry);

    clock.advance(HOUR + 1);
    const expired = await anotherProcess().openLaunch(lea, first.raw);
    expect(expired.reused).to.equal(false);
    expect(expired.session._id).to.not.equal(first.session._id);
    expect(await storedExpiry(first.session._id)).to.equal(leaExpiry);
  });
});
