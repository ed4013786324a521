// The validators' queue: the pending requests of the learners a person follows (their teaching scope),
// grouped by request, oldest first, with the course's reminder delay — for the queue page, its size in
// the navigation (on every page: no item read) and the trainers' home.
import type { Actor } from "../actor.js";
import type { CourseRef } from "../course.js";
import type { TeachingScopes } from "../people/teaching-scopes.js";
import { isEmptyScope, type TeachingScope } from "../../policies/teaching-scope.js";
import type { CourseRulesReader } from "./ports.js";
import type { CompetenceSummaries, FollowedLearners, PendingEntry, SummaryRow } from "./summary-row.js";
import { isOverdue } from "./waiting.js";

/** A long queue is worked oldest first, a page at a time. */
export const QUEUE_PAGE_SIZE = 40;

/** One request (or one item waiting outside a request) of one learner. */
export interface QueueGroup {
  key: string;
  requestId: string | null;
  learnerId: string;
  course: CourseRef;
  frameworkId: string;
  codes: string[];
  oldest: Date;
  assignedValidatorIds: string[];
  /** Items this person already approved (double validation): they wait for someone else. */
  approvedByMe: number;
  /** The course's reminder delay: past it, the request is overdue. */
  reminderAfterDays: number;
  tutee: boolean;
  assignedToMe: boolean;
}

export interface QueuePage {
  now: Date;
  mine: boolean;
  page: number;
  pages: number;
  /** The actionable groups of this page. */
  shown: QueueGroup[];
  /** Groups this person approved that wait for a second validator. */
  waitingForOthers: QueueGroup[];
  /** Totals over every actionable group, not only this page. */
  total: number;
  items: number;
  overdue: number;
  oldest: QueueGroup | undefined;
}

export interface QueueOverview {
  now: Date;
  requests: number;
  items: number;
  overdue: number;
  oldest: Date | undefined;
}

/** A pending row's few small fields: enough for the queue's totals without reading its items. */
export interface PendingTotalsRow {
  course: CourseRef;
  learnerId: string;
  items: number;
  /** The oldest item of each request, oldest first. */
  groupOldest: Date[];
}

/** The pending rows as the queue's page reads them (never the reader's own). */
/** Whose pending rows a queue reads: learners a reader follows on a platform, never the reader's own. */
export interface PendingScope {
  platformId: string;
  among: FollowedLearners;
  excludeLearnerId: string;
}

export interface PendingPages {
  totals(scope: PendingScope): Promise<PendingTotalsRow[]>;
  /** Rows in the order of their oldest item, with their items (`limit` 0: all of them). */
  inWaitingOrder(scope: PendingScope, skip: number, limit: number): Promise<SummaryRow[]>;
  /** Rows with an item addressed to or approved by this person, with their items. */
  naming(scope: PendingScope, userId: string): Promise<SummaryRow[]>;
}

/** The learners the actor follows, as the queue reads them. */
function pendingFor(actor: Actor, among: FollowedLearners): PendingScope {
  return { platformId: actor.platformId, among, excludeLearnerId: actor.userId };
}

/** Rows read at a time while filling a page: a row holds one request or a few. */
const ROW_BATCH = 60;

export interface ValidationQueueDeps {
  scopes: Pick<TeachingScopes, "of">;
  summaries: Pick<CompetenceSummaries, "pending" | "pendingRequestCount">;
  pages: PendingPages;
  rules: CourseRulesReader;
  clock: { now(): Date };
}

/** The page asked for, within the pages `count` rows fill (at least one). */
function pageWithin(count: number, requested: number): { page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(count / QUEUE_PAGE_SIZE));
  return { page: Math.min(pages, Math.max(1, Math.floor(requested))), pages };
}

/** The rows of a page, from rows read from the first one on. */
function rowsOfPage<Row>(rows: readonly Row[], page: number): Row[] {
  return rows.slice((page - 1) * QUEUE_PAGE_SIZE, page * QUEUE_PAGE_SIZE);
}

export class ValidationQueue {
  constructor(private readonly deps: ValidationQueueDeps) {}

