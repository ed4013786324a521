// A trace's review life cycle: which events move it where. Pure; the service applies the result.
import type { SectionProgress, TraceSection, TraceStatus } from "./types.js";

/**
 * - share: the learner opens the trace to tutors (or their group);
 * - unshare: the learner takes it back to private;
 * - revise: the learner saves a new revision;
 * - reviewer_comment: a tutor or teacher comments (formative feedback);
 * - validate / rework: a tutor's decision on the trace.
 */
export const TRACE_EVENTS = ["share", "unshare", "revise", "reviewer_comment", "validate", "rework"] as const;
export type TraceEvent = (typeof TRACE_EVENTS)[number];

type Transitions = Record<TraceEvent, Partial<Record<TraceStatus, TraceStatus>>>;

/** Missing entries are refused. A validated trace is frozen until a tutor asks for it to be reworked. */
const TRANSITIONS: Transitions = {
  share: {
    draft: "shared",
    shared: "shared",
    feedback: "feedback",
    revised: "revised",
    validated: "validated",
    to_rework: "to_rework",
  },
  unshare: {
    draft: "draft",
    shared: "draft",
    feedback: "draft",
    revised: "draft",
    validated: "validated",
    to_rework: "to_rework",
  },
  revise: {
    draft: "draft",
    shared: "shared",
    feedback: "revised",
    revised: "revised",
    to_rework: "revised",
  },
  reviewer_comment: {
    shared: "feedback",
    feedback: "feedback",
    revised: "feedback",
    validated: "validated",
    to_rework: "to_rework",
  },
  validate: {
    shared: "validated",
    feedback: "validated",
    revised: "validated",
    to_rework: "validated",
  },
  rework: {
    shared: "to_rework",
    feedback: "to_rework",
    revised: "to_rework",
    validated: "to_rework",
  },
};

/** The status after the event, or null when the event is not allowed from this status. */
export function nextStatus(status: TraceStatus, event: TraceEvent): TraceStatus | null {
  return TRANSITIONS[event][status] ?? null;
}

export function canApply(status: TraceStatus, event: TraceEvent): boolean {
  return nextStatus(status, event) !== null;
}

/** Statuses in which the learner is expected to act (feedback to take in, rework asked). */
export function awaitsLearner(status: TraceStatus): boolean {
  return status === "feedback" || status === "to_rework";
}

/** Statuses in which a reviewer is expected to read (first sharing, or a revision after feedback). */
export function awaitsReviewer(status: TraceStatus): boolean {
  return status === "shared" || status === "revised";
}

const PROGRESS_WEIGHT: Record<SectionProgress, number> = { empty: 0, draft: 0.5, done: 1 };

/** How far the trace is written, 0–100: a section in progress counts for half. */
export function progressPercent(sections: readonly Pick<TraceSection, "progress">[]): number {
  if (sections.length === 0) return 0;
  const total = sections.reduce((sum, section) => sum + PROGRESS_WEIGHT[section.progress], 0);
  return Math.round((total / sections.length) * 100);
}

/** A section with text is at least in progress, whatever the select said. */
export function effectiveProgress(body: string, chosen: SectionProgress): SectionProgress {
  return chosen === "empty" && body.trim() !== "" ? "draft" : chosen;
}
