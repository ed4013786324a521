// What grading needs from the rest of Carnet. The validation area owns competence records; it sets a
// `gradeSync` marker in the same single-document update as each state change (the outbox marker) and
// answers `learnersProgress`. Grading reads and clears markers, never anything else of those records.
import type { LearnerProgress } from "../validation/ports.js";

export interface CourseKey {
  platformId: string;
  deploymentId: string;
  contextId: string;
}

/**
 * Contract with the validation area: src/persistence/competence-records.ts answers it
 * (CompetenceRecordRepository.learnersProgress); the type is theirs so the two cannot drift apart.
 */
export type { LearnerProgress };

export interface ProgressSource {
  /** Progress of many learners of one course in one read (learners without records get zeros). */
  learnersProgress(
    scope: CourseKey,
    learnerIds: readonly string[],
    frameworkId: string,
  ): Promise<Map<string, LearnerProgress>>;
}

/** A competence record whose change has not been projected to grade deliveries yet. */
export interface GradeSyncMarker {
  recordId: string;
  scope: CourseKey;
  learnerId: string;
  frameworkId: string;
  version: number;
  changedAt: Date;
}

export interface GradeSyncMarkers {
  /** Oldest first; `platformIds` narrows to some tenants (per-tenant workers, tests). */
  pending(limit: number, platformIds?: readonly string[]): Promise<GradeSyncMarker[]>;
  /**
   * Compare-and-set on each version: a record changed since it was read stays pending. Returns how
   * many markers were cleared.
   */
  clear(markers: readonly Pick<GradeSyncMarker, "recordId" | "version">[]): Promise<number>;
}
