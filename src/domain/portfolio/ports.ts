// What the portfolio needs from the outside world; persistence implements these, tests may too.
import type { Readable } from "node:stream";
import type { EvidenceGrant } from "../../policies/portfolio.js";
import type { Actor } from "../actor.js";
import type { TraceTypeDefinition } from "./trace-types.js";
import type {
  AttachmentRef,
  CompetenceTag,
  CourseRef,
  SituationTag,
  Trace,
  TraceComment,
  TraceDecision,
  TraceRevision,
  TraceSection,
  TraceStatus,
  Visibility,
} from "./types.js";

/**
 * Personal tutoring relations, kept by the validation/tutoring area (collection tutoring_relations).
 * Every answer is a list of Carnet user ids of the same platform.
 */
export interface TutoringDirectory {
  tutorsOf(platformId: string, learnerId: string): Promise<string[]>;
  /** The learner's peer tutors (fellow interns who read and comment). */
  peerTutorsOf(platformId: string, learnerId: string): Promise<string[]>;
  tuteesOf(platformId: string, tutorId: string): Promise<string[]>;
  /** The other learners of the learner's tutoring group(s). */
  groupPeersOf(platformId: string, learnerId: string): Promise<string[]>;
}

/** Read access to traces granted by validation requests (their evidence); none until that area plugs in. */
export interface EvidenceGrantSource {
  grantsFor(actor: Actor): Promise<EvidenceGrant[]>;
}

export const NO_EVIDENCE_GRANTS: EvidenceGrantSource = { grantsFor: () => Promise.resolve([]) };

export interface SharedTraceQuery {
  /** Traces shared in one of these courses… */
  courses: readonly CourseRef[];
  /** …or owned by one of these learners (the actor's tutees)… */
  ownerIds: readonly string[];
  /** …or naming this person among their readers. */
  readerId?: string;
  visibilities: readonly Visibility[];
}

/** A trace as the lists show it: no section titles, no files' details, no audience (never read for a list). */
export type TraceListItem = Pick<
  Trace,
  | "id"
  | "ownerId"
  | "title"
  | "typeKey"
  | "date"
  | "placement"
  | "status"
  | "visibility"
  | "revision"
  | "lastActivityAt"
> & {
  /** Each section's text (the excerpt is the first that is not empty) and progress. */
  sections: readonly Pick<TraceSection, "body" | "progress">[];
  /** The tags (the views by competence group traces by them), without a competence's level. */
  competences: readonly Pick<CompetenceTag, "frameworkId" | "code">[];
  situations: readonly SituationTag[];
  /** Only counted: files and links. */
  attachments: readonly unknown[];
  links: readonly unknown[];
};

/** Which of the owner's traces the timeline shows, and which page of them. */
export interface TimelineQuery {
  status?: TraceStatus | undefined;
  typeKey?: string | undefined;
  skip: number;
  limit: number;
}

/** How many of the owner's traces have this status and this type. */
export interface TraceTally {
  status: TraceStatus;
  typeKey: string;
  count: number;
}

/** The home's counts: every trace by status and type, and how many await their owner. */
export interface TraceCounts {
  tallies: TraceTally[];
  awaitingOwner: number;
}

/** A trace as validation cites it: its title, revision and competence tags (validation's TraceSummary). */
export interface TaggedTrace {
  id: string;
  title: string;
  revision: number;
  competences: { frameworkId: string; code: string }[];
}

/** Changes to a trace; `expectedRevision` guards against two saves from stale pages. */
export type TracePatch = Partial<
  Omit<Trace, "id" | "platformId" | "ownerId" | "origin" | "typeKey" | "createdAt" | "attachments">
>;

