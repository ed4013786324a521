// The portfolio's use cases: write, revise, share, comment on and decide on traces, attach files.
// Every read and write goes through the policy; a refusal is a 404 that says nothing of the trace.
import type { Clock } from "../../clock.js";
import { NotFoundError } from "../../errors.js";
import { hasRole, teachesHere, type Actor } from "../actor.js";
import type { FrameworkCatalog, StoredFramework } from "../frameworks/catalog.js";
import { findCompetence, isAssessable } from "../frameworks/framework.js";
import { contentChanged } from "./diff.js";
import { PortfolioError } from "./errors.js";
import { inspectUpload, storedFilename, UploadRefusal, type UploadRefusalCode } from "./files.js";
import { effectiveProgress, nextStatus, type TraceEvent } from "./lifecycle.js";
import {
  canComment,
  canDecide,
  canEdit,
  canRead,
  isGroupPeer,
  isOwner,
  reviewerKind,
  traceAbilities,
  type EvidenceGrant,
  type TraceAbilities,
  type TraceRelations,
} from "../../policies/portfolio.js";
import {
  NO_EVIDENCE_GRANTS,
  type AttachmentStore,
  type CourseRoster,
  type EvidenceGrantSource,
  type PortfolioLog,
  type PortfolioStore,
  type StoredFile,
  type TraceNotice,
  type TraceNoticeKind,
  type TraceNotifier,
  type TutoringDirectory,
} from "./ports.js";
import { checkTracePrivacy, type PrivacyWarning } from "./privacy.js";
import {
  BUILT_IN_TRACE_TYPES,
  customTraceType,
  emptySections,
  findTraceType,
  type CustomTraceTypeInput,
  type TraceTypeDefinition,
} from "./trace-types.js";
import {
  sameCourse,
  type CommentAuthorRole,
  type CompetenceTag,
  type CourseRef,
  type DecisionOutcome,
  type SectionProgress,
  type SituationTag,
  type Trace,
  type TraceComment,
  type TraceContent,
  type TraceDecision,
  type TraceLink,
  type TraceRevision,
  type TraceSection,
  type Visibility,
} from "./types.js";

export const MAX_ATTACHMENTS = 20;
export const MAX_LINKS = 20;

export interface PortfolioServiceDeps {
  store: PortfolioStore;
  attachments: AttachmentStore;
  tutoring: TutoringDirectory;
  roster: CourseRoster;
  frameworks: FrameworkCatalog;
  clock: Clock;
  newId: () => string;
  log: PortfolioLog;
  uploadMaxBytes: number;
  evidenceGrants?: EvidenceGrantSource;
  /** In-app notifications of sharing, comments and decisions; none when absent. */
  notifier?: TraceNotifier;
}

/** What the editor sends: the content, and tags chosen from one framework. */
export interface TraceInput {
  title: string;
  date: string;
  placement: string;
  sections: { key: string; body: string; progress: SectionProgress }[];
  /** The framework the competence and situation checkboxes came from (null: no tags edited). */
  frameworkId: string | null;
  competences: { code: string; level: string | null }[];
  situations: string[];
}

/** A file as it arrives: its bytes as a stream, and the name the person's computer gave it. */
export interface IncomingFile {
  content: AsyncIterable<Uint8Array>;
  declaredName: string;
}

/** A file stored but not yet part of a trace. */
export interface ReceivedFile {
  id: string;
  filename: string;
  mime: string;
  size: number;
}

export interface SaveResult {
  trace: Trace;
  outcome: "created" | "saved" | "unchanged";
  warnings: PrivacyWarning[];
}

export type UpdateResult = SaveResult | { outcome: "conflict"; trace: Trace };

export interface TraceView {
  trace: Trace;
  relations: TraceRelations;
  can: TraceAbilities;
  /** How the reader relates to the trace. */
  readerRole: "owner" | "tutor" | "teacher" | "peer" | "evidence";
}

export interface WaitingItem {
  trace: Trace;
  reasons: ("feedback" | "rework" | "reply" | "to_read")[];
}

export class PortfolioService {
  private readonly grants: EvidenceGrantSource;

  constructor(private readonly deps: PortfolioServiceDeps) {
    this.grants = deps.evidenceGrants ?? NO_EVIDENCE_GRANTS;
  }

  // ------------------------------------------------------------------------------------------
  // Trace types

  async traceTypes(platformId: string): Promise<TraceTypeDefinition[]> {
    return [...BUILT_IN_TRACE_TYPES, ...(await this.deps.store.customTraceTypes(platformId))];
  }

