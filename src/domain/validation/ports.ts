// What the validation use cases need from the outside world; persistence implements these.
import type { Actor } from "../actor.js";
import type { FrameworkCatalog } from "../frameworks/catalog.js";
import type { CompetenceKey, CompetenceRecord } from "./records.js";
import type { RecordChange } from "./transition.js";
import type { CourseScope } from "../course.js";
import type { TeachingScopes } from "../people/teaching-scopes.js";

export type { CourseScope } from "../course.js";

/** One competence of one learner in one course: what the competence pages and their actions act on. */
export interface CompetenceRef {
  scope: CourseScope;
  learnerId: string;
  frameworkId: string;
  code: string;
}

/** What the grades engineer reads to compute the LMS score of a learner (issue 6). */
export interface LearnerProgress {
  /** Assessable competences of the framework. */
  required: number;
  /** Competences in state "validated" (with double validation: once the second approval is in). */
  validated: number;
  levels: { code: string; levelCode: string }[];
  lastChangeAt: Date | null;
}

export interface ProgressReader {
  learnerProgress(scope: CourseScope, learnerId: string, frameworkId: string): Promise<LearnerProgress>;
}

export interface CompetenceRecordStore {
  find(key: CompetenceKey): Promise<CompetenceRecord | null>;
  /** The record, created in state not_started when it does not exist yet. */
  ensure(key: CompetenceKey, now: Date): Promise<CompetenceRecord>;
  /**
   * Writes a change computed from `record` in one atomic update, only if the record is still at
   * revision `expectedRev` (default record.rev). null when someone else changed it first.
   */
  apply(
    record: CompetenceRecord,
    change: RecordChange,
    options: { now: Date; expectedRev?: number; assignedValidatorIds?: string[] },
  ): Promise<CompetenceRecord | null>;
  forLearner(scope: CourseScope, learnerId: string, frameworkId: string): Promise<CompetenceRecord[]>;
}

export interface RequestItem {
  code: string;
  recordId: string;
}

export interface ValidationRequest extends CourseScope {
  id: string;
  learnerId: string;
  frameworkId: string;
  basis: "traces" | "prior_practice";
  items: RequestItem[];
  assignedValidatorIds: string[];
  createdAt: Date;
}

export interface RequestStore {
  create(request: ValidationRequest): Promise<void>;
  byId(platformId: string, id: string): Promise<ValidationRequest | null>;
  removeItem(platformId: string, id: string, code: string): Promise<void>;
}

export interface SelfAssessment extends CompetenceKey {
  id: string;
  level: string;
  justification: string;
  traceIds: string[];
  traceRevisions: number[];
  createdAt: Date;
}

/** A competence's append-only history: what was added stays, read back by the competence's key. */
export interface CompetenceHistory<Entry> {
  append(entry: Entry): Promise<void>;
  history(key: CompetenceKey): Promise<Entry[]>;
}

/** Newest first: the learner's history of what they believed is kept. */
export type SelfAssessmentStore = CompetenceHistory<SelfAssessment>;

/** Formative comments: an exchange about the work, never a decision. */
export interface FormativeComment extends CompetenceKey {
  id: string;
  authorId: string;
  authorRole: "learner" | "teacher" | "tutor" | "lead";
  body: string;
  requestId?: string;
  createdAt: Date;
}

/** Oldest first, as a conversation reads. */
export type CommentStore = CompetenceHistory<FormativeComment>;

export type NotificationKind =
  | "request_received"
  | "resubmitted"
  | "decision"
  // The support space: always the same words, naming nothing (see domain/support/notifier.ts).
  | "support_message"
  | "withdrawn"
  | "proposal"
  | "proposal_answered"
  | "comment"
  | "reminder"
  | "tutoring_assigned"
  // Tutees past their programme's contact rhythm (the tutoring area's daily job).
  | "tutoring_rhythm"
  // The portfolio's exchanges on traces (in-app only; see TraceNotifier in domain/portfolio/ports.ts).
  | "trace_shared"
  | "trace_reply"
  | "trace_comment"
  | "trace_validated"
  | "trace_to_rework"
  // Group sessions and individual interviews (src/domain/sessions).
  | "session_convened"
  | "session_updated"
  | "session_cancelled"
  | "session_report"
  | "interview_opened"
  | "interview_prepared"
  | "interview_completed"
  | "interview_signed"
  // The tutor's synthesis for the jury, shared with the learner to read (src/domain/dossier/synthesis.ts).
  | "synthesis_shared";

