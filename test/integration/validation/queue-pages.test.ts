// The validators' queue paged in the database (QueueRowRepository behind ValidationQueue): totals from
// the rows' small fields, pages filled from rows read in waiting order across batches, "mine" and
// "approved by me" from the rows naming the reader, and the tenant: another course's requests never
// appear or count.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { Actor } from "../../../src/domain/actor.js";
import { QUEUE_PAGE_SIZE, type QueuePage } from "../../../src/domain/validation/queue.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { actorOf, setupCourse, trainer, type TestCourse, enrolDirectly } from "../../support/validation.js";

const DAY = 86_400_000;
/** More rows than one batch read (60), more requests than two pages. */
const LEARNERS = 75;

describe("validation queue: pages read in the database", () => {
  const clock = new ManualClock(new Date("2026-02-02T08:00:00Z"));
  let fixture: LtiFixture;
  let course: TestCourse;
  let other: TestCourse;
  let reader: Actor;
  const ids: string[] = [];

  function enrol(target: TestCourse, name: string): Promise<string> {
    return enrolDirectly(fixture, target, name, clock.now());
  }

  async function ask(target: TestCourse, learnerId: string, codes: string[], validatorIds: string[] = []) {
    const learner: Actor = {
      ...reader,
      ...target.scope,
      userId: learnerId,
      roles: ["learner"],
      launchId: "q",
    };
    await fixture.carnet.services.validation.service.requestValidation(learner, {
      frameworkId: target.frameworkId,
      basis: "traces",
      validatorIds,
      items: codes.map((code) => ({ code, justification: "Séance", traceIds: [] })),
    });
  }

  const page = (number: number, mine = false): Promise<QueuePage> =>
    fixture.carnet.services.validation.queue.page(reader, { mine, page: number });

  before(async () => {
    fixture = await startLtiFixture({ clock });
    course = await setupCourse(fixture, { leaves: 4, reminderAfterDays: 14 });
    other = await setupCourse(fixture, { leaves: 4 });
    reader = await actorOf(fixture, await trainer(fixture, course), course, ["teacher"]);
    for (let k = 0; k < LEARNERS; k++) ids.push(await enrol(course, `Demandeur ${k}`));
    // Each learner asks for C01 on day k, and a second request (C02, C03) 100 days later: the second
    // requests all come after every first one, whatever their rows' order.
    for (const id of ids) {
      await ask(course, id, ["C01"]);
      clock.advance(DAY);
    }
    for (const id of ids) await ask(course, id, ["C02", "C03"], id === ids[3] ? [reader.userId] : []);
    clock.advance(100 * DAY);
    const outsider = await enrol(other, "Ailleurs");
    await ask(other, outsider, ["C01"]);
  });

  after(async () => {
    await fixture.close();
  });

  it("counts every request of the course and pages them oldest first across batches of rows", async () => {
    const first = await page(1);
    expect(first).to.include({ total: 2 * LEARNERS, items: 3 * LEARNERS, pages: 4 });
    // The first requests waited 100 days or more (overdue), the second ones 100 days.
    expect(first.overdue).to.equal(2 * LEARNERS);
    expect(first.shown).to.have.length(QUEUE_PAGE_SIZE);
    expect(first.shown.map((group) => group.learnerId)).to.deep.equal(ids.slice(0, QUEUE_PAGE_SIZE));
    const second = await page(2);
    expect(second.shown.map((group) => group.codes.join())).to.deep.equal([
      ...Array.from({ length: LEARNERS - QUEUE_PAGE_SIZE }, () => "C01"),
      ...Array.from({ length: 2 * QUEUE_PAGE_SIZE - LEARNERS }, () => "C02,C03"),
    ]);
    expect(second.oldest?.learnerId).to.equal(ids[0]);
    const last = await page(99);
    expect(last.page).to.equal(4);
    expect(last.shown).to.have.length(2 * LEARNERS - 3 * QUEUE_PAGE_SIZE);
  });

  it("keeps for 'mine' the request addressed to the reader", async () => {
    const mine = await page(1, true);
    expect(mine.shown.map((group) => [group.learnerId, group.codes.join()])).to.deep.equal([
      [ids[3], "C02,C03"],
    ]);
    expect(mine).to.include({ total: 1, pages: 1 });
  });

  it("never shows nor counts another course's requests", async () => {
    const everything = [
      ...(await page(1)).shown,
      ...(await page(2)).shown,
      ...(await page(3)).shown,
      ...(await page(4)).shown,
    ];
    expect(everything).to.have.length(2 * LEARNERS);
    expect(everything.every((group) => group.course.contextId === course.scope.contextId)).to.equal(true);
  });
});