  async activeTraceTypes(platformId: string): Promise<TraceTypeDefinition[]> {
    return (await this.traceTypes(platformId)).filter((type) => !type.archived);
  }

  async traceType(platformId: string, key: string): Promise<TraceTypeDefinition | undefined> {
    return findTraceType(await this.traceTypes(platformId), key);
  }

  async addTraceType(actor: Actor, input: CustomTraceTypeInput): Promise<TraceTypeDefinition> {
    this.requireAdmin(actor);
    const type = customTraceType(input, this.deps.newId().replace(/-/g, "").slice(0, 6).toLowerCase());
    await this.deps.store.insertTraceType(actor.platformId, type, actor.userId, this.deps.clock.now());
    return type;
  }

  async setTraceTypeArchived(actor: Actor, key: string, archived: boolean): Promise<void> {
    this.requireAdmin(actor);
    const changed = await this.deps.store.setTraceTypeArchived(actor.platformId, key, archived);
    if (!changed) throw new NotFoundError("NOT_FOUND", `trace type ${key}`);
  }

  private requireAdmin(actor: Actor): void {
    if (!hasRole(actor, "admin")) {
      this.deps.log.warn(
        { userId: actor.userId, platformId: actor.platformId },
        "portfolio: admin action refused",
      );
      throw new NotFoundError("PAGE_NOT_FOUND", "trace types: not an admin");
    }
  }

  // ------------------------------------------------------------------------------------------
  // Frameworks for tagging

  /**
   * Frameworks the actor may tag with and see coverage against: those of the launch's course (its
   * default and its placements'), never the platform's whole catalog; administrators see every
   * active one. A launch without a course has none to offer.
   */
  async frameworks(actor: Actor): Promise<StoredFramework[]> {
    if (hasRole(actor, "admin"))
      return (await this.deps.frameworks.list(actor.platformId)).filter(
        (framework) => framework.status === "active",
      );
    if (!actor.contextId) return [];
    return this.deps.frameworks.forCourse({
      platformId: actor.platformId,
      deploymentId: actor.deploymentId,
      contextId: actor.contextId,
    });
  }

  /**
   * The framework to tag with and to show coverage against: the one asked for, else the placement's,
   * else the one the learner's traces use most, else none (the page offers a choice).
   */
  async currentFramework(
    actor: Actor,
    requestedId: string | null,
    traces: readonly Trace[] = [],
  ): Promise<StoredFramework | null> {
    if (requestedId) {
      // Only one of the actor's frameworks, or one their traces already use, may be asked for.
      const used = traces.some((trace) => trace.competences.some((tag) => tag.frameworkId === requestedId));
      const offered =
        used || (await this.frameworks(actor)).some((framework) => framework.id === requestedId);
      const requested = offered ? await this.deps.frameworks.byId(actor.platformId, requestedId) : null;
      if (requested) return requested;
    }
    if (actor.contextId) {
      const placed = await this.deps.frameworks.forPlacement({
        platformId: actor.platformId,
        deploymentId: actor.deploymentId,
        contextId: actor.contextId,
        resourceLinkId: actor.resourceLinkId,
      });
      if (placed) return placed;
    }
    const counts = new Map<string, number>();
    for (const trace of traces) {
      for (const tag of trace.competences)
        counts.set(tag.frameworkId, (counts.get(tag.frameworkId) ?? 0) + 1);
    }
    const mostUsed = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    return mostUsed ? this.deps.frameworks.byId(actor.platformId, mostUsed) : null;
  }

  async frameworkById(platformId: string, id: string): Promise<StoredFramework | null> {
    return this.deps.frameworks.byId(platformId, id);
  }

  private async checkedTags(
    platformId: string,
    input: TraceInput,
    previous: Pick<TraceContent, "competences" | "situations"> | null,
  ): Promise<{ competences: CompetenceTag[]; situations: SituationTag[] }> {
    // Tags from other frameworks (written in another course) are kept as they are.
    const keptCompetences = (previous?.competences ?? []).filter(
      (tag) => tag.frameworkId !== input.frameworkId,
    );
    const keptSituations = (previous?.situations ?? []).filter(
      (tag) => tag.frameworkId !== input.frameworkId,
    );
    if (!input.frameworkId) return { competences: keptCompetences, situations: keptSituations };
    const framework = await this.deps.frameworks.byId(platformId, input.frameworkId);
    if (!framework) throw new PortfolioError("TRACE_TAG_UNKNOWN");
    const definition = framework.definition;
    const levels = new Set(definition.scale.levels.map((level) => level.code));
    const families = new Set(definition.situationFamilies.map((family) => family.code));
    const competences: CompetenceTag[] = [];
    const seen = new Set<string>();
    for (const tag of input.competences) {
      const located = findCompetence(definition, tag.code);
      if (!located || !isAssessable(located.node)) throw new PortfolioError("TRACE_TAG_UNKNOWN");
      if (tag.level !== null && !levels.has(tag.level)) throw new PortfolioError("TRACE_TAG_UNKNOWN");
      if (seen.has(tag.code)) continue;
      seen.add(tag.code);
      competences.push({ frameworkId: framework.id, code: tag.code, level: tag.level });
    }
    const situations: SituationTag[] = [];
    for (const code of new Set(input.situations)) {
      if (!families.has(code)) throw new PortfolioError("TRACE_TAG_UNKNOWN");
      situations.push({ frameworkId: framework.id, code });
    }
    return {
      competences: [...keptCompetences, ...competences],
      situations: [...keptSituations, ...situations],
    };
  }

