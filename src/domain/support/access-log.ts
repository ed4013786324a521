// Every read of the confidential space, kept for the learner to see: who read what of theirs, and when.
// Kept apart from the audit log, which LMS administrators (evaluators) can read.
import type { LearnerLog } from "../learner-log.js";

export type AccessedPart = "case" | "signals";

export interface SupportAccess {
  platformId: string;
  learnerId: string;
  /** The case read; null for a reading of the learner's signals outside a case. */
  caseId: string | null;
  readerId: string;
  part: AccessedPart;
  at: Date;
}

export interface AccessLog extends LearnerLog<SupportAccess> {
  deleteOfCase(platformId: string, caseId: string): Promise<number>;
}
