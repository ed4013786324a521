// The port through which the cohort matrix reads one page of its learners: filters, sort and paging
// are done by the store on the per-learner summary rows, so a view reads the page's rows only.
import type { CourseScope } from "../course.js";
import type { SummaryRow } from "./summary-row.js";

export const COHORT_SORTS = ["name", "progress", "waiting", "activity"] as const;
export type CohortSort = (typeof COHORT_SORTS)[number];

/** What one view of the matrix asks for, already turned into stored values (codes, positions, dates). */
export interface CohortRowQuery {
  frameworkId: string;
  /** The reader never appears in their own matrix. */
  excludeLearnerId: string;
  /** A row matches when one of these positions of `states` holds this state code. */
  state?: { code: string; positions: readonly number[] };
  /** Only rows whose oldest pending item has waited since this date or earlier. */
  waitingSince?: Date;
  /** Only rows with no activity after this date (or none at all). */
  quietSince?: Date;
  neverLaunched: boolean;
  /** The reader's tutees: shown first, in the chosen order. */
  tutees: readonly string[];
  onlyTutees: boolean;
  sort: CohortSort;
  skip: number;
  limit: number;
}

/** A learner of the course as the matrix pages them: the summary row and what the membership adds. */
export interface CohortRow extends SummaryRow {
  neverLaunched: boolean;
  /** The later of the last launch and the learner's last activity on their competences. */
  lastActivityAt?: Date;
}

export interface CohortRowPage {
  rows: CohortRow[];
  /** Rows matching the filters, across all pages. */
  matching: number;
  /** The course's learners before filters. */
  total: number;
}

export interface CohortRows {
  page(scope: CourseScope, query: CohortRowQuery): Promise<CohortRowPage>;
}
