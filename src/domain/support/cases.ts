// A support case: one learner, the people working with them, three steps with dated notes, agreed
// actions and review dates, an optional second level named (never contacted by Carnet), a closure.
import type { CaseOutcome, CaseStep, NoteAudience, SecondLevel } from "./vocabulary.js";

export interface CaseNote {
  id: string;
  step: CaseStep;
  authorId: string;
  at: Date;
  text: string;
  /** Who took part (free text: "the MSU, the coordinator"). */
  involved: string;
  agreedActions: string;
  /** When to look at it again; null: no date set. */
  reviewOn: Date | null;
  audience: NoteAudience;
}

export interface Escalation {
  level: SecondLevel;
  /** Whom: "Commission des étudiants en difficulté", "SSU — Dr X". */
  name: string;
  /** How to reach them (a phone, an address); Carnet sends them nothing. */
  contact: string;
  at: Date;
  by: string;
}

export interface CaseClosure {
  at: Date;
  by: string;
  outcome: CaseOutcome;
  note: string;
}

export interface SupportCase {
  id: string;
  platformId: string;
  learnerId: string;
  /** The learner asked ("je souhaite en parler à quelqu'un") or a support person opened it from signals. */
  origin: "learner" | "signals";
  openedBy: string;
  openedAt: Date;
  step: CaseStep;
  /** Who works on the case; the learner is its subject, not a member. */
  members: string[];
  /** Members the learner brought in themselves (possibly evaluators, by the learner's choice). */
  addedByLearner: string[];
  notes: CaseNote[];
  escalations: Escalation[];
  closure: CaseClosure | null;
}

export type CaseChange =
  | { kind: "note"; note: CaseNote }
  | { kind: "step"; step: CaseStep }
  | { kind: "member"; userId: string; byLearner: boolean }
  | { kind: "escalation"; escalation: Escalation }
  | { kind: "closure"; closure: CaseClosure };

export interface CaseStore {
  create(supportCase: SupportCase): Promise<void>;
  get(platformId: string, caseId: string): Promise<SupportCase | null>;
  /** Applies one change atomically to an open case; false when the case is closed, gone or full. */
  apply(platformId: string, caseId: string, change: CaseChange): Promise<boolean>;
  /** Cases of a learner, newest first. */
  ofLearner(platformId: string, learnerId: string): Promise<SupportCase[]>;
  /** Cases where the person is a member, open ones first. */
  ofMember(platformId: string, userId: string): Promise<SupportCase[]>;
  /** Cases closed before `before` (retention), oldest first. */
  closedBefore(before: Date, limit: number): Promise<SupportCase[]>;
  delete(platformId: string, caseId: string): Promise<void>;
}

/** The review date that matters: the latest note's, when it set one. */
export function nextReview(supportCase: Pick<SupportCase, "notes">): Date | null {
  for (let index = supportCase.notes.length - 1; index >= 0; index -= 1) {
    const reviewOn = supportCase.notes[index]?.reviewOn;
    if (reviewOn) return reviewOn;
  }
  return null;
}
