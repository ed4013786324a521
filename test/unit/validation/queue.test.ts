// ValidationQueue: groups pending items by request for whom the person follows (teachingScope), oldest
// first, with each course's reminder delay; its size for the navigation; pages of 40.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import type { CourseRef, CourseScope } from "../../../src/domain/course.js";
import { TeachingScopes } from "../../../src/domain/people/teaching-scopes.js";
import { QUEUE_PAGE_SIZE, ValidationQueue } from "../../../src/domain/validation/queue.js";
import type {
  FollowedLearners,
  PendingEntry,
  SummaryRow,
} from "../../../src/domain/validation/summary-row.js";

const DAY = 86_400_000;
const here: CourseRef = { deploymentId: "d1", contextId: "course-a" };
const elsewhere: CourseRef = { deploymentId: "d1", contextId: "course-b" };
const now = new Date("2026-03-01T08:00:00Z");
const daysAgo = (days: number): Date => new Date(now.getTime() - days * DAY);

function actor(roles: CarnetRole[], userId = "fanny"): Actor {
  return { platformId: "p", ...here, resourceLinkId: null, userId, roles, launchId: "launch-0123456789" };
}

function entry(code: string, waitingDays: number, overrides: Partial<PendingEntry> = {}): PendingEntry {
  return {
    code,
    waitingSince: daysAgo(waitingDays),
    assignedValidatorIds: [],
    approverIds: [],
    ...overrides,
  };
}

function row(learnerId: string, course: CourseRef, pending: PendingEntry[]): SummaryRow {
  return {
    id: `row-${learnerId}-${course.contextId}`,
    platformId: "p",
    ...course,
    frameworkId: "fw",
    learnerId,
    states: "",
    levels: "",
    selfLevels: "",
    approvals: "",
    pending,
    pendingKeys: [...new Set(pending.map((item) => item.requestId ?? `${learnerId}:${item.code}`))],
    validated: 0,
  };
}

/** Each request's oldest item, oldest first. */
function requestOldest(r: SummaryRow): Date[] {
  const oldest = new Map<string, number>();
  for (const e of r.pending) {
    const key = e.requestId ?? e.code;
    oldest.set(key, Math.min(oldest.get(key) ?? Infinity, e.waitingSince.getTime()));
  }
  return [...oldest.values()].sort((a, b) => a - b).map((time) => new Date(time));
}

interface Setup {
  rows: SummaryRow[];
  coursesTaught?: CourseRef[];
  tutees?: string[];
  reminderAfterDays?: Record<string, number>;
}

function queueOf(setup: Setup): { queue: ValidationQueue; asked: FollowedLearners[] } {
  const asked: FollowedLearners[] = [];
  const matches = (r: SummaryRow, among: FollowedLearners): boolean =>
    among.courses.some((c) => c.deploymentId === r.deploymentId && c.contextId === r.contextId) ||
    among.learnerIds.includes(r.learnerId);
  const followedRows = (among: FollowedLearners, exclude: string): SummaryRow[] => {
    asked.push(among);
    return setup.rows.filter((r) => matches(r, among) && r.learnerId !== exclude);
  };
  const queue = new ValidationQueue({
    scopes: new TeachingScopes({
      coursesTaught: async () => setup.coursesTaught ?? [],
      tuteesOf: async () => setup.tutees ?? [],
    }),
    summaries: {
      pending: async (_platformId, among) => {
        asked.push(among);
        return setup.rows.filter((r) => matches(r, among));
      },
      pendingRequestCount: async (_platformId, among, exclude) =>
        new Set(
          setup.rows
            .filter((r) => matches(r, among) && r.learnerId !== exclude)
            .flatMap((r) => r.pendingKeys),
        ).size,
    },
    // The store's contract, in memory: rows in the order of their oldest item, totals from each
    // request's oldest item, rows naming someone in their items.
    pages: {
      totals: async ({ among, excludeLearnerId: exclude }) =>
        followedRows(among, exclude).map((r) => ({
          course: { deploymentId: r.deploymentId, contextId: r.contextId },
          learnerId: r.learnerId,
          items: r.pending.length,
          groupOldest: requestOldest(r),
        })),
      inWaitingOrder: async ({ among, excludeLearnerId: exclude }, skip, limit) => {
        const sorted = followedRows(among, exclude).sort(
          (a, b) => (requestOldest(a)[0]?.getTime() ?? 0) - (requestOldest(b)[0]?.getTime() ?? 0),
        );
        return sorted.slice(skip, limit === 0 ? undefined : skip + limit);
      },
      naming: async ({ among, excludeLearnerId: exclude }, userId) =>
        followedRows(among, exclude).filter((r) =>
          r.pending.some((e) => e.assignedValidatorIds.includes(userId) || e.approverIds.includes(userId)),
        ),
    },
    rules: {
      get: async (scope: CourseScope) => ({
        validationsRequired: 1,
        reminderAfterDays: setup.reminderAfterDays?.[scope.contextId] ?? 14,
      }),
    },
    clock: new ManualClock(now),
  });
  return { queue, asked };
}

