// The tutor's synthesis for the jury: a structured note per learner, drafted by who follows them, read
// by the learner before it is final, every saved text kept as a version (the dossier shows the final).
import type { Clock } from "../../clock.js";
import { AppError, NotFoundError } from "../../errors.js";
import type { Actor } from "../actor.js";
import type { NotificationSink } from "../validation/ports.js";

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
  /** Every version of these learners without their texts (the tutees list's badges), newest first. */
  statusesOf(
    platformId: string,
    learnerIds: readonly string[],
  ): Promise<Pick<SynthesisVersion, "learnerId" | "version" | "status" | "readAt">[]>;
}

/**
 * Where a learner's synthesis stands, as the tutor's list shows it: nothing yet, a draft, shared and
 * waiting for the learner's reading, read (the tutor may finalise), final. `finalBefore`: a final
 * version exists and a newer draft or shared text is on its way (the jury still reads the final one).
 */
export type SynthesisStage = "none" | "draft" | "shared" | "read" | "final";
export interface SynthesisProgress {
  stage: SynthesisStage;
  finalBefore: boolean;
}

export function progressOf(
  versions: readonly Pick<SynthesisVersion, "version" | "status" | "readAt">[],
): SynthesisProgress {
  const latest = [...versions].sort((a, b) => b.version - a.version)[0];
  if (!latest) return { stage: "none", finalBefore: false };
  const stage: SynthesisStage =
    latest.status === "shared" ? (latest.readAt ? "read" : "shared") : latest.status;
  return {
    stage,
    finalBefore: stage !== "final" && versions.some((version) => version.status === "final"),
  };
}

/** The learner's tutors write their synthesis; the check is the caller's (synthesisPolicy). */
export class TutorSyntheses {
  constructor(
    private readonly deps: {
      store: SynthesisStore;
      clock: Clock;
      newId: () => string;
      /** Tells the learner a version waits for their reading (none: nobody is told). */
      notifications?: NotificationSink;
    },
  ) {}

  /** Where each learner's synthesis stands (learners without one are "none"). */
  async progressOf(
    platformId: string,
    learnerIds: readonly string[],
  ): Promise<Map<string, SynthesisProgress>> {
    const rows = learnerIds.length === 0 ? [] : await this.deps.store.statusesOf(platformId, learnerIds);
    return new Map(
      learnerIds.map((id) => [id, progressOf(rows.filter((row) => row.learnerId === id))] as const),
    );
  }

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

  /**
   * Saves the text as a new version (a draft again: the learner reads what will be final). `basedOn`:
   * the version the author's form showed (0 for none); someone else's save since then is a 409.
   */
  async save(
    actor: Actor,
    learnerId: string,
    text: SynthesisText,
    basedOn?: number,
  ): Promise<SynthesisVersion> {
    const latest = (await this.deps.store.versions(actor.platformId, learnerId))[0];
    if (basedOn !== undefined && (latest?.version ?? 0) !== basedOn) throw staleError();
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

  /** The author gives the latest draft (version `expected`, when given) to the learner to read. */
  async share(actor: Actor, learnerId: string, expected?: number): Promise<void> {
    const latest = await this.latest(actor.platformId, learnerId, expected);
    if (latest.status !== "draft") throw stepError("SYNTHESIS_NOT_DRAFT");
    const now = this.deps.clock.now();
    const done = await this.deps.store.mark(actor.platformId, latest.id, "draft", {
      status: "shared",
      sharedAt: now,
    });
    if (!done) throw staleError();
    await this.deps.notifications?.notify(
      [
        {
          platformId: actor.platformId,
          userId: learnerId,
          kind: "synthesis_shared",
          params: { tutorId: actor.userId },
          ...(actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : {}),
          path: "dossier",
        },
      ],
      now,
    );
  }

  /**
   * The learner says they have read the shared version: the newest they can see (a draft the tutor
   * started since is not theirs to read).
   */
  async acknowledge(actor: Actor): Promise<void> {
    const latest = (await this.forLearner(actor.platformId, actor.userId))[0];
    if (!latest || latest.status !== "shared") throw stepError("SYNTHESIS_NOT_SHARED");
    if (latest.readAt) return;
    const done = await this.deps.store.mark(actor.platformId, latest.id, "shared", {
      readAt: this.deps.clock.now(),
    });
    if (!done) throw staleError();
  }

  /** Final only once the learner has read this very version (`expected`, when given). */
  async finalize(actor: Actor, learnerId: string, expected?: number): Promise<void> {
    const latest = await this.latest(actor.platformId, learnerId, expected);
    if (latest.status !== "shared" || !latest.readAt) throw stepError("SYNTHESIS_NOT_READ");
    const done = await this.deps.store.mark(actor.platformId, latest.id, "shared", {
      status: "final",
      finalAt: this.deps.clock.now(),
    });
    if (!done) throw staleError();
  }

  /** The newest version; when the author's page showed another one, someone changed it meanwhile. */
  private async latest(platformId: string, learnerId: string, expected?: number): Promise<SynthesisVersion> {
    const latest = (await this.deps.store.versions(platformId, learnerId))[0];
    if (!latest) throw new NotFoundError("NOT_FOUND", "no synthesis yet");
    if (expected !== undefined && latest.version !== expected) throw staleError();
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
