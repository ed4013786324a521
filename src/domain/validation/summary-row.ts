// The compact per-learner projection of competence records that the queue and the cohort matrix read:
// one row per (course, framework, learner), one character per competence in the framework's order.
import type { CourseRef, CourseScope } from "../course.js";
import { COMPETENCE_STATES, type CompetenceState } from "./states.js";

/** An item waiting for a validator, as the queue groups it. */
export interface PendingEntry {
  code: string;
  requestId?: string;
  waitingSince: Date;
  assignedValidatorIds: string[];
  approverIds: string[];
}

export interface SummaryRow {
  id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  frameworkId: string;
  learnerId: string;
  /** One character per assessable competence, in the framework's order (see STATE_CODES). */
  states: string;
  /** One character per competence: index of the validated level in the scale (base 36), "-" for none. */
  levels: string;
  /** Same for the self-assessed level, on the framework's self-assessment scale. */
  selfLevels: string;
  /** One digit per competence: approvals so far (double validation). */
  approvals: string;
  /** Oldest first; empty in the cohort's rows (only the queue reads the items). */
  pending: PendingEntry[];
  pendingKeys: string[];
  validated: number;
  learnerActivityAt?: Date;
  oldestWaiting?: Date;
}

export const STATE_CODES: Record<CompetenceState, string> = {
  not_started: "n",
  self_assessed: "a",
  submitted: "s",
  more_evidence: "m",
  resubmitted: "r",
  validated: "v",
  withdrawn: "w",
};

const STATE_BY_CODE = new Map<string, CompetenceState>(
  COMPETENCE_STATES.map((state) => [STATE_CODES[state], state]),
);

/** The state at a position of a row's `states` (undefined past its end or for an unknown code). */
export function stateAt(states: string, position: number): CompetenceState | undefined {
  return position < 0 ? undefined : STATE_BY_CODE.get(states.charAt(position));
}

/** Which rows to read: the courses a person teaches and their tutees (a teaching scope, as data). */
export interface FollowedLearners {
  courses: readonly CourseRef[];
  learnerIds: readonly string[];
}

/** The summary rows as the queue and the cohort matrix need them; persistence keeps them in step. */
export interface CompetenceSummaries {
  /** The course's rows for one framework, without their pending items. */
  rows(scope: CourseScope, frameworkId: string): Promise<SummaryRow[]>;
  /** Rows with pending items, in these courses or of these learners (with the items). */
  pending(platformId: string, among: FollowedLearners): Promise<SummaryRow[]>;
  /** Requests waiting in these courses or for these learners, without reading the items. */
  pendingRequestCount(platformId: string, among: FollowedLearners, excludeLearnerId: string): Promise<number>;
}
