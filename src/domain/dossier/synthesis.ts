// The tutor's synthesis for the jury: a structured note per learner, drafted by who follows them, read
// by the learner before it is final, every saved text kept as a version (the dossier shows the final).
import type { Clock } from "../../clock.js";
import { AppError, NotFoundError } from "../../errors.js";
import type { Actor } from "../actor.js";

export const SYNTHESIS_FIELDS = ["progress", "reflexivity", "competences", "recommendations"] as const;
export type SynthesisField = (typeof SYNTHESIS_FIELDS)[number];
export type SynthesisText = Record<SynthesisField, string>;
export const MAX_SYNTHESIS_FIELD_LENGTH = 8000;

/** draft: the author's; shared: the learner can read it; final: read by the learner, closed by the author. */
export type SynthesisStatus = "draft" | "shared" | "final";

export interface SynthesisVersion extends SynthesisText {
  id: string;
  platformId: string;
  learnerId: string;
  authorId: string;
  version: number;
  status: SynthesisStatus;
  createdAt: Date;
  sharedAt?: Date;
  readAt?: Date;
  finalAt?: Date;
}

export interface SynthesisStore {
  /** Newest version first. */
  versions(platformId: string, learnerId: string): Promise<SynthesisVersion[]>;
  /** false when that version number exists already (someone saved at the same time). */
  insert(version: SynthesisVersion): Promise<boolean>;
  /** Changes a version's status fields if it is still in `from`; false otherwise. */
  mark(
    platformId: string,
    id: string,
    from: SynthesisStatus,
    patch: Partial<Pick<SynthesisVersion, "status" | "sharedAt" | "readAt" | "finalAt">>,
  ): Promise<boolean>;
}

/** Who follows the learner may write their synthesis; the check is the caller's (synthesisPolicy). */
export class TutorSyntheses {
  constructor(private readonly deps: { store: SynthesisStore; clock: Clock; newId: () => string }) {}

  /** Every version, newest first, as the author sees them. */
  history(platformId: string, learnerId: string): Promise<SynthesisVersion[]> {
    return this.deps.store.versions(platformId, learnerId);
  }

  /** What the learner may read: shared and final versions, never a draft. */
  async forLearner(platformId: string, learnerId: string): Promise<SynthesisVersion[]> {
    const all = await this.deps.store.versions(platformId, learnerId);
    return all.filter((version) => version.status !== "draft");
  }

  /** The synthesis a jury reads: the newest final version. */
  async final(platformId: string, learnerId: string): Promise<SynthesisVersion | null> {
    const all = await this.deps.store.versions(platformId, learnerId);
    return all.find((version) => version.status === "final") ?? null;
  }

  /** Saves the text as a new version (a draft again: the learner reads what will be final). */
  async save(actor: Actor, learnerId: string, text: SynthesisText): Promise<SynthesisVersion> {
    const latest = (await this.deps.store.versions(actor.platformId, learnerId))[0];
    const version: SynthesisVersion = {
      id: this.deps.newId(),
      platformId: actor.platformId,
      learnerId,
      authorId: actor.userId,
      version: (latest?.version ?? 0) + 1,
      status: "draft",
      createdAt: this.deps.clock.now(),
      ...trimmed(text),
    };
    if (!(await this.deps.store.insert(version))) throw staleError();
    return version;
  }

  /** The author gives the latest draft to the learner to read. */
  async share(actor: Actor, learnerId: string): Promise<void> {
    const latest = await this.latest(actor.platformId, learnerId);
    if (latest.status !== "draft") throw stepError("SYNTHESIS_NOT_DRAFT");
    const done = await this.deps.store.mark(actor.platformId, latest.id, "draft", {
      status: "shared",
      sharedAt: this.deps.clock.now(),
    });
    if (!done) throw staleError();
  }

  /** The learner says they have read the shared version. */
  async acknowledge(actor: Actor): Promise<void> {
    const latest = await this.latest(actor.platformId, actor.userId);
    if (latest.status !== "shared") throw stepError("SYNTHESIS_NOT_SHARED");
    if (latest.readAt) return;
    const done = await this.deps.store.mark(actor.platformId, latest.id, "shared", {
      readAt: this.deps.clock.now(),
    });
    if (!done) throw staleError();
  }

  /** Final only once the learner has read this very version. */
  async finalize(actor: Actor, learnerId: string): Promise<void> {
    const latest = await this.latest(actor.platformId, learnerId);
    if (latest.status !== "shared" || !latest.readAt) throw stepError("SYNTHESIS_NOT_READ");
    const done = await this.deps.store.mark(actor.platformId, latest.id, "shared", {
      status: "final",
      finalAt: this.deps.clock.now(),
    });
    if (!done) throw staleError();
  }

  private async latest(platformId: string, learnerId: string): Promise<SynthesisVersion> {
    const latest = (await this.deps.store.versions(platformId, learnerId))[0];
    if (!latest) throw new NotFoundError("NOT_FOUND", "no synthesis yet");
    return latest;
  }
}

function trimmed(text: SynthesisText): SynthesisText {
  return {
    progress: text.progress.trim(),
    reflexivity: text.reflexivity.trim(),
    competences: text.competences.trim(),
    recommendations: text.recommendations.trim(),
  };
}

function stepError(code: string): AppError {
  return new AppError(code, 409, `dossier:errors.${code}`);
}

function staleError(): AppError {
  return new AppError("SYNTHESIS_CHANGED", 409, "dossier:errors.SYNTHESIS_CHANGED");
}