describe("ValidationQueue", () => {
  it("groups a request's items, oldest request first, with its course's reminder delay", async () => {
    const { queue } = queueOf({
      rows: [
        row("lea", here, [entry("C1", 3, { requestId: "r2" }), entry("C2", 5, { requestId: "r2" })]),
        row("max", here, [entry("C3", 20, { requestId: "r1" })]),
      ],
      reminderAfterDays: { "course-a": 10 },
    });
    const page = await queue.page(actor(["teacher"]), { mine: false, page: 1 });
    expect(page.shown.map((g) => [g.requestId, g.codes])).to.deep.equal([
      ["r1", ["C3"]],
      ["r2", ["C1", "C2"]],
    ]);
    expect(page.shown[1]?.oldest).to.deep.equal(daysAgo(5));
    expect(page).to.include({ total: 2, items: 3, overdue: 1 });
    expect(page.shown.every((g) => g.reminderAfterDays === 10)).to.equal(true);
  });

  it("lists nothing, and reads nothing, for who follows nobody", async () => {
    const { queue, asked } = queueOf({ rows: [row("lea", here, [entry("C1", 3, { requestId: "r" })])] });
    expect(await queue.groups(actor(["learner"], "eve"))).to.deep.equal([]);
    expect(await queue.size(actor(["learner"], "eve"))).to.equal(0);
    expect(asked).to.deep.equal([]);
  });

  it("asks for the courses taught (LTI here, memberships elsewhere) and the tutees: the teaching scope", async () => {
    const { queue, asked } = queueOf({ rows: [], coursesTaught: [elsewhere], tutees: ["tim", "fanny"] });
    await queue.groups(actor(["teacher"]));
    expect(asked).to.have.length(1);
    expect(asked[0]?.courses).to.have.deep.members([elsewhere, here]);
    expect(asked[0]?.learnerIds).to.deep.equal(["tim"]);
  });

  it("never lists the person's own requests, even in a course they teach", async () => {
    const { queue } = queueOf({
      rows: [
        row("fanny", here, [entry("C1", 3, { requestId: "own" })]),
        row("lea", here, [entry("C1", 2, { requestId: "r" })]),
      ],
    });
    expect((await queue.groups(actor(["teacher"]))).map((g) => g.requestId)).to.deep.equal(["r"]);
    expect(await queue.size(actor(["teacher"]))).to.equal(1);
  });

  it("keeps for 'mine' what is addressed to the person and their tutees' requests", async () => {
    const { queue } = queueOf({
      rows: [
        row("lea", here, [entry("C1", 3, { requestId: "to-me", assignedValidatorIds: ["fanny"] })]),
        row("max", here, [entry("C1", 4, { requestId: "to-all" })]),
        row("tim", elsewhere, [entry("C1", 5, { requestId: "tutee" })]),
      ],
      tutees: ["tim"],
    });
    const mine = await queue.page(actor(["teacher"]), { mine: true, page: 1 });
    expect(mine.shown.map((g) => g.requestId)).to.deep.equal(["tutee", "to-me"]);
    expect(mine.shown.map((g) => [g.tutee, g.assignedToMe])).to.deep.equal([
      [true, false],
      [false, true],
    ]);
  });

  it("sets apart what the person approved and waits for a second validator", async () => {
    const { queue } = queueOf({
      rows: [
        row("lea", here, [entry("C1", 3, { requestId: "r", approverIds: ["fanny"] })]),
        row("max", here, [entry("C1", 4, { requestId: "s", approverIds: ["other"] })]),
      ],
    });
    const page = await queue.page(actor(["teacher"]), { mine: false, page: 1 });
    expect(page.shown.map((g) => g.requestId)).to.deep.equal(["s"]);
    expect(page.waitingForOthers.map((g) => g.requestId)).to.deep.equal(["r"]);
    expect((await queue.overview(actor(["teacher"]))).requests).to.equal(1);
  });

  it("pages a long queue by 40, counting every request in the totals, and clamps the page asked", async () => {
    const rows = Array.from({ length: QUEUE_PAGE_SIZE + 5 }, (_, i) =>
      row(`l${i}`, here, [entry("C1", 100 - i, { requestId: `r${i}` })]),
    );
    const { queue } = queueOf({ rows });
    const second = await queue.page(actor(["teacher"]), { mine: false, page: 2 });
    expect(second).to.include({ page: 2, pages: 2, total: QUEUE_PAGE_SIZE + 5 });
    expect(second.shown.map((g) => g.requestId)).to.deep.equal(["r40", "r41", "r42", "r43", "r44"]);
    expect(second.oldest?.requestId).to.equal("r0");
    expect((await queue.page(actor(["teacher"]), { mine: false, page: 99 })).page).to.equal(2);
    expect((await queue.page(actor(["teacher"]), { mine: false, page: -3 })).page).to.equal(1);
  });

  it("fills a later page across batches of rows, a row's younger request after older ones of other rows", async () => {
    const rows = Array.from({ length: 150 }, (_, i) =>
      row(`l${i}`, here, [
        entry("C1", 1000 - i, { requestId: `a${i}` }),
        entry("C2", 500 - i, { requestId: `b${i}` }),
      ]),
    );
    const { queue } = queueOf({ rows, reminderAfterDays: { "course-a": 600 } });
    const fourth = await queue.page(actor(["teacher"]), { mine: false, page: 4 });
    expect(fourth).to.include({ page: 4, pages: 8, total: 300, items: 300, overdue: 150 });
    const expected = [
      ...Array.from({ length: 30 }, (_, k) => `a${120 + k}`),
      ...Array.from({ length: 10 }, (_, k) => `b${k}`),
    ];
    expect(fourth.shown.map((g) => g.requestId)).to.deep.equal(expected);
    expect(fourth.oldest?.requestId).to.equal("a0");
    const first = await queue.page(actor(["teacher"]), { mine: false, page: 1 });
    expect(first.shown.map((g) => g.requestId)).to.deep.equal(Array.from({ length: 40 }, (_, k) => `a${k}`));
  });

  it("lists a code once when a row repeats it", async () => {
    const { queue } = queueOf({
      rows: [row("lea", here, [entry("C1", 3, { requestId: "r" }), entry("C1", 3, { requestId: "r" })])],
    });
    expect((await queue.groups(actor(["teacher"])))[0]?.codes).to.deep.equal(["C1"]);
  });

  it("gives the home its overview: requests, items, overdue and the oldest wait", async () => {
    const { queue } = queueOf({
      rows: [
        row("lea", here, [entry("C1", 30, { requestId: "r" }), entry("C2", 2, { requestId: "r" })]),
        row("max", here, [entry("C1", 1, { requestId: "s" })]),
      ],
    });
    expect(await queue.overview(actor(["teacher"]))).to.deep.equal({
      now,
      requests: 2,
      items: 3,
      overdue: 1,
      oldest: daysAgo(30),
    });
  });
});
