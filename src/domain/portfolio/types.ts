// The portfolio's records: traces (the learner's evidence), their revisions, comments and decisions.
import type { CourseRef } from "../course.js";
import type { LocalizedText } from "../frameworks/framework.js";

export type { CourseRef, LocalizedText };
export { sameCourse } from "../course.js";

/**
 * Where a trace is in its review: private work, shared and waiting, feedback received, revised after
 * feedback, then a tutor's decision. "to_rework" is shown as « à reprendre », never as a refusal.
 */
export const TRACE_STATUSES = ["draft", "shared", "feedback", "revised", "validated", "to_rework"] as const;
export type TraceStatus = (typeof TRACE_STATUSES)[number];

/**
 * The master switch of a trace's audience: private (nobody but its author, whatever was chosen
 * before), shared with the people chosen, or shared with them and the author's tutoring group.
 * ("tutors" is the stored name of "shared": traces were first shared with tutors only.)
 */
export const VISIBILITIES = ["private", "tutors", "group"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The people an author chose, besides the formateurs of the courses a trace is shared in. */
export interface TraceReaders {
  /** "My tutors": the author's tutors and peer tutors. */
  tutors: boolean;
  /**
   * Those tutors as they were when the author chose (or last agreed): a tutor appointed later reads
   * the trace only once the author agrees. null on traces shared before Carnet kept them: every
   * current tutor reads them, as it was then.
   */
  tutorIds: string[] | null;
  /** People the author named (Carnet user ids of the platform). */
  people: string[];
}

export const NO_READERS: TraceReaders = { tutors: false, tutorIds: [], people: [] };

/** How far the writer has got in one section of a trace. */
export const SECTION_PROGRESS = ["empty", "draft", "done"] as const;
export type SectionProgress = (typeof SECTION_PROGRESS)[number];

export const DECISION_OUTCOMES = ["validated", "to_rework"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export interface TraceSection {
  key: string;
  /** The section's title when the trace was created (a type's later changes do not rename it). */
  title: LocalizedText;
  /** Markdown source, never HTML: it is rendered and sanitized on display. */
  body: string;
  progress: SectionProgress;
}

export interface CompetenceTag {
  /** Id of the framework version the code belongs to. */
  frameworkId: string;
  code: string;
  /** Level the learner claims, a code of the framework's scale; null when none is claimed. */
  level: string | null;
}

export interface SituationTag {
  frameworkId: string;
  code: string;
}

export interface TraceLink {
  url: string;
  label: string;
}

export interface AttachmentRef {
  id: string;
  filename: string;
  /** The type sniffed from the content when it was stored, never the one the browser declared. */
  mime: string;
  size: number;
  uploadedAt: Date;
  uploadedBy: string;
}

/** What the learner writes; a revision keeps a copy of it. */
export interface TraceContent {
  title: string;
  /** The day of the situation or activity, YYYY-MM-DD. */
  date: string;
  /** Placement or period, free text: "SASPAS S5", "Stage en responsabilité, collège Jean Macé". */
  placement: string;
  sections: TraceSection[];
  competences: CompetenceTag[];
  situations: SituationTag[];
}

export interface Trace extends TraceContent {
  id: string;
  platformId: string;
  /** Carnet's user id of the learner: the portfolio follows them across courses of the platform. */
  ownerId: string;
  /** The course the trace was written from, for information only: it grants no access. */
  origin: { deploymentId: string; contextId: string | null };
  typeKey: string;
  links: TraceLink[];
  attachments: AttachmentRef[];
  visibility: Visibility;
  /** Courses whose teachers may read the trace while it is shared. */
  sharedIn: CourseRef[];
  /** Tutors and named people who may read the trace while it is shared. */
  sharedWith: TraceReaders;
  status: TraceStatus;
  /** Number of the current revision (1 for a new trace). */
  revision: number;
  lastComment: { authorId: string; at: Date } | null;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
}

/** An immutable copy of a trace's content as it was saved. */
export interface TraceRevision extends TraceContent {
  id: string;
  platformId: string;
  traceId: string;
  ownerId: string;
  number: number;
  authorId: string;
  createdAt: Date;
}

export type CommentAuthorRole = "owner" | "reviewer" | "peer";

/** Formative exchange: never a decision. */
export interface TraceComment {
  id: string;
  platformId: string;
  traceId: string;
  ownerId: string;
  authorId: string;
  authorRole: CommentAuthorRole;
  /** Markdown source. */
  body: string;
  /** The revision the comment was written on. */
  revision: number;
  createdAt: Date;
}

/** A tutor's decision on the trace (not on a competence: that is the validation workflow). */
export interface TraceDecision {
  id: string;
  platformId: string;
  traceId: string;
  ownerId: string;
  deciderId: string;
  outcome: DecisionOutcome;
  reason: string;
  revision: number;
  /** The course the decider acted from, when there was one. */
  course: CourseRef | null;
  createdAt: Date;
}