export interface PortfolioStore {
  insertTrace(trace: Trace): Promise<void>;
  findTrace(platformId: string, traceId: string): Promise<Trace | null>;
  /** The owner's traces, newest situation first. */
  tracesOf(platformId: string, ownerId: string, limit?: number): Promise<Trace[]>;
  /** One page of the owner's traces, newest situation first (then newest written, then by id). */
  timelinePage(platformId: string, ownerId: string, query: TimelineQuery): Promise<TraceListItem[]>;
  /** The owner's traces counted by status and type: every trace, whatever a list's filter. */
  traceTallies(platformId: string, ownerId: string): Promise<TraceTally[]>;
  /** The same tallies, and how many of the traces await their owner (the home's counts), in one read. */
  traceCounts(platformId: string, ownerId: string): Promise<TraceCounts>;
  /** Every trace of the owner as the lists show them, newest situation first. */
  listedTraces(platformId: string, ownerId: string): Promise<TraceListItem[]>;
  /** The owner's traces with the most recent activity first. */
  recentTraces(platformId: string, ownerId: string, limit: number): Promise<TraceListItem[]>;
  /**
   * The owner's traces that need the owner (feedback to take in, rework asked, someone else's comment last),
   * in full.
   */
  tracesAwaitingOwner(platformId: string, ownerId: string): Promise<Trace[]>;
  /** The owner's newest traces with their tags only. */
  taggedTraces(platformId: string, ownerId: string, limit: number): Promise<TaggedTrace[]>;
  sharedTraces(platformId: string, query: SharedTraceQuery): Promise<Trace[]>;
  /**
   * Applies the patch if the trace is still at `expectedRevision` (any revision when null); returns
   * the updated trace, or null when it changed in between (or does not exist).
   */
  updateTrace(
    platformId: string,
    traceId: string,
    expectedRevision: number | null,
    patch: TracePatch,
  ): Promise<Trace | null>;
  addAttachment(
    platformId: string,
    traceId: string,
    attachment: AttachmentRef,
    at: Date,
  ): Promise<Trace | null>;
  removeAttachment(
    platformId: string,
    traceId: string,
    attachmentId: string,
    at: Date,
  ): Promise<Trace | null>;

  /** False when that revision number already exists (another save won). */
  insertRevision(revision: TraceRevision): Promise<boolean>;
  revisions(platformId: string, traceId: string): Promise<TraceRevision[]>;
  revision(platformId: string, traceId: string, number: number): Promise<TraceRevision | null>;

  insertComment(comment: TraceComment): Promise<void>;
  comments(platformId: string, traceId: string): Promise<TraceComment[]>;

  insertDecision(decision: TraceDecision): Promise<void>;
  decisions(platformId: string, traceId: string): Promise<TraceDecision[]>;

  customTraceTypes(platformId: string): Promise<TraceTypeDefinition[]>;
  insertTraceType(platformId: string, type: TraceTypeDefinition, createdBy: string, at: Date): Promise<void>;
  setTraceTypeArchived(platformId: string, key: string, archived: boolean): Promise<boolean>;
}

export interface StoredFile {
  id: string;
  filename: string;
  mime: string;
  size: number;
  stream: Readable;
}

/** Attached files (GridFS); every call is scoped by platform and trace. */
/** A file on its way into a trace, its bytes as they come. */
export interface NewAttachment {
  platformId: string;
  ownerId: string;
  traceId: string;
  filename: string;
  mime: string;
  content: AsyncIterable<Uint8Array>;
  at: Date;
}

export interface AttachmentStore {
  /**
   * Stores the bytes as they come, never holding the whole file; when `content` throws, whatever was
   * written is removed before the error is passed on.
   */
  save(input: NewAttachment): Promise<string>;
  open(platformId: string, traceId: string, fileId: string): Promise<StoredFile | null>;
  delete(platformId: string, traceId: string, fileId: string): Promise<void>;
}

/** Where log lines about refused access go (pino's logger fits). */
export interface PortfolioLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Course memberships as the LMS told Carnet (launches and rosters). */
export interface CourseRoster {
  /** The courses of the platform where the person is a learner. */
  learnerCourses(platformId: string, userId: string): Promise<CourseRef[]>;
  /** The people teaching in that course (active memberships teacher/admin): its trainers. */
  teachersOf(platformId: string, course: CourseRef): Promise<string[]>;
}

/**
 * What happened on a trace, told to one person: shared with them, commented on (by the learner to the
 * reviewers, by a reviewer or a peer to the learner), decided on. In-app notifications of the validation
 * area (NotificationRepository), which render `validation:notifications.kinds.<kind>`; the person
 * params (`by`, `learnerId`) are user ids the page turns into names.
 */
export type TraceNoticeKind =
  "trace_shared" | "trace_reply" | "trace_comment" | "trace_validated" | "trace_to_rework";

export interface TraceNotice {
  platformId: string;
  userId: string;
  kind: TraceNoticeKind;
  /** Always `title`; `by` (who acted) or `learnerId` (the trace's author). */
  params: Record<string, string>;
  /** The course a link to the trace is offered from. */
  deploymentId: string;
  contextId?: string;
  /** Path under /l/<launchId>/: "traces/<id>". */
  path: string;
}

export interface TraceNotifier {
  notify(notices: TraceNotice[], now: Date): Promise<void>;
}