  // ------------------------------------------------------------------------------------------
  // Writing

  async createTrace(actor: Actor, typeKey: string, input: TraceInput): Promise<SaveResult> {
    const type = await this.traceType(actor.platformId, typeKey);
    if (!type || type.archived) throw new PortfolioError("TRACE_TYPE_NOT_FOUND", {}, `type ${typeKey}`);
    const now = this.deps.clock.now();
    const sections = mergeSections(emptySections(type), input.sections);
    const tags = await this.checkedTags(actor.platformId, input, null);
    const trace: Trace = {
      id: this.deps.newId(),
      platformId: actor.platformId,
      ownerId: actor.userId,
      origin: { deploymentId: actor.deploymentId, contextId: actor.contextId },
      typeKey: type.key,
      title: input.title,
      date: input.date,
      placement: input.placement,
      sections,
      competences: tags.competences,
      situations: tags.situations,
      links: [],
      attachments: [],
      visibility: "private",
      sharedIn: [],
      status: "draft",
      revision: 1,
      lastComment: null,
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
    };
    await this.deps.store.insertTrace(trace);
    await this.deps.store.insertRevision(this.snapshot(trace, actor.userId, now));
    return { trace, outcome: "created", warnings: checkTracePrivacy(trace) };
  }

  /**
   * Saves a new revision. `expectedRevision` is the revision the editor was opened on: when someone
   * (the same learner in another tab) saved in between, nothing is overwritten and the caller shows
   * the submitted text again.
   */
  async updateTrace(
    actor: Actor,
    traceId: string,
    expectedRevision: number,
    input: TraceInput,
  ): Promise<UpdateResult> {
    const { trace } = await this.editable(actor, traceId);
    const content: TraceContent = {
      title: input.title,
      date: input.date,
      placement: input.placement,
      sections: mergeSections(trace.sections, input.sections),
      ...(await this.checkedTags(actor.platformId, input, trace)),
    };
    if (!contentChanged(trace, content))
      return { trace, outcome: "unchanged", warnings: checkTracePrivacy(trace) };
    if (trace.revision !== expectedRevision) return { outcome: "conflict", trace };
    const now = this.deps.clock.now();
    const status = this.transition(trace, "revise");
    const updated = await this.deps.store.updateTrace(actor.platformId, trace.id, trace.revision, {
      ...content,
      status,
      revision: trace.revision + 1,
      updatedAt: now,
      lastActivityAt: now,
    });
    if (!updated) {
      const current = await this.deps.store.findTrace(actor.platformId, traceId);
      if (!current) throw this.notFound(actor, traceId, "vanished");
      return { outcome: "conflict", trace: current };
    }
    await this.deps.store.insertRevision(this.snapshot(updated, actor.userId, now));
    return { trace: updated, outcome: "saved", warnings: checkTracePrivacy(updated) };
  }

  private snapshot(trace: Trace, authorId: string, at: Date): TraceRevision {
    return {
      id: this.deps.newId(),
      platformId: trace.platformId,
      traceId: trace.id,
      ownerId: trace.ownerId,
      number: trace.revision,
      authorId,
      title: trace.title,
      date: trace.date,
      placement: trace.placement,
      sections: trace.sections.map((section) => ({ ...section })),
      competences: trace.competences.map((tag) => ({ ...tag })),
      situations: trace.situations.map((tag) => ({ ...tag })),
      createdAt: at,
    };
  }

