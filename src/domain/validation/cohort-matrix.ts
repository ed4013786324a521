// The cohort matrix of a course: its learners × the framework's competences, filtered (state, waiting
// longer than N days, no activity for N weeks, never launched, my tutees, one domain) and sorted, the
// reader's tutees first, one page at a time: the store filters, sorts and pages the per-learner summary
// rows, and only the page's learners are read with their names.
import type { Actor } from "../actor.js";
import type { CourseScope } from "../course.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import { leafCompetences, type CompetenceNode } from "../frameworks/framework.js";
import type { TeachingScopes } from "../people/teaching-scopes.js";
import type { Course, Person } from "../people/people.js";
import { displayName } from "../people/people.js";
import {
  COHORT_SORTS,
  type CohortRow,
  type CohortRowQuery,
  type CohortRows,
  type CohortSort,
} from "./cohort-rows.js";
import type { CourseRules, CourseRulesReader } from "./ports.js";
import type { CompetenceState } from "./states.js";
import { STATE_CODES, type SummaryRow } from "./summary-row.js";
import { inactiveWeeks, waitingDays } from "./waiting.js";

export { COHORT_SORTS, type CohortSort };

/**
 * Learners per page: a thousand rows of sixty cells is more than anyone reads at once and weighs about
 * a megabyte; filters and sorting still apply to the whole cohort, pages only cut what is shown.
 */
export const COHORT_PAGE_SIZE = 100;
const DAY_MS = 86_400_000;

/** Silence is a signal: a learner quiet for this many weeks is flagged in their row. */
export const QUIET_WEEKS = 3;
/** The roster is refreshed from the LMS when older than this. */
const ROSTER_MAX_AGE_MS = 15 * 60_000;

export interface CohortFilters {
  state?: CompetenceState;
  /** Waiting at least this many days. */
  waiting?: number;
  /** No activity for at least this many weeks (or never). */
  inactive?: number;
  never: boolean;
  /** Only the reader's tutees. */
  mine: boolean;
  /** Only this top-level domain's competences ("" for all). */
  domain: string;
  sort: CohortSort;
}

export interface CohortColumn {
  node: CompetenceNode;
  /** Position of the competence in the framework's order (in the summary rows' strings). */
  position: number;
}

export interface CohortLearner {
  learnerId: string;
  name: string;
  neverLaunched: boolean;
  tutee: boolean;
  /** The learner's summary row (undefined: no record yet). */
  summary: SummaryRow | undefined;
  validated: number;
  /** Days the oldest pending item has waited; null when nothing waits. */
  oldestWaiting: number | null;
  lastActivity: Date | undefined;
  /** Whole weeks since the last activity; null when there was none. */
  quietWeeks: number | null;
}

export interface CohortMatrix {
  framework: StoredFramework | null;
  /** The columns shown (one domain's competences when filtered). */
  columns: CohortColumn[];
  /** Every assessable competence of the framework: the "n / required" of each row. */
  required: number;
  domains: CompetenceNode[];
  rules: CourseRules;
  /** The page's learners, filtered and sorted. */
  learners: CohortLearner[];
  /** The learners matching the filters, on every page. */
  matching: number;
  /** Every learner of the course, before filters. */
  total: number;
  /** The page shown (the last one when a later one was asked for) and how many there are. */
  page: number;
  pages: number;
  /** The LMS roster could not be read: learners who never launched may be missing. */
  rosterError: boolean;
}

export interface CohortMatrixDeps {
  frameworks: {
    forPlacement(ref: CourseScope & { resourceLinkId: string | null }): Promise<StoredFramework | null>;
  };
  rules: CourseRulesReader;
  people: {
    course(scope: CourseScope): Promise<Pick<Course, "rosterSyncedAt"> | null>;
    people(platformId: string, ids: readonly string[]): Promise<Map<string, Person>>;
  };
  rows: CohortRows;
  scopes: Pick<TeachingScopes, "of">;
  /** Brings the course's learners from the LMS (NRPS); answers with the reason when it cannot. */
  roster: { refreshIfStale(scope: CourseScope, maxAgeMs: number): Promise<{ error?: string }> };
  log: { warn(details: Record<string, unknown>, message: string): void };
  clock: { now(): Date };
}

export class CohortMatrixQuery {
  constructor(private readonly deps: CohortMatrixDeps) {}

