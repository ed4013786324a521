// Drafts of traces being written: one per person and trace (or per person, course and type of new trace),
// saved while typing, restored when the editor opens again, dropped once the trace is saved.
import type { Clock } from "../../clock.js";
import type { Actor } from "../actor.js";
import { PortfolioError } from "./errors.js";
import type { TraceTypeCatalog } from "./type-catalog.js";
import type { TraceWriting, TraceInput } from "./writing.js";

/** A draft holds what an RSCA holds at most (four long sections) and a little more; beyond, refused. */
export const MAX_DRAFT_CHARACTERS = 250_000;
/** A draft left alone this long is forgotten: it was abandoned, and it is reflective writing. */
export const DRAFT_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * Which editor a draft belongs to: a saved trace, or a new trace of one type in a course (per type, so
 * that opening another type's editor never overwrites a long RSCA begun earlier).
 */
export type DraftSlot =
  | { readonly kind: "trace"; readonly traceId: string }
  | {
      readonly kind: "new";
      readonly deploymentId: string;
      readonly contextId: string | null;
      readonly typeKey: string;
    };

export interface TraceDraft {
  platformId: string;
  userId: string;
  slot: DraftSlot;
  typeKey: string;
  /** The revision the editor was opened on (saved traces), to warn when the trace changed since. */
  baseRevision: number | null;
  content: TraceInput;
  savedAt: Date;
  expiresAt: Date;
}

export interface DraftOwner {
  platformId: string;
  userId: string;
}

export interface DraftStore {
  /** The owner's draft in this slot, expired ones included (the caller checks `expiresAt`). */
  findDraft(owner: DraftOwner, slot: DraftSlot): Promise<TraceDraft | null>;
  /** Replaces the owner's draft in its slot (one document per slot). */
  putDraft(draft: TraceDraft): Promise<void>;
  removeDraft(owner: DraftOwner, slot: DraftSlot): Promise<void>;
  /** The types of the owner's new-trace drafts in a course that expire after `now`. */
  newDraftTypes(
    owner: DraftOwner,
    course: { deploymentId: string; contextId: string | null },
    now: Date,
  ): Promise<string[]>;
}

export interface DraftDeps {
  store: DraftStore;
  writing: Pick<TraceWriting, "openForEditing">;
  types: Pick<TraceTypeCatalog, "offered">;
  clock: Clock;
}

/** The editor a draft is written in: a saved trace (by id) or a new trace of a type. */
export type DraftTarget = { readonly traceId: string } | { readonly typeKey: string };

export function slotOf(actor: Actor, target: DraftTarget): DraftSlot {
  return "traceId" in target
    ? { kind: "trace", traceId: target.traceId }
    : { kind: "new", deploymentId: actor.deploymentId, contextId: actor.contextId, typeKey: target.typeKey };
}

/** Characters a draft holds (its free text): what the size cap counts. */
export function draftSize(content: TraceInput): number {
  const sections = content.sections.reduce((sum, section) => sum + section.body.length, 0);
  return content.title.length + content.placement.length + content.date.length + sections;
}

export class TraceDrafts {
  constructor(private readonly deps: DraftDeps) {}

  /**
   * Keeps what is being typed. Only the owner's own, still editable trace takes a draft (others' are
   * not found); a new trace's draft needs a type that is offered. Returns when it was saved.
   */
  async save(
    actor: Actor,
    target: DraftTarget,
    content: TraceInput,
    baseRevision: number | null,
  ): Promise<Date> {
    if (draftSize(content) > MAX_DRAFT_CHARACTERS)
      throw new PortfolioError("DRAFT_TOO_LARGE", { max: MAX_DRAFT_CHARACTERS });
    const typeKey = await this.typeOf(actor, target);
    const savedAt = this.deps.clock.now();
    await this.deps.store.putDraft({
      platformId: actor.platformId,
      userId: actor.userId,
      slot: slotOf(actor, target),
      typeKey,
      baseRevision: "traceId" in target ? baseRevision : null,
      content,
      savedAt,
      expiresAt: new Date(savedAt.getTime() + DRAFT_LIFETIME_MS),
    });
    return savedAt;
  }

  /** The actor's draft to restore in this editor, unless it has expired. */
  async restore(actor: Actor, target: DraftTarget): Promise<TraceDraft | null> {
    const draft = await this.deps.store.findDraft(actor, slotOf(actor, target));
    if (!draft || draft.expiresAt.getTime() <= this.deps.clock.now().getTime()) return null;
    return draft;
  }

  /** The types of new trace the actor has a draft of in this course (the type chooser marks them). */
  async pendingNewTypes(actor: Actor): Promise<string[]> {
    return this.deps.store.newDraftTypes(actor, actor, this.deps.clock.now());
  }

  async discard(actor: Actor, target: DraftTarget): Promise<void> {
    await this.deps.store.removeDraft(actor, slotOf(actor, target));
  }

  private async typeOf(actor: Actor, target: DraftTarget): Promise<string> {
    if ("traceId" in target) {
      const { trace } = await this.deps.writing.openForEditing(actor, target.traceId);
      return trace.typeKey;
    }
    return (await this.deps.types.offered(actor.platformId, target.typeKey)).key;
  }
}
