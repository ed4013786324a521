// View models of the grading pages and of the grade-sync badge (allowlisted fields only).
import type { DesiredScore } from "../domain/grading/policy.js";
import type {
  DeliveryError,
  GradeDeliveryDoc,
  LearnerSyncStatus,
  SyncStatus,
} from "../persistence/grade-deliveries.js";

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

/**
 * A delivery failure as people see it: the HTTP status and a localized reason chosen from it, never
 * the LMS's answer (it may echo anything: another service's internals, someone's data, markup).
 */
export interface DeliveryErrorView {
  /** "HTTP 503"; null for a timeout or a refused connection (the reason says it). */
  status: string | null;
  reasonKey: string;
  phaseKey: string | null;
}

const PHASES = ["token", "lineitem", "score"] as const;
type Phase = (typeof PHASES)[number];

function isPhase(value: unknown): value is Phase {
  return typeof value === "string" && (PHASES as readonly string[]).includes(value);
}

/** Entries written before the status was stored carry it in their code only (`SCORE_503`). */
function statusAndPhaseOf(error: DeliveryError): {
  status: number | string | undefined;
  phase: Phase | undefined;
} {
  const fromCode = /^(TOKEN|LINEITEM|SCORE)_(\d{3}|TIMEOUT|NETWORK)$/.exec(error.code);
  const codePhase = fromCode?.[1]?.toLowerCase();
  const codeStatus = fromCode?.[2];
  const status =
    error.status ??
    (codeStatus === undefined
      ? undefined
      : /^\d+$/.test(codeStatus)
        ? Number(codeStatus)
        : codeStatus.toLowerCase());
  const phase = isPhase(error.phase) ? error.phase : isPhase(codePhase) ? codePhase : undefined;
  return { status, phase };
}

function reasonOf(status: number | string | undefined): string {
  if (status === "timeout") return "timeout";
  if (status === "network") return "network";
  if (typeof status !== "number") return "unknown";
  if (status === 429) return "throttled";
  if (status === 408 || status >= 500) return "unavailable";
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 404) return "notFound";
  if (status === 409) return "conflict";
  if (status === 400) return "badRequest";
  return "refused";
}

export function deliveryErrorView(error: DeliveryError | undefined): DeliveryErrorView | null {
  if (!error) return null;
  const { status, phase } = statusAndPhaseOf(error);
  return {
    status: typeof status === "number" && Number.isInteger(status) ? `HTTP ${status}` : null,
    reasonKey: `grading:error.${reasonOf(status)}`,
    phaseKey: phase ? `grading:error.phase.${phase}` : null,
  };
}

export interface DeliveryRowView {
  learnerName: string;
  current: ScoreView | null;
  sent: ScoreView | null;
  sync: GradeSyncBadge;
  error: DeliveryErrorView | null;
  reasonKey: string | null;
}

export function deliveryRow(learnerName: string, delivery: GradeDeliveryDoc | undefined): DeliveryRowView {
  const failing = delivery && delivery.status !== "delivered";
  return {
    learnerName,
    current: scoreView(delivery?.desired),
    sent: scoreView(delivery?.delivered),
    sync: gradeSyncBadge(delivery?.status),
    error: failing ? deliveryErrorView(delivery.lastError) : null,
    reasonKey:
      delivery?.status === "parked" && delivery.parkedReason
        ? `grading:reason.${delivery.parkedReason}`
        : null,
  };
}
