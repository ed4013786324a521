// Writing and revising traces: a new trace (revision 1), each save a new immutable revision, a save
// from a stale editor never overwriting what was saved in between.
import type { Clock } from "../../clock.js";
import type { Actor } from "../actor.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import type { LoadedTrace, TraceAccessLoader } from "./access.js";
import { contentChanged } from "./diff.js";
import { PortfolioError } from "./errors.js";
import { effectiveProgress, nextStatus } from "./lifecycle.js";
import type { PortfolioStore } from "./ports.js";
import { checkTracePrivacy, type PrivacyWarning } from "./privacy.js";
import { mostUsedFramework, type TagInput, type TraceTagging } from "./tagging.js";
import type { TraceTypeCatalog } from "./type-catalog.js";
import { emptySections, type TraceTypeDefinition } from "./trace-types.js";
import {
  NO_READERS,
  type SectionProgress,
  type Trace,
  type TraceContent,
  type TraceRevision,
  type TraceSection,
} from "./types.js";

/** What the editor sends: the content, and tags chosen from one framework. */
export interface TraceInput extends TagInput {
  title: string;
  date: string;
  placement: string;
  sections: { key: string; body: string; progress: SectionProgress }[];
}

export interface SaveResult {
  trace: Trace;
  outcome: "created" | "saved" | "unchanged";
  warnings: PrivacyWarning[];
}

export type UpdateResult = SaveResult | { outcome: "conflict"; trace: Trace };

/** What the editor shows around the text: frameworks to tag with, defaults from earlier traces. */
export interface EditorFacts {
  /** The framework whose boxes are shown. */
  framework: StoredFramework | null;
  frameworks: StoredFramework[];
  /** Frameworks of the trace's tags from other frameworks (shown read-only, kept on save). */
  tagFrameworks: Map<string, StoredFramework>;
  /** The placement of the learner's latest trace: most traces are written in the same one. */
  lastPlacement: string;
  now: Date;
}

export interface WritingDeps {
  store: Pick<PortfolioStore, "insertTrace" | "insertRevision" | "updateTrace" | "findTrace" | "tracesOf">;
  access: TraceAccessLoader;
  types: TraceTypeCatalog;
  tagging: TraceTagging;
  clock: Clock;
  newId: () => string;
}

export class TraceWriting {
  constructor(private readonly deps: WritingDeps) {}

  async createTrace(actor: Actor, typeKey: string, input: TraceInput): Promise<SaveResult> {
    const type = await this.deps.types.find(actor.platformId, typeKey);
    if (!type || type.archived) throw new PortfolioError("TRACE_TYPE_NOT_FOUND", {}, `type ${typeKey}`);
    const now = this.deps.clock.now();
    const tags = await this.deps.tagging.checked(actor.platformId, input, null);
    const trace: Trace = {
      id: this.deps.newId(),
      platformId: actor.platformId,
      ownerId: actor.userId,
      origin: { deploymentId: actor.deploymentId, contextId: actor.contextId },
      typeKey: type.key,
      title: input.title,
      date: input.date,
      placement: input.placement,
      sections: mergeSections(emptySections(type), input.sections),
      ...tags,
      links: [],
      attachments: [],
      visibility: "private",
      sharedIn: [],
      sharedWith: { ...NO_READERS },
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
    const { trace } = await this.deps.access.editable(actor, traceId);
    const content: TraceContent = {
      title: input.title,
      date: input.date,
      placement: input.placement,
      sections: mergeSections(trace.sections, input.sections),
      ...(await this.deps.tagging.checked(actor.platformId, input, trace)),
    };
    if (!contentChanged(trace, content))
      return { trace, outcome: "unchanged", warnings: checkTracePrivacy(trace) };
    if (trace.revision !== expectedRevision) return { outcome: "conflict", trace };
    const now = this.deps.clock.now();
    const status = nextStatus(trace.status, "revise");
    if (!status) throw new PortfolioError("TRACE_LOCKED");
    const updated = await this.deps.store.updateTrace(actor.platformId, trace.id, trace.revision, {
      ...content,
      status,
      revision: trace.revision + 1,
      updatedAt: now,
      lastActivityAt: now,
    });
    if (!updated) {
      const current = await this.deps.store.findTrace(actor.platformId, traceId);
      if (!current) throw this.deps.access.notFound(actor, traceId, "vanished");
      return { outcome: "conflict", trace: current };
    }
    await this.deps.store.insertRevision(this.snapshot(updated, actor.userId, now));
    return { trace: updated, outcome: "saved", warnings: checkTracePrivacy(updated) };
  }

  /** The owner's trace and its type, to edit: others get a 404, a validated trace a 409. */
  async openForEditing(actor: Actor, traceId: string): Promise<LoadedTrace & { type: TraceTypeDefinition }> {
    const loaded = await this.deps.access.editable(actor, traceId);
    return { ...loaded, type: await this.deps.types.ofTrace(loaded.trace) };
  }

  /** What the editor offers: the framework asked for (else the trace's, else the usual one). */
  async editorFacts(
    actor: Actor,
    trace: Trace | null,
    requestedFramework: string | null,
  ): Promise<EditorFacts> {
    const own = await this.deps.store.tracesOf(actor.platformId, actor.userId, 50);
    const framework = await this.deps.tagging.current(
      actor,
      requestedFramework ?? mostUsedFramework(trace?.competences ?? []),
      trace ? [trace, ...own] : own,
    );
    const otherTags = {
      competences: (trace?.competences ?? []).filter((tag) => tag.frameworkId !== framework?.id),
      situations: (trace?.situations ?? []).filter((tag) => tag.frameworkId !== framework?.id),
    };
    return {
      framework,
      frameworks: await this.deps.tagging.offered(actor),
      tagFrameworks: await this.deps.tagging.ofTags(actor.platformId, otherTags),
      lastPlacement: own[0]?.placement ?? "",
      now: this.deps.clock.now(),
    };
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
