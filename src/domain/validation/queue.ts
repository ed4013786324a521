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

export interface ValidationQueueDeps {
  scopes: Pick<TeachingScopes, "of">;
  summaries: Pick<CompetenceSummaries, "pending" | "pendingRequestCount">;
  rules: CourseRulesReader;
  clock: { now(): Date };
}

export class ValidationQueue {
  constructor(private readonly deps: ValidationQueueDeps) {}

  /** One page of the queue; `mine` keeps what is addressed to the person and their tutees' requests. */
  async page(actor: Actor, view: { mine: boolean; page: number }): Promise<QueuePage> {
    const groups = (await this.groups(actor)).filter(
      (group) => !view.mine || group.assignedToMe || group.tutee,
    );
    const actionable = groups.filter((group) => !decidedByMe(group));
    const pages = Math.max(1, Math.ceil(actionable.length / QUEUE_PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Math.floor(view.page)));
    const now = this.deps.clock.now();
    return {
      now,
      mine: view.mine,
      page,
      pages,
      shown: actionable.slice((page - 1) * QUEUE_PAGE_SIZE, page * QUEUE_PAGE_SIZE),
      waitingForOthers: groups.filter(decidedByMe),
      ...totals(actionable, now),
      oldest: actionable[0],
    };
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

  private async reminderDelays(
    platformId: string,
    rows: readonly SummaryRow[],
  ): Promise<Map<string, number>> {
    const courses = new Map<string, CourseRef>();
    for (const row of rows)
      courses.set(courseKey(row), { deploymentId: row.deploymentId, contextId: row.contextId });
    const entries = await Promise.all(
      [...courses].map(
        async ([key, course]) =>
          [key, (await this.deps.rules.get({ platformId, ...course })).reminderAfterDays] as const,
      ),
    );
    return new Map(entries);
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