  /** The audience: private, tutors or group; with the courses whose teachers may read it. */
  async share(
    actor: Actor,
    traceId: string,
    visibility: Visibility,
    courses: readonly CourseRef[],
  ): Promise<Trace> {
    const { trace, relations } = await this.readable(actor, traceId);
    if (!isOwner(actor, trace)) throw this.notFound(actor, traceId, "share: not the owner");
    let sharedIn = trace.sharedIn;
    if (visibility !== "private") {
      const allowed = await this.deps.roster.learnerCourses(actor.platformId, actor.userId);
      const current = actor.contextId
        ? { deploymentId: actor.deploymentId, contextId: actor.contextId }
        : null;
      const chosen = courses.filter(
        (course) =>
          allowed.some((known) => sameCourse(known, course)) || (current && sameCourse(current, course)),
      );
      // By default, the course the learner is working from.
      sharedIn = chosen.length > 0 ? dedupeCourses(chosen) : current ? [current] : [];
    }
    const status = this.transition(trace, visibility === "private" ? "unshare" : "share");
    const now = this.deps.clock.now();
    const updated = await this.deps.store.updateTrace(actor.platformId, trace.id, null, {
      visibility,
      sharedIn,
      status,
      updatedAt: now,
      lastActivityAt: now,
    });
    if (!updated) throw this.notFound(actor, traceId, "vanished");
    // Told once: the tutors and trainers who could not read it before this share.
    const before = new Set((await this.reviewersOf(trace, relations)).map(({ userId }) => userId));
    const added = (await this.reviewersOf(updated, relations)).filter(({ userId }) => !before.has(userId));
    await this.tell(
      added.map(({ userId, course }) =>
        this.notice(updated, userId, "trace_shared", { learnerId: updated.ownerId }, course),
      ),
      now,
    );
    return updated;
  }

  async addLink(actor: Actor, traceId: string, link: TraceLink): Promise<Trace> {
    const { trace } = await this.editable(actor, traceId);
    if (!isWebUrl(link.url)) throw new PortfolioError("TRACE_LINK_INVALID");
    if (trace.links.length >= MAX_LINKS) throw new PortfolioError("TRACE_LINK_LIMIT", { links: MAX_LINKS });
    return this.patch(actor, trace, { links: [...trace.links, link] });
  }

  async removeLink(actor: Actor, traceId: string, index: number): Promise<Trace> {
    const { trace } = await this.editable(actor, traceId);
    if (!Number.isInteger(index) || index < 0 || index >= trace.links.length) {
      throw this.notFound(actor, traceId, `link ${index}`);
    }
    return this.patch(actor, trace, { links: trace.links.filter((_link, position) => position !== index) });
  }

  private async patch(actor: Actor, trace: Trace, patch: Partial<Pick<Trace, "links">>): Promise<Trace> {
    const now = this.deps.clock.now();
    const updated = await this.deps.store.updateTrace(actor.platformId, trace.id, null, {
      ...patch,
      updatedAt: now,
      lastActivityAt: now,
    });
    if (!updated) throw this.notFound(actor, trace.id, "vanished");
    return updated;
  }

  // ------------------------------------------------------------------------------------------
  // Files

  /** Stores a file after checking its content; a refused file changes nothing in the trace. */
  async attach(actor: Actor, traceId: string, file: IncomingFile): Promise<Trace> {
    return this.linkAttachment(actor, traceId, await this.receiveAttachment(actor, traceId, file));
  }

  /**
   * Streams a file into storage, not yet part of the trace: who may attach and how many files the trace
   * has are checked before a byte is stored, the type from the first bytes, the size as it flows.
   * Refused, nothing is left in storage.
   */
  async receiveAttachment(actor: Actor, traceId: string, file: IncomingFile): Promise<ReceivedFile> {
    const { trace } = await this.editable(actor, traceId);
    if (trace.attachments.length >= MAX_ATTACHMENTS) {
      throw new PortfolioError("FILE_LIMIT_REACHED", { files: MAX_ATTACHMENTS });
    }
    const refused = (code: UploadRefusalCode, detected: string | null, size: number): PortfolioError => {
      this.deps.log.info(
        { traceId, userId: actor.userId, code, detected, size },
        "portfolio: upload refused",
      );
      return new PortfolioError(code, { size: `${megabytes(this.deps.uploadMaxBytes)} MB` });
    };
    const inspected = await inspectUpload(file.content, this.deps.uploadMaxBytes);
    if (!inspected.ok) throw refused(inspected.code, inspected.detected, 0);
    const filename = storedFilename(file.declaredName, inspected.type);
    try {
      const id = await this.deps.attachments.save({
        platformId: actor.platformId,
        ownerId: trace.ownerId,
        traceId: trace.id,
        filename,
        mime: inspected.type.mime,
        content: inspected.body,
        at: this.deps.clock.now(),
      });
      return { id, filename, mime: inspected.type.mime, size: inspected.size() };
    } catch (error) {
      if (error instanceof UploadRefusal) throw refused(error.code, error.detected, inspected.size());
      throw error;
    }
  }

