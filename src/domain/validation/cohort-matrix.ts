// The cohort matrix of a course: its learners × the framework's competences, from three reads however
// large the course (memberships with names, one compact summary row per learner, the teaching scope),
// filtered (state, waiting longer than N days, no activity for N weeks, never launched, my tutees,
// one domain) and sorted, the reader's tutees first.
import type { Actor } from "../actor.js";
import type { CourseScope } from "../course.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import { leafCompetences, type CompetenceNode } from "../frameworks/framework.js";
import type { TeachingScopes } from "../people/teaching-scopes.js";
import type { Course, CourseMember } from "../people/people.js";
import { displayName } from "../people/people.js";
import type { CourseRules, CourseRulesReader } from "./ports.js";
import type { CompetenceState } from "./states.js";
import { stateAt, type CompetenceSummaries, type SummaryRow } from "./summary-row.js";
import { inactiveWeeks, waitingDays } from "./waiting.js";

export const COHORT_SORTS = ["name", "progress", "waiting", "activity"] as const;
export type CohortSort = (typeof COHORT_SORTS)[number];

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
  /** The learners shown, filtered and sorted. */
  learners: CohortLearner[];
  /** Every learner of the course, before filters. */
  total: number;
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
    members(scope: CourseScope, role?: string): Promise<CourseMember[]>;
  };
  summaries: Pick<CompetenceSummaries, "rows">;
  scopes: Pick<TeachingScopes, "of">;
  /** Brings the course's learners from the LMS (NRPS); answers with the reason when it cannot. */
  roster: { refreshIfStale(scope: CourseScope, maxAgeMs: number): Promise<{ error?: string }> };
  log: { warn(details: Record<string, unknown>, message: string): void };
  clock: { now(): Date };
}

export class CohortMatrixQuery {
  constructor(private readonly deps: CohortMatrixDeps) {}

  async matrix(actor: Actor, scope: CourseScope, filters: CohortFilters): Promise<CohortMatrix> {
    const rosterError = await this.refreshRoster(scope);
    const [framework, rules, members, teaching] = await Promise.all([
      this.deps.frameworks.forPlacement({ ...scope, resourceLinkId: actor.resourceLinkId }),
      this.deps.rules.get(scope),
      this.deps.people.members(scope, "learner"),
      this.deps.scopes.of(actor),
    ]);
    const summaries = framework ? await this.deps.summaries.rows(scope, framework.id) : [];
    const byLearner = new Map(summaries.map((row) => [row.learnerId, row]));
    const leaves = framework ? leafCompetences(framework.definition) : [];
    const columns = leaves
      .map(({ node, path }, position) => ({ node, path, position }))
      .filter(({ path }) => filters.domain === "" || path[0] === filters.domain)
      .map(({ node, position }) => ({ node, position }));
    const now = this.deps.clock.now();
    const learners = members
      .filter((member) => !member.roles.includes("teacher") && member.id !== actor.userId)
      .map((member) => cohortLearner(member, byLearner.get(member.id), teaching.tutees, now));
    return {
      framework,
      columns,
      required: leaves.length,
      domains: framework ? framework.definition.competences.filter((node) => node.children.length > 0) : [],
      rules,
      learners: sortLearners(
        learners.filter((learner) => matches(learner, columns, filters)),
        filters.sort,
      ),
      total: learners.length,
      rosterError,
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

function cohortLearner(
  member: CourseMember,
  summary: SummaryRow | undefined,
  tutees: ReadonlySet<string>,
  now: Date,
): CohortLearner {
  const lastActivity = [member.lastLaunchAt, summary?.learnerActivityAt].reduce<Date | undefined>(
    (max, at) => (at && (!max || at > max) ? at : max),
    undefined,
  );
  return {
    learnerId: member.id,
    name: displayName(member),
    neverLaunched: member.source === "roster" && !member.lastLaunchAt,
    tutee: tutees.has(member.id),
    summary,
    validated: summary?.validated ?? 0,
    oldestWaiting: summary?.oldestWaiting ? waitingDays(summary.oldestWaiting, now) : null,
    lastActivity,
    quietWeeks: inactiveWeeks(lastActivity, now),
  };
}

/** A row matches the state filter through the columns shown: "not started" means one empty cell. */
function matches(learner: CohortLearner, columns: readonly CohortColumn[], filters: CohortFilters): boolean {
  const wanted = filters.state;
  if (wanted) {
    const states = columns.map(
      ({ position }) => stateAt(learner.summary?.states ?? "", position) ?? "not_started",
    );
    if (!states.includes(wanted)) return false;
  }
  const waitingAtLeast = filters.waiting;
  if (
    waitingAtLeast !== undefined &&
    (learner.oldestWaiting === null || learner.oldestWaiting < waitingAtLeast)
  )
    return false;
  const quietFor = filters.inactive;
  if (quietFor !== undefined && learner.quietWeeks !== null && learner.quietWeeks < quietFor) return false;
  if (filters.never && !learner.neverLaunched) return false;
  return !filters.mine || learner.tutee;
}

function sortLearners(learners: CohortLearner[], sort: CohortSort): CohortLearner[] {
  const byName = (a: CohortLearner, b: CohortLearner): number => a.name.localeCompare(b.name, "fr");
  const sorters: Record<CohortSort, (a: CohortLearner, b: CohortLearner) => number> = {
    name: byName,
    progress: (a, b) => a.validated - b.validated || byName(a, b),
    waiting: (a, b) => (b.oldestWaiting ?? -1) - (a.oldestWaiting ?? -1) || byName(a, b),
    activity: (a, b) => (a.lastActivity?.getTime() ?? 0) - (b.lastActivity?.getTime() ?? 0) || byName(a, b),
  };
  // A tutor sees their own tutees first, in the chosen order.
  return learners.sort((a, b) => Number(b.tutee) - Number(a.tutee) || sorters[sort](a, b));
}
