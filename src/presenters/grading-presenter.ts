// View models of the grading pages and of the grade-sync badge (allowlisted fields only).
import type { DesiredScore } from "../domain/grading/policy.js";
import type { LearnerSyncStatus, SyncStatus } from "../persistence/grade-deliveries.js";
import type { GradeDeliveryDoc } from "../persistence/models/grading-models.js";

export type BadgeStatus = SyncStatus | "none";

/** What views/partials/grade-sync-badge.hbs expects: `{{> grade-sync-badge sync=row.gradeSync}}`. */
export interface GradeSyncBadge {
  status: BadgeStatus;
}

export function gradeSyncBadge(
  status: LearnerSyncStatus | GradeDeliveryDoc["status"] | undefined,
): GradeSyncBadge {
  if (status === undefined) return { status: "none" };
  if (typeof status === "string") return { status: status === "leased" ? "pending" : status };
  return { status: status.status };
}

export interface ScoreView {
  score: number | null;
  maximum: number;
  /** Not FullyGraded: the gradebook shows no grade until completion. */
  pendingOnly: boolean;
}

export function scoreView(score: DesiredScore | undefined): ScoreView | null {
  if (!score) return null;
  return {
    score: score.gradingProgress === "FullyGraded" ? (score.scoreGiven ?? null) : null,
    maximum: score.scoreMaximum,
    pendingOnly: score.gradingProgress !== "FullyGraded",
  };
}

export interface DeliveryRowView {
  learnerName: string;
  current: ScoreView | null;
  sent: ScoreView | null;
  sync: GradeSyncBadge;
  error: string | null;
  reasonKey: string | null;
}

export function deliveryRow(learnerName: string, delivery: GradeDeliveryDoc | undefined): DeliveryRowView {
  const failing = delivery && delivery.status !== "delivered";
  return {
    learnerName,
    current: scoreView(delivery?.desired),
    sent: scoreView(delivery?.delivered),
    sync: gradeSyncBadge(delivery?.status),
    error: failing && delivery.lastError ? delivery.lastError.message : null,
    reasonKey:
      delivery?.status === "parked" && delivery.parkedReason
        ? `grading:reason.${delivery.parkedReason}`
        : null,
  };
}