  /** Makes a received file part of the trace; if the trace cannot take it, the file is removed. */
  async linkAttachment(actor: Actor, traceId: string, received: ReceivedFile): Promise<Trace> {
    const now = this.deps.clock.now();
    try {
      const { trace } = await this.editable(actor, traceId);
      if (trace.attachments.length >= MAX_ATTACHMENTS) {
        throw new PortfolioError("FILE_LIMIT_REACHED", { files: MAX_ATTACHMENTS });
      }
      const updated = await this.deps.store.addAttachment(
        actor.platformId,
        trace.id,
        { ...received, uploadedAt: now, uploadedBy: actor.userId },
        now,
      );
      if (!updated) throw this.notFound(actor, traceId, "vanished");
      return updated;
    } catch (error) {
      await this.discardAttachment(actor, traceId, received);
      throw error;
    }
  }

  /** Removes a received file that will not be linked (the rest of its request failed). */
  async discardAttachment(actor: Actor, traceId: string, received: ReceivedFile): Promise<void> {
    await this.deps.attachments.delete(actor.platformId, traceId, received.id);
  }

  async detach(actor: Actor, traceId: string, fileId: string): Promise<Trace> {
    const { trace } = await this.editable(actor, traceId);
    if (!trace.attachments.some((attachment) => attachment.id === fileId)) {
      throw this.notFound(actor, traceId, `file ${fileId}`);
    }
    const updated = await this.deps.store.removeAttachment(
      actor.platformId,
      trace.id,
      fileId,
      this.deps.clock.now(),
    );
    if (!updated) throw this.notFound(actor, traceId, "vanished");
    await this.deps.attachments.delete(actor.platformId, trace.id, fileId);
    return updated;
  }

  async openAttachment(actor: Actor, traceId: string, fileId: string): Promise<StoredFile> {
    const { trace } = await this.readable(actor, traceId);
    const ref = trace.attachments.find((attachment) => attachment.id === fileId);
    if (!ref) throw this.notFound(actor, traceId, `file ${fileId}`);
    const file = await this.deps.attachments.open(actor.platformId, trace.id, fileId);
    if (!file) throw this.notFound(actor, traceId, `file ${fileId} missing from storage`);
    // The type recorded when the content was checked, whatever the storage says.
    return { ...file, filename: ref.filename, mime: ref.mime };
  }

  // ------------------------------------------------------------------------------------------
  // Exchanges and decisions

  async comment(actor: Actor, traceId: string, body: string): Promise<TraceComment> {
    const { trace, relations } = await this.readable(actor, traceId);
    if (!canComment(actor, trace, relations)) throw this.notFound(actor, traceId, "comment refused");
    const role: CommentAuthorRole = isOwner(actor, trace)
      ? "owner"
      : reviewerKind(actor, trace, relations)
        ? "reviewer"
        : "peer";
    const now = this.deps.clock.now();
    const comment: TraceComment = {
      id: this.deps.newId(),
      platformId: trace.platformId,
      traceId: trace.id,
      ownerId: trace.ownerId,
      authorId: actor.userId,
      authorRole: role,
      body,
      revision: trace.revision,
      createdAt: now,
    };
    await this.deps.store.insertComment(comment);
    const status =
      role === "reviewer" ? (nextStatus(trace.status, "reviewer_comment") ?? trace.status) : trace.status;
    await this.deps.store.updateTrace(actor.platformId, trace.id, null, {
      status,
      lastComment: { authorId: actor.userId, at: now },
      lastActivityAt: now,
    });
    // The author's comments go to the trace's reviewers; anyone else's to the author.
    const notices =
      role === "owner"
        ? (await this.reviewersOf(trace, relations)).map(({ userId, course }) =>
            this.notice(trace, userId, "trace_reply", { learnerId: trace.ownerId }, course),
          )
        : [
            this.notice(
              trace,
              trace.ownerId,
              "trace_comment",
              { by: actor.userId },
              this.courseForOwner(trace, actor),
            ),
          ];
    await this.tell(notices, now);
    return comment;
  }

