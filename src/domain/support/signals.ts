// Signals: a concern about a learner (a category and a short factual note) recorded by someone who follows
// them, by a placement supervisor through an invitation, or raised by Carnet from facts. A signal is read
// by the support circle only, never by the learner's other evaluators.
import type { MachineRule, SignalCategory } from "./vocabulary.js";

/** How the recorder follows the learner (the tutoring area's follower roles), or a support person. */
export type RecorderRole = "tutor" | "peer" | "referent" | "teacher" | "support";

export type SignalSource =
  | { kind: "person"; userId: string; as: RecorderRole }
  /** A placement supervisor without an LMS account, through the invitation link that named the learner. */
  | { kind: "external"; invitationId: string }
  /** `key` makes raising idempotent: the same fact never raises twice. */
  | { kind: "machine"; rule: MachineRule; key: string; facts: Record<string, number> };

export interface Signal {
  id: string;
  platformId: string;
  learnerId: string;
  category: SignalCategory;
  /** Short and factual; empty for a machine-raised sign (its facts say it). */
  note: string;
  source: SignalSource;
  raisedAt: Date;
  /** The case it was brought into, if any. */
  caseId: string | null;
}

export interface SignalStore {
  /** "already" when a machine signal with the same learner and key exists. */
  add(signal: Signal): Promise<"added" | "already">;
  ofLearner(platformId: string, learnerId: string): Promise<Signal[]>;
  /** Signals of learners, newest first (a support person's overview). */
  ofLearners(platformId: string, learnerIds: readonly string[], limit: number): Promise<Signal[]>;
  ofCase(platformId: string, caseId: string): Promise<Signal[]>;
  /** Brings signals not yet in a case into one; returns how many were moved. */
  attach(platformId: string, learnerId: string, ids: readonly string[], caseId: string): Promise<number>;
  deleteOfCase(platformId: string, caseId: string): Promise<number>;
  /** Signals never brought into a case, raised before `before`: retention deletes them. */
  deleteLooseBefore(before: Date): Promise<number>;
}

/** Who recorded it, as the support circle reads it (a machine sign names its rule). */
export function recorderOf(signal: Signal): string | null {
  return signal.source.kind === "person" ? signal.source.userId : null;
}