export interface NewNotification {
  platformId: string;
  userId: string;
  kind: NotificationKind;
  params: Record<string, string | number>;
  /** Where it happened, so a link can be offered from a launch in the same course. */
  deploymentId?: string;
  contextId?: string;
  /** Path under /l/<launchId>/, e.g. "validation/requests/<id>". */
  path?: string;
  /** Also worth an e-mail (decisions for learners). */
  email?: boolean;
}

export interface NotificationSink {
  notify(notifications: NewNotification[], now: Date): Promise<void>;
}

/** A notification waiting for its e-mail (decisions for learners), as the hourly job sends them. */
export interface QueuedEmail {
  id: string;
  platformId: string;
  userId: string;
  kind: NotificationKind;
  params: Record<string, string | number>;
}

export interface EmailOutbox {
  pendingEmails(limit?: number): Promise<QueuedEmail[]>;
  markEmailed(ids: readonly string[], now: Date): Promise<void>;
  /** No address or no SMTP: stop waiting for an e-mail that will not be sent. */
  dropEmails(ids: readonly string[]): Promise<void>;
}

export interface TeachingDirectory {
  /** Membership with role teacher or admin in that course (courses other than the launch's). */
  teachesIn(platformId: string, userId: string, scope: CourseScope): Promise<boolean>;
  isTutorOf(platformId: string, tutorId: string, learnerId: string): Promise<boolean>;
  /** The person is (or was) a member of the course: teachers act only on their own course's learners. */
  isMemberOf(scope: CourseScope, userId: string): Promise<boolean>;
  /** Who teaches in the course (memberships teacher/admin, not deleted). */
  courseValidators(scope: CourseScope): Promise<string[]>;
  /** The learner's tutors, oldest relation first. */
  tutorsOf(platformId: string, learnerId: string): Promise<string[]>;
}

export interface CourseRules {
  validationsRequired: number;
  reminderAfterDays: number;
  referentUserId?: string;
  frameworkId?: string;
}

export interface CourseRulesReader {
  get(scope: CourseScope): Promise<CourseRules>;
}

export interface TraceSummary {
  id: string;
  title: string;
  revision: number;
  /** The competences the learner tagged the trace with (absent where the source does not say). */
  competences?: readonly { frameworkId: string; code: string }[];
}

/**
 * The traces of a learner that the actor may read under the portfolio's sharing rules; a NotFoundError
 * when the portfolio does not let them follow this learner at all.
 */
export interface ReadableTraces {
  tracesOfLearner(actor: Actor, learnerId: string): Promise<TraceSummary[]>;
}

/** The learner's traces, as the portfolio knows them (evidence is cited by id and revision). */
export interface TraceCatalog {
  listForLearner(platformId: string, learnerId: string): Promise<TraceSummary[]>;
  byIds(platformId: string, learnerId: string, ids: readonly string[]): Promise<TraceSummary[]>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An iCalendar invitation, sent as text/calendar with its METHOD (RFC 6047) and as an .ics file. */
  calendar?: { method: "REQUEST" | "CANCEL"; content: string };
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
}

export interface ValidationDeps {
  records: CompetenceRecordStore;
  requests: RequestStore;
  selfAssessments: SelfAssessmentStore;
  comments: CommentStore;
  notifications: NotificationSink;
  directory: TeachingDirectory;
  /** Whom the actor follows (courses taught, tutees): the one rule behind every "may decide". */
  teachingScopes: Pick<TeachingScopes, "of">;
  frameworks: FrameworkCatalog;
  rules: CourseRulesReader;
  traces: TraceCatalog;
  /** What a trainer may cite in a proposal: traces of the learner they may read. */
  readable: ReadableTraces;
  clock: { now(): Date };
  newId: () => string;
  /**
   * Told when a validation is withdrawn (credentials revoke what it proved). A failure here never
   * undoes the withdrawal: the credentials' status list reconciles with the records before it is read.
   */
  onWithdrawn?: (key: CompetenceKey) => Promise<void>;
}
