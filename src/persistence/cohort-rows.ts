// The cohort matrix's page, read in the database: the per-learner summary rows carry what filters and
// sorting need (the learner's sort name, never launched, last activity, a waiting order), the query
// filters, sorts and cuts the page, and a view reads the page's ≤ 100 rows and two counts. The rows'
// member fields follow the course's memberships: each view first applies the memberships written since
// the last one it saw (by their `updatedAt`, which every membership write sets), so a view after a
// launch or a roster refresh costs the few changed memberships, not the course.
import { randomUUID } from "node:crypto";
import type { FilterQuery, Model } from "mongoose";
import type { CourseScope } from "../domain/course.js";
import { displayName, type Person } from "../domain/people/people.js";
import type {
  CohortRow,
  CohortRowPage,
  CohortRowQuery,
  CohortRows,
  CohortSort,
} from "../domain/validation/cohort-rows.js";
import type { CompetenceSummaryDoc } from "./competence-summaries.js";
import { NO_WAITING, toRow } from "./competence-summaries.js";
import { isDuplicateKey } from "./errors.js";
import type { MembershipDoc } from "./models/lti-models.js";
import type { ValidationJobRunDoc } from "./models/validation-models.js";

/** Bumping it makes the next view of every course re-apply all its memberships (a backfill). */
const MEMBERS_VERSION = "cohort-members v1";
/**
 * Memberships written this long before a view are looked at again by the next one: two launches may
 * read the clock in one order and write in the other (or two instances' clocks differ by a little).
 */
const CLOCK_MARGIN_MS = 30_000;

const SORTS: Record<CohortSort, Record<string, 1>> = {
  name: { sortName: 1, learnerId: 1 },
  progress: { validated: 1, sortName: 1, learnerId: 1 },
  waiting: { waitingOrder: 1, sortName: 1, learnerId: 1 },
  activity: { lastActivityAt: 1, sortName: 1, learnerId: 1 },
};

const ROW_PROJECTION = { revs: 0, pending: 0, pendingKeys: 0, srev: 0, updatedAt: 0, sortName: 0 };

