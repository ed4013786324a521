// The cohort matrix paged in the database (CohortRowRepository behind CohortMatrixQuery): page
// boundaries, filters across pages, sorts across pages, the reader's tutees first, memberships that
// change between views, and the tenant: another course's learners never appear or count.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { Actor } from "../../../src/domain/actor.js";
import {
  COHORT_PAGE_SIZE,
  type CohortFilters,
  type CohortMatrix,
} from "../../../src/domain/validation/cohort-matrix.js";
import { forgetPerson } from "../../../src/persistence/people-repository.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { actorOf, enrolDirectly, setupCourse, trainer, type TestCourse } from "../../support/validation.js";

const DAY = 86_400_000;
/** More than two pages. */
const LEARNERS = COHORT_PAGE_SIZE * 2 + 30;

const filters = (overrides: Partial<CohortFilters> = {}): CohortFilters => ({
  never: false,
  mine: false,
  domain: "",
  sort: "name",
  ...overrides,
});

describe("cohort matrix: pages read in the database", () => {
  const clock = new ManualClock(new Date("2026-03-02T08:00:00Z"));
  let fixture: LtiFixture;
  let course: TestCourse;
  let other: TestCourse;
  let reader: Actor;
  /** Learner ids by number: learner k is named "Stagiaire k" (zero-padded). */
  const ids: string[] = [];

  function enrol(target: TestCourse, name: string, extra: { roster?: boolean } = {}): Promise<string> {
    return enrolDirectly(fixture, target, name, clock.now(), extra);
  }

  function as(learnerId: string): Actor {
    return { ...reader, userId: learnerId, roles: ["learner"], launchId: "seed" };
  }

  const matrix = (wanted: Partial<CohortFilters> = {}, page = 1, who = reader): Promise<CohortMatrix> =>
    fixture.carnet.services.validation.cohort.matrix(who, course.scope, filters(wanted), page);
  const names = (shown: CohortMatrix): string[] => shown.learners.map((learner) => learner.name);
  const label = (k: number): string => `Stagiaire ${String(k).padStart(3, "0")}`;

  before(async () => {
    fixture = await startLtiFixture({ clock });
    course = await setupCourse(fixture, { leaves: 4, domains: 2 });
    other = await setupCourse(fixture, { leaves: 4, domains: 2 });
    const fanny = await trainer(fixture, course);
    reader = await actorOf(fixture, fanny, course, ["teacher"]);
    // Enrolled in reverse order, so that name order is not insertion order.
    for (let k = LEARNERS - 1; k >= 0; k--) ids[k] = await enrol(course, label(k), { roster: k % 50 === 7 });
    for (let k = 0; k < 5; k++) await enrol(other, `Ailleurs ${k}`);
    const { service } = fixture.carnet.services.validation;
    // Learner 3 validated C01; learners 5 and 205 asked for C03 (205 first); learner 9 self-assessed C02.
    const ask = async (k: number, code: string): Promise<void> => {
      const id = ids[k] ?? "";
      await service.requestValidation(as(id), {
        frameworkId: course.frameworkId,
        basis: "traces",
        validatorIds: [],
        items: [{ code, justification: "Séance", traceIds: [] }],
      });
    };
    await ask(205, "C03");
    clock.advance(8 * DAY);
    await ask(5, "C03");
    await ask(3, "C01");
    await service.perform(
      reader,
      { scope: course.scope, learnerId: ids[3] ?? "", frameworkId: course.frameworkId, code: "C01" },
      { action: "validate", channel: "online", level: "competent", comment: "Validé" },
    );
    await service.perform(
      as(ids[9] ?? ""),
      { scope: course.scope, learnerId: ids[9] ?? "", frameworkId: course.frameworkId, code: "C02" },
      { action: "self_assess", channel: "online", level: "novice" },
    );
    clock.advance(10 * DAY);
  });

  after(async () => {
    await fixture.close();
  });

  it("cuts the whole course into pages in name order, the last page asked past the end", async () => {
    const first = await matrix();
    expect(first).to.include({ page: 1, pages: 3, matching: LEARNERS, total: LEARNERS });
    expect(names(first)).to.deep.equal(Array.from({ length: COHORT_PAGE_SIZE }, (_, k) => label(k)));
    const second = await matrix({}, 2);
    expect(names(second)[0]).to.equal(label(COHORT_PAGE_SIZE));
    expect(names(second).at(-1)).to.equal(label(2 * COHORT_PAGE_SIZE - 1));
    const past = await matrix({}, 9);
    expect(past).to.include({ page: 3 });
    expect(names(past)).to.deep.equal(
      Array.from({ length: LEARNERS - 2 * COHORT_PAGE_SIZE }, (_, k) => label(2 * COHORT_PAGE_SIZE + k)),
    );
  });

  it("shows each learner's cells, waits and never-launched from their row", async () => {
    const first = await matrix();
    const row = (k: number): CohortMatrix["learners"][number] | undefined =>
      first.learners.find((learner) => learner.learnerId === ids[k]);
    expect(row(3)?.summary?.states).to.equal("vnnn");
    expect(row(3)?.validated).to.equal(1);
    expect(row(5)?.oldestWaiting).to.equal(10);
    expect(row(7)?.neverLaunched).to.equal(true);
    expect(row(8)?.summary?.states).to.equal("nnnn");
  });

  it("filters across the whole course and pages what matches", async () => {
    const waiting = await matrix({ state: "submitted" });
    expect(names(waiting)).to.deep.equal([label(5), label(205)]);
    expect(waiting).to.include({ matching: 2, total: LEARNERS, pages: 1 });
    // C03 is in the second domain: the first domain's columns hold nothing submitted.
    expect((await matrix({ state: "submitted", domain: "D1" })).matching).to.equal(0);
    expect(names(await matrix({ state: "submitted", domain: "D2" }))).to.deep.equal([label(5), label(205)]);
    expect(names(await matrix({ state: "self_assessed" }))).to.deep.equal([label(9)]);
    expect(names(await matrix({ waiting: 11 }))).to.deep.equal([label(205)]);
    expect(names(await matrix({ waiting: 10 }))).to.deep.equal([label(5), label(205)]);
    const never = await matrix({ never: true });
    expect(names(never)).to.deep.equal([7, 57, 107, 157, 207].map(label));
    // Everyone launched 18 days ago (or never); 3, 5 and 9 acted 10 days ago.
    const quiet = await matrix({ inactive: 2 });
    expect(quiet.matching).to.equal(LEARNERS - 3);
    for (const k of [3, 5, 9]) expect(names(quiet)).to.not.include(label(k));
    expect(names(await matrix({ inactive: 2, state: "submitted" }))).to.deep.equal([label(205)]);
    const notStarted = await matrix({ state: "not_started" }, 3);
    expect(notStarted).to.include({ matching: LEARNERS, pages: 3 });
  });

  it("sorts across pages: by progress, waiting longest first, least recent activity first", async () => {
    const progress = await matrix({ sort: "progress" }, 3);
    expect(names(progress).at(-1)).to.equal(label(3));
    expect(names(await matrix({ sort: "waiting" })).slice(0, 3)).to.deep.equal([
      label(205),
      label(5),
      label(0),
    ]);
    const activity = await matrix({ sort: "activity" });
    expect(names(activity).slice(0, 3)).to.deep.equal([7, 57, 107].map(label));
    const lastPage = await matrix({ sort: "activity" }, 3);
    expect(names(lastPage).slice(-3)).to.have.members([label(3), label(5), label(9)]);
  });

  it("follows memberships written between views: a newcomer, a renamed learner, one who became a teacher", async () => {
    await matrix();
    const newcomer = await enrol(course, "Stagiaire 000a");
    const { Membership, User } = fixture.carnet.services.models;
    clock.advance(60_000);
    await User.updateOne({ _id: ids[1] }, { $set: { name: "Zed Renommé" } });
    await Membership.updateOne({ ...course.scope, userId: ids[1] }, { $set: { updatedAt: clock.now() } });
    await Membership.updateOne(
      { ...course.scope, userId: ids[2] },
      { $set: { roles: ["teacher"], updatedAt: clock.now() } },
    );
    forgetPerson(course.scope.platformId, ids[1] ?? "");
    const after = await matrix();
    expect(after.total).to.equal(LEARNERS);
    expect(names(after).slice(0, 3)).to.deep.equal([label(0), "Stagiaire 000a", label(3)]);
    expect(after.learners.find((learner) => learner.learnerId === newcomer)?.summary?.states).to.equal(
      "nnnn",
    );
    expect(names(await matrix({}, 3)).at(-1)).to.equal("Zed Renommé");
  });

  it("never shows nor counts another course's learners, nor the reader", async () => {
    const everyone = [
      ...(await matrix({}, 1)).learners,
      ...(await matrix({}, 2)).learners,
      ...(await matrix({}, 3)).learners,
    ];
    expect(everyone.map((learner) => learner.name)).to.not.include.members(["Ailleurs 0"]);
    expect(everyone.map((learner) => learner.learnerId)).to.not.include(reader.userId);
    const { Membership } = fixture.carnet.services.models;
    // The reader is also enrolled as a learner of the course (a formateur taking the course too).
    await Membership.updateOne(
      { ...course.scope, userId: reader.userId },
      { $set: { roles: ["learner"], updatedAt: clock.now() } },
    );
    const asLearnerToo = await matrix();
    expect(asLearnerToo.learners.map((learner) => learner.learnerId)).to.not.include(reader.userId);
    const elsewhere = await fixture.carnet.services.validation.cohort.matrix(
      { ...reader, contextId: other.scope.contextId },
      other.scope,
      filters(),
      1,
    );
    expect(elsewhere.total).to.equal(5);
    expect(names(elsewhere)).to.deep.equal([0, 1, 2, 3, 4].map((k) => `Ailleurs ${k}`));
  });
  it("puts the reader's tutees first on the first page, then the others in order", async () => {
    for (const k of [150, 220]) {
      await fixture.carnet.services.validation.tutoring.assign({
        platformId: course.scope.platformId,
        tutorId: reader.userId,
        learnerId: ids[k] ?? "",
        createdIn: course.scope,
        createdBy: reader.userId,
        at: clock.now(),
      });
    }
    const first = await matrix();
    expect(names(first).slice(0, 3)).to.deep.equal([label(150), label(220), label(0)]);
    expect(first.learners[0]?.tutee).to.equal(true);
    const second = await matrix({}, 2);
    expect(names(second)[0]).to.equal(label(COHORT_PAGE_SIZE - 1));
    expect(names(await matrix({ mine: true }))).to.deep.equal([label(150), label(220)]);
  });
});