  async decide(
    actor: Actor,
    traceId: string,
    outcome: DecisionOutcome,
    reason: string,
  ): Promise<TraceDecision> {
    const { trace, relations } = await this.readable(actor, traceId);
    if (!canDecide(actor, trace, relations)) throw this.notFound(actor, traceId, "decision refused");
    const status = nextStatus(trace.status, outcome === "validated" ? "validate" : "rework");
    if (!status) throw new PortfolioError("TRACE_ALREADY_DECIDED");
    const now = this.deps.clock.now();
    const decision: TraceDecision = {
      id: this.deps.newId(),
      platformId: trace.platformId,
      traceId: trace.id,
      ownerId: trace.ownerId,
      deciderId: actor.userId,
      outcome,
      reason,
      revision: trace.revision,
      course: actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null,
      createdAt: now,
    };
    await this.deps.store.insertDecision(decision);
    await this.deps.store.updateTrace(actor.platformId, trace.id, null, {
      status,
      updatedAt: now,
      lastActivityAt: now,
    });
    await this.tell(
      [
        this.notice(
          trace,
          trace.ownerId,
          outcome === "validated" ? "trace_validated" : "trace_to_rework",
          { by: actor.userId },
          this.courseForOwner(trace, actor),
        ),
      ],
      now,
    );
    return decision;
  }

  // ------------------------------------------------------------------------------------------
  // Notifications

  /**
   * Who reviews a shared trace besides its author: the trainers of the courses it is shared in (each
   * with that course, for the link) and the author's personal tutors. Nobody while it is private.
   */
  private async reviewersOf(
    trace: Trace,
    relations: TraceRelations,
  ): Promise<{ userId: string; course: CourseRef | null }[]> {
    if (trace.visibility === "private") return [];
    const reviewers = new Map<string, CourseRef | null>();
    for (const course of trace.sharedIn) {
      for (const userId of await this.deps.roster.teachersOf(trace.platformId, course)) {
        if (!reviewers.has(userId)) reviewers.set(userId, course);
      }
    }
    const where = trace.sharedIn[0] ?? originOf(trace);
    for (const userId of relations.tutors) if (!reviewers.has(userId)) reviewers.set(userId, where);
    reviewers.delete(trace.ownerId);
    return [...reviewers].map(([userId, course]) => ({ userId, course }));
  }

  /** The course the author is told about a reviewer's act in: the reviewer's, when the trace is shared there. */
  private courseForOwner(trace: Trace, actor: Actor): CourseRef | null {
    const here = actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null;
    if (here && trace.sharedIn.some((course) => sameCourse(course, here))) return here;
    return trace.sharedIn[0] ?? originOf(trace);
  }

  private notice(
    trace: Trace,
    userId: string,
    kind: TraceNoticeKind,
    params: Record<string, string>,
    course: CourseRef | null,
  ): TraceNotice {
    return {
      platformId: trace.platformId,
      userId,
      kind,
      params: { ...params, title: trace.title },
      deploymentId: course?.deploymentId ?? trace.origin.deploymentId,
      ...(course ? { contextId: course.contextId } : {}),
      path: `traces/${trace.id}`,
    };
  }