/** A name as the matrix sorts it: accents and case folded, as French readers expect "Émile" near "Emma". */
export function sortName(name: string): string {
  return name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The rows' `states` hold `code` at one of `positions` (a string: the server compiles it). */
function stateRegex(code: string, positions: readonly number[]): string {
  const sorted = [...positions].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  const last = sorted[sorted.length - 1] ?? 0;
  const escaped = code.replace(/[^a-z]/g, "\\$&");
  if (last - first === sorted.length - 1) return `^.{${first},${last}}${escaped}`;
  return `^(?:${sorted.map((position) => `.{${position}}`).join("|")})${escaped}`;
}

type StoredCohortRow = Partial<CompetenceSummaryDoc> &
  Pick<
    CompetenceSummaryDoc,
    "_id" | "platformId" | "deploymentId" | "contextId" | "frameworkId" | "learnerId"
  > & { neverLaunched?: boolean; lastActivityAt?: Date };

function toCohortRow(doc: StoredCohortRow): CohortRow {
  return {
    ...toRow(doc),
    neverLaunched: doc.neverLaunched === true,
    ...(doc.lastActivityAt ? { lastActivityAt: doc.lastActivityAt } : {}),
  };
}

export interface CohortRowSources {
  summaries: Model<CompetenceSummaryDoc>;
  memberships: Model<MembershipDoc>;
  marks: Model<ValidationJobRunDoc>;
  people: { people(platformId: string, ids: readonly string[]): Promise<Map<string, Person>> };
  /** The framework's number of assessable competences (a new row starts with that many empty cells). */
  layout(platformId: string, frameworkId: string): Promise<{ codes: readonly string[] } | null>;
  clock: { now(): Date };
}

type MemberFields = Pick<
  MembershipDoc,
  "userId" | "roles" | "status" | "source" | "lastLaunchAt" | "updatedAt"
>;

export class CohortRowRepository implements CohortRows {
  constructor(private readonly sources: CohortRowSources) {}

  async page(scope: CourseScope, query: CohortRowQuery): Promise<CohortRowPage> {
    await this.followMemberships(scope, query.frameworkId);
    const course = { ...scope, frameworkId: query.frameworkId, member: true };
    const all: FilterQuery<CompetenceSummaryDoc> = { ...course, learnerId: { $ne: query.excludeLearnerId } };
    const filtered = { ...course, ...filtersOf(query) };
    const tutees = [...query.tutees];
    const count = (filter: FilterQuery<CompetenceSummaryDoc>): Promise<number> =>
      this.sources.summaries.countDocuments(filter).exec();
    if (query.onlyTutees || tutees.length === 0) {
      const where = {
        ...filtered,
        learnerId: query.onlyTutees
          ? { $in: tutees.filter((id) => id !== query.excludeLearnerId) }
          : { $ne: query.excludeLearnerId },
      };
      const [rows, matching, total] = await Promise.all([
        this.find(where, query.sort, query.skip, query.limit),
        count(where),
        count(all),
      ]);
      return { rows, matching, total };
    }
    // The reader's tutees come first: their rows, then the others', the page cut across both.
    const first = { ...filtered, learnerId: { $in: tutees.filter((id) => id !== query.excludeLearnerId) } };
    const rest = { ...filtered, learnerId: { $nin: [...tutees, query.excludeLearnerId] } };
    const [firstCount, restCount, total] = await Promise.all([count(first), count(rest), count(all)]);
    const fromFirst = Math.max(0, Math.min(query.limit, firstCount - query.skip));
    const [firstRows, restRows] = await Promise.all([
      fromFirst > 0 ? this.find(first, query.sort, query.skip, fromFirst) : [],
      query.limit - fromFirst > 0
        ? this.find(rest, query.sort, Math.max(0, query.skip - firstCount), query.limit - fromFirst)
        : [],
    ]);
    return { rows: [...firstRows, ...restRows], matching: firstCount + restCount, total };
  }

  private async find(
    filter: FilterQuery<CompetenceSummaryDoc>,
    sort: CohortSort,
    skip: number,
    limit: number,
  ): Promise<CohortRow[]> {
    const docs = await this.sources.summaries
      .find(filter, ROW_PROJECTION)
      .sort(SORTS[sort])
      .skip(skip)
      .limit(limit)
      .lean<StoredCohortRow[]>();
    return docs.map(toCohortRow);
  }

  /**
   * Brings the rows' member fields in step with the memberships written since the last view (all of
   * them on a course's first view, or after MEMBERS_VERSION changes), creating empty rows for learners
   * without any record yet so that every learner has one row to filter, sort and count.
   */
  async followMemberships(scope: CourseScope, frameworkId: string): Promise<void> {
    const markId = `${MEMBERS_VERSION} ${JSON.stringify([scope.platformId, scope.deploymentId, scope.contextId, frameworkId])}`;
    const mark = await this.sources.marks.findById(markId).lean<ValidationJobRunDoc>();
    const seen = mark?.until;
    const readAt = this.sources.clock.now();
    const changed = await this.sources.memberships
      .find(
        { ...scope, ...(seen ? { updatedAt: { $gt: seen } } : {}) },
        { _id: 0, userId: 1, roles: 1, status: 1, source: 1, lastLaunchAt: 1, updatedAt: 1 },
      )
      .lean<MemberFields[]>();
    const fresh = seen ? await this.notYetApplied(scope, frameworkId, changed) : changed;
    if (fresh.length > 0) await this.apply(scope, frameworkId, fresh);
    if (!seen) await this.backfill(scope, frameworkId);
    const newest = changed.reduce<Date | undefined>(
      (max, membership) => (!max || membership.updatedAt > max ? membership.updatedAt : max),
      seen,
    );
    // Writes stamped in the last moments may still be on their way: the next view looks at them again.
    const until =
      newest && newest.getTime() > readAt.getTime() - CLOCK_MARGIN_MS
        ? new Date(Math.max(seen?.getTime() ?? 0, readAt.getTime() - CLOCK_MARGIN_MS))
        : newest;
    if (until && (!seen || until > seen))
      await this.sources.marks.updateOne(
        { _id: markId },
        { $set: { job: MEMBERS_VERSION, day: "-", createdAt: this.sources.clock.now(), until } },
        { upsert: true },
      );
  }

  /** Memberships whose row does not show this write yet (those of the last view's clock margin). */
  private async notYetApplied(
    scope: CourseScope,
    frameworkId: string,
    changed: MemberFields[],
  ): Promise<MemberFields[]> {
    if (changed.length === 0) return changed;
    const applied = await this.sources.summaries
      .find(
        { ...scope, frameworkId, learnerId: { $in: changed.map((membership) => membership.userId) } },
        { _id: 0, learnerId: 1, memberAt: 1 },
      )
      .lean<{ learnerId: string; memberAt?: Date }[]>();
    const at = new Map(applied.map((row) => [row.learnerId, row.memberAt?.getTime()]));
    return changed.filter((membership) => at.get(membership.userId) !== membership.updatedAt.getTime());
  }

  private async apply(scope: CourseScope, frameworkId: string, memberships: MemberFields[]): Promise<void> {
    const [people, layout] = await Promise.all([
      this.sources.people.people(
        scope.platformId,
        memberships.map((membership) => membership.userId),
      ),
      this.sources.layout(scope.platformId, frameworkId),
    ]);
    const length = layout?.codes.length ?? 0;
    const now = this.sources.clock.now();
    const operations = memberships.map((membership) => {
      const person = people.get(membership.userId);
      const learner =
        person !== undefined &&
        membership.status !== "Deleted" &&
        membership.roles.includes("learner") &&
        !membership.roles.includes("teacher");
      const set = {
        member: learner,
        sortName: person ? sortName(displayName(person)) : "",
        neverLaunched: membership.source === "roster" && !membership.lastLaunchAt,
        memberAt: membership.updatedAt,
      };
      return {
        updateOne: {
          filter: { ...scope, frameworkId, learnerId: membership.userId },
          update: {
            $set: set,
            ...(membership.lastLaunchAt ? { $max: { lastActivityAt: membership.lastLaunchAt } } : {}),
            $setOnInsert: {
              _id: randomUUID(),
              states: "n".repeat(length),
              levels: "-".repeat(length),
              selfLevels: "-".repeat(length),
              approvals: "0".repeat(length),
              revs: "",
              pending: "[]",
              pendingKeys: [],
              pendingCount: 0,
              validated: 0,
              waitingOrder: NO_WAITING,
              srev: 0,
              updatedAt: now,
            },
          },
          // Only learners get a row; someone who stopped being one keeps theirs, marked as not a member.
          upsert: learner,
        },
      };
    });
    try {
      await this.sources.summaries.bulkWrite(operations, { ordered: false });
    } catch (error) {
      // Two views (or a view and a validation) created the same row at once: the other one won, so
      // the rows exist now and the writes apply on a second pass.
      if (!isDuplicateKey(error)) throw error;
      await this.sources.summaries.bulkWrite(operations, { ordered: false });
    }
  }

  /** Rows written before these fields existed: their waiting order and last activity, once per course. */
  private async backfill(scope: CourseScope, frameworkId: string): Promise<void> {
    const old = await this.sources.summaries
      .find(
        { ...scope, frameworkId, waitingOrder: { $exists: false } },
        { _id: 1, oldestWaiting: 1, learnerActivityAt: 1 },
      )
      .lean<Pick<StoredCohortRow, "_id" | "oldestWaiting" | "learnerActivityAt">[]>();
    if (old.length === 0) return;
    await this.sources.summaries.bulkWrite(
      old.map((row) => ({
        updateOne: {
          filter: { _id: row._id },
          update: {
            $set: { waitingOrder: row.oldestWaiting ?? NO_WAITING },
            ...(row.learnerActivityAt ? { $max: { lastActivityAt: row.learnerActivityAt } } : {}),
          },
        },
      })),
      { ordered: false },
    );
  }
}

function filtersOf(query: CohortRowQuery): FilterQuery<CompetenceSummaryDoc> {
  const filter: Record<string, unknown> = {};
  if (query.state)
    filter.states =
      query.state.positions.length === 0
        ? { $in: [] }
        : { $regex: stateRegex(query.state.code, query.state.positions) };
  if (query.waitingSince) filter.oldestWaiting = { $lte: query.waitingSince };
  if (query.quietSince)
    filter.$or = [{ lastActivityAt: null }, { lastActivityAt: { $lte: query.quietSince } }];
  if (query.neverLaunched) filter.neverLaunched = true;
  return filter;
}