  /**
   * One page of the queue; `mine` keeps what is addressed to the person and their tutees' requests.
   * Totals come from the rows' small fields; the page's rows are read in waiting order until it is full.
   */
  async page(actor: Actor, view: { mine: boolean; page: number }): Promise<QueuePage> {
    const scope = await this.deps.scopes.of(actor);
    if (view.mine) return this.minePage(actor, scope, view.page);
    const now = this.deps.clock.now();
    const pending = pendingFor(actor, followed(scope));
    const [light, naming] = isEmptyScope(scope)
      ? [[], []]
      : await Promise.all([this.deps.pages.totals(pending), this.deps.pages.naming(pending, actor.userId)]);
    const delays = await this.reminderDelays(
      actor.platformId,
      light.map((row) => row.course),
    );
    const waitingForOthers = this.groupsOf(naming, actor, scope, delays).filter(decidedByMe);
    const all = lightTotals(light, delays, now);
    const mineDone = totals(waitingForOthers, now);
    const total = all.total - mineDone.total;
    const at = pageWithin(total, view.page);
    const actionable = await this.firstGroups(actor, scope, delays, at.page * QUEUE_PAGE_SIZE);
    return {
      now,
      mine: false,
      ...at,
      shown: rowsOfPage(actionable, at.page),
      waitingForOthers,
      total,
      items: all.items - mineDone.items,
      overdue: all.overdue - mineDone.overdue,
      oldest: actionable[0],
    };
  }

  /** What is addressed to the person and their tutees' requests: a few rows, read whole. */
  private async minePage(actor: Actor, scope: TeachingScope, requested: number): Promise<QueuePage> {
    const now = this.deps.clock.now();
    const tuteesOnly = pendingFor(actor, { courses: [], learnerIds: [...scope.tutees] });
    const [tutees, naming] = isEmptyScope(scope)
      ? [[], []]
      : await Promise.all([
          scope.tutees.size > 0 ? this.deps.pages.inWaitingOrder(tuteesOnly, 0, 0) : Promise.resolve([]),
          this.deps.pages.naming(pendingFor(actor, followed(scope)), actor.userId),
        ]);
    const rows = new Map([...tutees, ...naming].map((row) => [row.id, row]));
    const delays = await this.reminderDelays(
      actor.platformId,
      [...rows.values()].map((row) => ({ deploymentId: row.deploymentId, contextId: row.contextId })),
    );
    const groups = this.groupsOf([...rows.values()], actor, scope, delays).filter(
      (group) => group.assignedToMe || group.tutee,
    );
    const actionable = groups.filter((group) => !decidedByMe(group));
    const at = pageWithin(actionable.length, requested);
    return {
      now,
      mine: true,
      ...at,
      shown: rowsOfPage(actionable, at.page),
      waitingForOthers: groups.filter(decidedByMe),
      ...totals(actionable, now),
      oldest: actionable[0],
    };
  }

  /**
   * The first `wanted` actionable groups, oldest first. Rows come in the order of their oldest item, so
   * once a row waits since T every group still unread waits since T or later: the groups read that are
   * older than T are final.
   */
  private async firstGroups(
    actor: Actor,
    scope: TeachingScope,
    delays: Map<string, number>,
    wanted: number,
  ): Promise<QueueGroup[]> {
    if (isEmptyScope(scope)) return [];
    const found: QueueGroup[] = [];
    const pending = pendingFor(actor, followed(scope));
    for (let skip = 0; ; skip += ROW_BATCH) {
      const rows = await this.deps.pages.inWaitingOrder(pending, skip, ROW_BATCH);
      await this.addDelays(actor.platformId, rows, delays);
      found.push(...this.groupsOf(rows, actor, scope, delays).filter((group) => !decidedByMe(group)));
      found.sort((a, b) => a.oldest.getTime() - b.oldest.getTime());
      const boundary = Math.min(...(rows.at(-1)?.pending ?? []).map((entry) => entry.waitingSince.getTime()));
      const settled = found.filter((group) => group.oldest.getTime() <= boundary).length;
      if (rows.length < ROW_BATCH || settled >= wanted) return found;
    }
  }

  /** The queue at a glance, for the trainers' home. */
  async overview(actor: Actor): Promise<QueueOverview> {
    const actionable = (await this.groups(actor)).filter((group) => !decidedByMe(group));
    const now = this.deps.clock.now();
    const { total, items, overdue } = totals(actionable, now);
    return { now, requests: total, items, overdue, oldest: actionable[0]?.oldest };
  }

  /** How many requests wait (the navigation badge): counted from the rows' keys, no item read. */
  async size(actor: Actor): Promise<number> {
    const scope = await this.deps.scopes.of(actor);
    if (isEmptyScope(scope)) return 0;
    return this.deps.summaries.pendingRequestCount(actor.platformId, followed(scope), actor.userId);
  }

  /** Every pending group the person may decide, oldest first (never their own). */
  async groups(actor: Actor): Promise<QueueGroup[]> {
    const scope = await this.deps.scopes.of(actor);
    if (isEmptyScope(scope)) return [];
    const rows = await this.deps.summaries.pending(actor.platformId, followed(scope));
    const delays = await this.reminderDelays(actor.platformId, rows);
    return this.groupsOf(rows, actor, scope, delays);
  }