  async matrix(
    actor: Actor,
    scope: CourseScope,
    filters: CohortFilters,
    requestedPage = 1,
  ): Promise<CohortMatrix> {
    const rosterError = await this.refreshRoster(scope);
    const [framework, rules, teaching] = await Promise.all([
      this.deps.frameworks.forPlacement({ ...scope, resourceLinkId: actor.resourceLinkId }),
      this.deps.rules.get(scope),
      this.deps.scopes.of(actor),
    ]);
    const leaves = framework ? leafCompetences(framework.definition) : [];
    const columns = leaves
      .map(({ node, path }, position) => ({ node, path, position }))
      .filter(({ path }) => filters.domain === "" || path[0] === filters.domain)
      .map(({ node, position }) => ({ node, position }));
    const shape = {
      framework,
      columns,
      required: leaves.length,
      domains: framework ? framework.definition.competences.filter((node) => node.children.length > 0) : [],
      rules,
      rosterError,
    };
    if (!framework) return { ...shape, learners: [], matching: 0, total: 0, page: 1, pages: 1 };
    const now = this.deps.clock.now();
    const query = (page: number): CohortRowQuery =>
      rowQuery(framework.id, actor.userId, columns, filters, [...teaching.tutees], now, page);
    let page = Math.max(1, requestedPage);
    let found = await this.deps.rows.page(scope, query(page));
    const pages = Math.max(1, Math.ceil(found.matching / COHORT_PAGE_SIZE));
    if (page > pages) {
      page = pages;
      found = await this.deps.rows.page(scope, query(page));
    }
    const people = await this.deps.people.people(
      scope.platformId,
      found.rows.map((row) => row.learnerId),
    );
    return {
      ...shape,
      learners: found.rows.map((row) => cohortLearner(row, people.get(row.learnerId), teaching.tutees, now)),
      matching: found.matching,
      total: found.total,
      page,
      pages,
    };
  }

  /**
   * Learners who never launched come from the LMS roster. The first view waits for it; later refreshes
   * run in the background and show on the next view: a refresh never fails the page, and a failure is
   * logged, never swallowed.
   */
  private async refreshRoster(scope: CourseScope): Promise<boolean> {
    const course = await this.deps.people.course(scope);
    const refresh = this.deps.roster.refreshIfStale(scope, ROSTER_MAX_AGE_MS);
    if (!course?.rosterSyncedAt) return (await refresh).error === "NRPS_FAILED";
    refresh.catch((error: unknown) => {
      this.deps.log.warn(
        { platformId: scope.platformId, err: error instanceof Error ? error.message : String(error) },
        "background roster refresh failed",
      );
    });
    return false;
  }
}

/** The filters as stored values: state codes at the columns' positions, days and weeks as dates. */
function rowQuery(
  frameworkId: string,
  readerId: string,
  columns: readonly CohortColumn[],
  filters: CohortFilters,
  tutees: string[],
  now: Date,
  page: number,
): CohortRowQuery {
  const ago = (days: number): Date => new Date(now.getTime() - days * DAY_MS);
  return {
    frameworkId,
    excludeLearnerId: readerId,
    // "Not started" is an empty cell: rows start with one "n" per competence.
    ...(filters.state
      ? { state: { code: STATE_CODES[filters.state], positions: columns.map((column) => column.position) } }
      : {}),
    ...(filters.waiting !== undefined ? { waitingSince: ago(filters.waiting) } : {}),
    ...(filters.inactive !== undefined ? { quietSince: ago(filters.inactive * 7) } : {}),
    neverLaunched: filters.never,
    tutees,
    onlyTutees: filters.mine,
    sort: filters.sort,
    skip: (page - 1) * COHORT_PAGE_SIZE,
    limit: COHORT_PAGE_SIZE,
  };
}

function cohortLearner(
  row: CohortRow,
  person: Person | undefined,
  tutees: ReadonlySet<string>,
  now: Date,
): CohortLearner {
  const summary: SummaryRow = row;
  return {
    learnerId: row.learnerId,
    // A person erased since the row was written keeps a row under an anonymous name.
    name: displayName(person ?? { name: undefined, givenName: undefined, familyName: undefined, sub: "?" }),
    neverLaunched: row.neverLaunched,
    tutee: tutees.has(row.learnerId),
    summary,
    validated: row.validated,
    oldestWaiting: row.oldestWaiting ? waitingDays(row.oldestWaiting, now) : null,
    lastActivity: row.lastActivityAt,
    quietWeeks: inactiveWeeks(row.lastActivityAt, now),
  };
}
