// Reading one trace: the trace page (content, revisions, comments, decisions), one revision as it was
// saved, and two revisions side by side. One access check per page.
import type { Actor } from "../actor.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import type { TraceAccessLoader, TraceView } from "./access.js";
import { compareContents, comparisonPlan, type FieldDiff, type WordChange } from "./diff.js";
import type { PortfolioStore } from "./ports.js";
import type { ShareChoices, TraceSharing } from "./sharing.js";
import type { TraceTagging } from "./tagging.js";
import type { TraceComment, TraceDecision, TraceRevision } from "./types.js";

/** Everything the trace page shows; the share form's choices only for the author. */
export interface TracePage extends TraceView {
  revisions: TraceRevision[];
  comments: TraceComment[];
  decisions: TraceDecision[];
  /** The frameworks the trace's tags come from. */
  frameworks: Map<string, StoredFramework>;
  sharing: ShareChoices | null;
}

export interface Comparison extends TraceView {
  from: TraceRevision;
  to: TraceRevision;
  /** Field by field, each word diff capped ("too different" beyond the cap). */
  fields: FieldDiff[];
  revisions: TraceRevision[];
}

/** Word changes of each pair of texts (null: too different), computed off the event loop. */
export type WordDiffs = (pairs: { before: string; after: string }[]) => Promise<(WordChange[] | null)[]>;

export interface ReadingDeps {
  store: Pick<PortfolioStore, "revisions" | "revision" | "comments" | "decisions">;
  access: TraceAccessLoader;
  tagging: TraceTagging;
  sharing: TraceSharing;
  /** Where word diffs run; here, on the event loop, when absent. */
  wordDiffs?: WordDiffs;
}

export class TraceReading {
  constructor(private readonly deps: ReadingDeps) {}

  async read(actor: Actor, traceId: string): Promise<TraceView> {
    const { access } = this.deps;
    return access.view(actor, await access.readable(actor, traceId));
  }

  async page(actor: Actor, traceId: string): Promise<TracePage> {
    const view = await this.read(actor, traceId);
    const { store } = this.deps;
    const { platformId } = actor;
    const [revisions, comments, decisions, frameworks, sharing] = await Promise.all([
      store.revisions(platformId, traceId),
      store.comments(platformId, traceId),
      store.decisions(platformId, traceId),
      this.deps.tagging.ofTags(platformId, view.trace),
      view.can.share ? this.deps.sharing.choices(actor, view.trace, view.relations) : null,
    ]);
    return { ...view, revisions, comments, decisions, frameworks, sharing };
  }

  /** One revision as it was saved (a 404 for a number that does not exist). */
  async revision(
    actor: Actor,
    traceId: string,
    number: number,
  ): Promise<TraceView & { revision: TraceRevision }> {
    const view = await this.read(actor, traceId);
    return { ...view, revision: await this.existing(actor, traceId, number) };
  }

  async comparison(actor: Actor, traceId: string, from: number, to: number): Promise<Comparison> {
    const view = await this.read(actor, traceId);
    const [before, after, revisions] = await Promise.all([
      this.existing(actor, traceId, from),
      this.existing(actor, traceId, to),
      this.deps.store.revisions(actor.platformId, traceId),
    ]);
    const plan = comparisonPlan(before, after);
    const changes = this.deps.wordDiffs
      ? await this.deps.wordDiffs(plan.map((field) => ({ before: field.before, after: field.after })))
      : undefined;
    const fields = compareContents(before, after, changes);
    return { ...view, from: before, to: after, fields, revisions };
  }

  private async existing(actor: Actor, traceId: string, number: number): Promise<TraceRevision> {
    const revision = await this.deps.store.revision(actor.platformId, traceId, number);
    if (!revision) throw this.deps.access.notFound(actor, traceId, `revision ${number}`);
    return revision;
  }
}