  /** Notifications come after the act they tell of: a failure to record them is logged, never fatal. */
  private async tell(notices: TraceNotice[], now: Date): Promise<void> {
    if (!this.deps.notifier || notices.length === 0) return;
    try {
      await this.deps.notifier.notify(notices, now);
    } catch (error) {
      this.deps.log.warn(
        { error: error instanceof Error ? error.message : String(error), count: notices.length },
        "portfolio: notifications not recorded",
      );
    }
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  async read(actor: Actor, traceId: string): Promise<TraceView> {
    const { trace, relations, grants } = await this.readable(actor, traceId);
    const can = traceAbilities(actor, trace, relations, grants);
    const kind = reviewerKind(actor, trace, relations);
    const readerRole: TraceView["readerRole"] = isOwner(actor, trace)
      ? "owner"
      : (kind ?? (isGroupPeer(actor, trace, relations) ? "peer" : "evidence"));
    return { trace, relations, can, readerRole };
  }

  async revisions(actor: Actor, traceId: string): Promise<TraceRevision[]> {
    await this.readable(actor, traceId);
    return this.deps.store.revisions(actor.platformId, traceId);
  }

  async revision(actor: Actor, traceId: string, number: number): Promise<TraceRevision> {
    await this.readable(actor, traceId);
    const revision = await this.deps.store.revision(actor.platformId, traceId, number);
    if (!revision) throw this.notFound(actor, traceId, `revision ${number}`);
    return revision;
  }

  async comments(actor: Actor, traceId: string): Promise<TraceComment[]> {
    await this.readable(actor, traceId);
    return this.deps.store.comments(actor.platformId, traceId);
  }

  async decisions(actor: Actor, traceId: string): Promise<TraceDecision[]> {
    await this.readable(actor, traceId);
    return this.deps.store.decisions(actor.platformId, traceId);
  }

  /** The actor's own portfolio, newest first. */
  async ownTraces(actor: Actor, limit?: number): Promise<Trace[]> {
    return this.deps.store.tracesOf(actor.platformId, actor.userId, limit);
  }

  /** The owner's traces that need the owner: feedback to take in, rework asked, a comment to answer. */
  async waitingForLearner(actor: Actor): Promise<WaitingItem[]> {
    const traces = await this.ownTraces(actor);
    return traces
      .map((trace) => {
        const reasons: WaitingItem["reasons"] = [];
        if (trace.status === "feedback") reasons.push("feedback");
        if (trace.status === "to_rework") reasons.push("rework");
        if (trace.lastComment && trace.lastComment.authorId !== trace.ownerId) reasons.push("reply");
        return { trace, reasons };
      })
      .filter((item) => item.reasons.length > 0)
      .sort((a, b) => b.trace.lastActivityAt.getTime() - a.trace.lastActivityAt.getTime());
  }

  /**
   * Whether the actor may open this learner's portfolio at all: a teacher of the course they launched
   * from where the person is a learner, a personal tutor, or a peer of the learner's group.
   */
  async mayFollow(actor: Actor, learnerId: string): Promise<"teacher" | "tutor" | "peer" | "self" | null> {
    if (learnerId === actor.userId) return "self";
    const [tutors, peers] = await Promise.all([
      this.deps.tutoring.tutorsOf(actor.platformId, learnerId),
      this.deps.tutoring.groupPeersOf(actor.platformId, learnerId),
    ]);
    if (tutors.includes(actor.userId)) return "tutor";
    if (teachesHere(actor) && actor.contextId) {
      const courses = await this.deps.roster.learnerCourses(actor.platformId, learnerId);
      const here = { deploymentId: actor.deploymentId, contextId: actor.contextId };
      if (courses.some((course) => sameCourse(course, here))) return "teacher";
    }
    if (peers.includes(actor.userId)) return "peer";
    return null;
  }

  /** A learner's traces the actor may read; a learner they do not follow does not exist for them. */
  async tracesOfLearner(actor: Actor, learnerId: string): Promise<Trace[]> {
    const relation = await this.mayFollow(actor, learnerId);
    if (!relation) {
      this.deps.log.warn(
        { platformId: actor.platformId, userId: actor.userId, learnerId },
        "portfolio: learner's traces refused",
      );
      throw new NotFoundError("NOT_FOUND", `learner ${learnerId} not followed by ${actor.userId}`);
    }
    const traces = await this.deps.store.tracesOf(actor.platformId, learnerId);
    const relations = await this.relationsOf(actor.platformId, learnerId);
    const grants = await this.grants.grantsFor(actor);
    return traces.filter((trace) => canRead(actor, trace, relations, grants));
  }

  /** Traces shared with the actor as a reviewer: in the course they launched from, and their tutees'. */
  async reviewQueue(actor: Actor): Promise<WaitingItem[]> {
    const tutees = await this.deps.tutoring.tuteesOf(actor.platformId, actor.userId);
    const courses =
      teachesHere(actor) && actor.contextId
        ? [{ deploymentId: actor.deploymentId, contextId: actor.contextId }]
        : [];
    if (courses.length === 0 && tutees.length === 0) return [];
    const traces = await this.deps.store.sharedTraces(actor.platformId, {
      courses,
      ownerIds: tutees,
      visibilities: ["tutors", "group"],
    });
    const readable = await this.filterReadable(actor, traces);
    return readable
      .map((trace) => {
        const reasons: WaitingItem["reasons"] = [];
        if (trace.status === "shared" || trace.status === "revised") reasons.push("to_read");
        if (trace.lastComment && trace.lastComment.authorId === trace.ownerId) reasons.push("reply");
        return { trace, reasons };
      })
      .sort(
        (a, b) =>
          Number(b.reasons.length > 0) - Number(a.reasons.length > 0) ||
          b.trace.lastActivityAt.getTime() - a.trace.lastActivityAt.getTime(),
      );
  }

  /** Peers' traces opened to the actor's tutoring group. */
  async groupTraces(actor: Actor): Promise<Trace[]> {
    const peers = await this.deps.tutoring.groupPeersOf(actor.platformId, actor.userId);
    if (peers.length === 0) return [];
    const traces = await this.deps.store.sharedTraces(actor.platformId, {
      courses: [],
      ownerIds: peers,
      visibilities: ["group"],
    });
    return this.filterReadable(actor, traces);
  }

  async tutorsOf(platformId: string, learnerId: string): Promise<string[]> {
    return this.deps.tutoring.tutorsOf(platformId, learnerId);
  }

  async tuteesOf(platformId: string, tutorId: string): Promise<string[]> {
    return this.deps.tutoring.tuteesOf(platformId, tutorId);
  }

  async groupPeersOf(platformId: string, learnerId: string): Promise<string[]> {
    return this.deps.tutoring.groupPeersOf(platformId, learnerId);
  }

  async learnerCourses(platformId: string, userId: string): Promise<CourseRef[]> {
    return this.deps.roster.learnerCourses(platformId, userId);
  }

  private async filterReadable(actor: Actor, traces: readonly Trace[]): Promise<Trace[]> {
    const grants = await this.grants.grantsFor(actor);
    const relationsByOwner = new Map<string, TraceRelations>();
    for (const ownerId of new Set(traces.map((trace) => trace.ownerId))) {
      relationsByOwner.set(ownerId, await this.relationsOf(actor.platformId, ownerId));
    }
    return traces.filter((trace) => {
      const relations = relationsByOwner.get(trace.ownerId);
      return relations !== undefined && canRead(actor, trace, relations, grants);
    });
  }

  async relationsOf(platformId: string, ownerId: string): Promise<TraceRelations> {
    const [tutors, groupPeers] = await Promise.all([
      this.deps.tutoring.tutorsOf(platformId, ownerId),
      this.deps.tutoring.groupPeersOf(platformId, ownerId),
    ]);
    return { platformId, ownerId, tutors, groupPeers };
  }

  // ------------------------------------------------------------------------------------------
  // Access

  private async readable(
    actor: Actor,
    traceId: string,
  ): Promise<{ trace: Trace; relations: TraceRelations; grants: EvidenceGrant[] }> {
    const trace = await this.deps.store.findTrace(actor.platformId, traceId);
    if (!trace) throw new NotFoundError("NOT_FOUND", `trace ${traceId}: no such trace`);
    const [relations, grants] = await Promise.all([
      this.relationsOf(actor.platformId, trace.ownerId),
      this.grants.grantsFor(actor),
    ]);
    if (!canRead(actor, trace, relations, grants)) throw this.notFound(actor, traceId, "read refused");
    return { trace, relations, grants };
  }

  private async editable(
    actor: Actor,
    traceId: string,
  ): Promise<{ trace: Trace; relations: TraceRelations }> {
    const { trace, relations } = await this.readable(actor, traceId);
    if (!isOwner(actor, trace)) throw this.notFound(actor, traceId, "edit: not the owner");
    if (!canEdit(actor, trace)) throw new PortfolioError("TRACE_LOCKED");
    return { trace, relations };
  }

  private transition(trace: Trace, event: TraceEvent): Trace["status"] {
    const status = nextStatus(trace.status, event);
    if (!status) throw new PortfolioError("TRACE_LOCKED");
    return status;
  }

  /** Refusals look like absence to the user; the log says what happened. */
  private notFound(actor: Actor, traceId: string, why: string): NotFoundError {
    this.deps.log.warn(
      { platformId: actor.platformId, userId: actor.userId, traceId, why },
      "portfolio: access refused",
    );
    return new NotFoundError("NOT_FOUND", `trace ${traceId}: ${why}`);
  }
}

/** The trace's sections with the submitted text and progress; unknown keys are ignored. */
function mergeSections(
  current: readonly TraceSection[],
  submitted: readonly { key: string; body: string; progress: SectionProgress }[],
): TraceSection[] {
  return current.map((section) => {
    const sent = submitted.find((candidate) => candidate.key === section.key);
    if (!sent) return { ...section };
    const body = sent.body.replace(/\r\n/g, "\n");
    return { ...section, body, progress: effectiveProgress(body, sent.progress) };
  });
}

/** The course a trace was written from, when it was written from one. */
function originOf(trace: Trace): CourseRef | null {
  return trace.origin.contextId
    ? { deploymentId: trace.origin.deploymentId, contextId: trace.origin.contextId }
    : null;
}

function dedupeCourses(courses: readonly CourseRef[]): CourseRef[] {
  const unique: CourseRef[] = [];
  for (const course of courses) {
    if (!unique.some((known) => sameCourse(known, course))) {
      unique.push({ deploymentId: course.deploymentId, contextId: course.contextId });
    }
  }
  return unique;
}

/** A size limit as people read it, in megabytes with one decimal at most. */
export function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