  /** The rows' pending items grouped by request, oldest first (never the reader's own). */
  private groupsOf(
    rows: readonly SummaryRow[],
    actor: Actor,
    scope: TeachingScope,
    delays: ReadonlyMap<string, number>,
  ): QueueGroup[] {
    const groups = new Map<string, QueueGroup>();
    for (const row of rows) {
      if (row.learnerId === actor.userId) continue;
      for (const entry of row.pending) {
        const key = entry.requestId ?? `${row.id}:${entry.code}`;
        const group = groups.get(key) ?? newGroup(key, row, entry, scope, delays);
        addEntry(group, entry, actor.userId);
        groups.set(key, group);
      }
    }
    return [...groups.values()].sort((a, b) => a.oldest.getTime() - b.oldest.getTime());
  }

  private async reminderDelays(platformId: string, of: readonly CourseRef[]): Promise<Map<string, number>> {
    const delays = new Map<string, number>();
    await this.addDelays(platformId, of, delays);
    return delays;
  }

  /** The reminder delay of each course not in `delays` yet. */
  private async addDelays(
    platformId: string,
    of: readonly CourseRef[],
    delays: Map<string, number>,
  ): Promise<void> {
    const courses = new Map<string, CourseRef>();
    for (const course of of)
      if (!delays.has(courseKey(course)))
        courses.set(courseKey(course), { deploymentId: course.deploymentId, contextId: course.contextId });
    const entries = await Promise.all(
      [...courses].map(
        async ([key, course]) =>
          [key, (await this.deps.rules.get({ platformId, ...course })).reminderAfterDays] as const,
      ),
    );
    for (const [key, days] of entries) delays.set(key, days);
  }
}

/** Every item of the group approved by this person: it waits for another validator. */
export function decidedByMe(group: QueueGroup): boolean {
  return group.approvedByMe === group.codes.length;
}

function totals(
  actionable: readonly QueueGroup[],
  now: Date,
): { total: number; items: number; overdue: number } {
  return {
    total: actionable.length,
    items: actionable.reduce((sum, group) => sum + group.codes.length, 0),
    overdue: actionable.filter((group) => isOverdue(group.oldest, now, group.reminderAfterDays)).length,
  };
}

/** Every request of the light rows: how many, their items, how many are overdue. */
function lightTotals(
  rows: readonly PendingTotalsRow[],
  delays: ReadonlyMap<string, number>,
  now: Date,
): { total: number; items: number; overdue: number } {
  let total = 0;
  let items = 0;
  let overdue = 0;
  for (const row of rows) {
    const days = delays.get(courseKey(row.course)) ?? DEFAULT_REMINDER_DAYS;
    total += row.groupOldest.length;
    items += row.items;
    overdue += row.groupOldest.filter((oldest) => isOverdue(oldest, now, days)).length;
  }
  return { total, items, overdue };
}

function followed(scope: TeachingScope): FollowedLearners {
  return { courses: scope.courses, learnerIds: [...scope.tutees] };
}

function courseKey(course: CourseRef): string {
  return `${course.deploymentId}\u0000${course.contextId}`;
}

const DEFAULT_REMINDER_DAYS = 14;

function newGroup(
  key: string,
  row: SummaryRow,
  entry: PendingEntry,
  scope: TeachingScope,
  delays: ReadonlyMap<string, number>,
): QueueGroup {
  return {
    key,
    requestId: entry.requestId ?? null,
    learnerId: row.learnerId,
    course: { deploymentId: row.deploymentId, contextId: row.contextId },
    frameworkId: row.frameworkId,
    codes: [],
    oldest: entry.waitingSince,
    assignedValidatorIds: [],
    approvedByMe: 0,
    reminderAfterDays: delays.get(courseKey(row)) ?? DEFAULT_REMINDER_DAYS,
    tutee: scope.tutees.has(row.learnerId),
    assignedToMe: false,
  };
}

function addEntry(group: QueueGroup, entry: PendingEntry, userId: string): void {
  // A request's items are listed once each, even if a row was written twice.
  if (group.codes.includes(entry.code)) return;
  group.codes.push(entry.code);
  if (entry.waitingSince < group.oldest) group.oldest = entry.waitingSince;
  for (const id of entry.assignedValidatorIds)
    if (!group.assignedValidatorIds.includes(id)) group.assignedValidatorIds.push(id);
  if (entry.approverIds.includes(userId)) group.approvedByMe += 1;
  group.assignedToMe = group.assignedValidatorIds.includes(userId);
}
