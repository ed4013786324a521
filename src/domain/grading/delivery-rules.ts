// The rules of score delivery that do not touch the network or the database: timestamps that only
// move forward, back-off with full jitter, what to do with each kind of failure, marker grouping.
import type { CourseKey, GradeSyncMarker } from "./ports.js";

/**
 * Moodle refuses (409) a score whose timestamp is not later than the stored grade's, compared in whole
 * seconds (gradebookservices scores.php). So every delivery for one learner and line item is stamped at
 * least one second after the previous one, whatever the clock says; after `conflicts` refusals in a row
 * the step doubles, to get past a grade stamped by a clock running ahead of ours.
 */
export function nextTimestamp(lastTimestampMs: number | undefined, nowMs: number, conflicts = 0): number {
  const nowSecond = Math.floor(nowMs / 1000) * 1000;
  if (lastTimestampMs === undefined) return nowSecond;
  const step = 1000 * 2 ** Math.min(Math.max(0, conflicts), 20);
  const lastSecond = Math.floor(lastTimestampMs / 1000) * 1000;
  return Math.max(nowSecond, lastSecond + step);
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Never retry sooner than this (a zero draw would retry at once and burn attempts). */
  floorMs: number;
}

/**
 * Short first steps (a busy LMS failing one call in three recovers at once), a ten-minute cap (an outage
 * of days costs the LMS a few calls an hour per grade; the platform's probe and the release on its first
 * success, not this cap, decide how soon grades flow again).
 */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 10 * 60_000, floorMs: 250 };

/** How long an entry keeps retrying through transient failures before it is parked (GRADE_RETRY_FOR). */
export const DEFAULT_RETRY_FOR_MS = 3 * 24 * 3600_000;

/** "Full jitter" (uniform in [0, min(cap, base·2^(n-1))]) with a floor; `attempt` counts from 1. */
export function backoffDelay(
  attempt: number,
  random: () => number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const ceiling = backoffCeiling(attempt, options);
  const draw = Math.min(Math.max(random(), 0), 1) * ceiling;
  return Math.round(Math.max(options.floorMs, draw));
}

export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.max(options.floorMs, Math.min(options.capMs, options.baseMs * 2 ** exponent));
}

/** A failed call as the delivery worker sees it (from the LTI client, without depending on it). */
export interface CallFailure {
  status: number | "timeout" | "network";
  retryAfterMs?: number | undefined;
}

export type CallPhase = "token" | "lineitem" | "score";

/** What is kept of a failure for people: never the LMS's words, only what a reason can be built from. */
export interface DeliveryProblem {
  /** Stable: `SCORE_503`, `TOKEN_TIMEOUT`, `NO_LINE_ITEM`… */
  code: string;
  phase?: CallPhase;
  status?: number | "timeout" | "network";
}

export function describeFailure(phase: CallPhase, failure: CallFailure): DeliveryProblem {
  return {
    code: `${phase.toUpperCase()}_${String(failure.status).toUpperCase()}`,
    phase,
    status: failure.status,
  };
}

/** Timeouts, refused connections, 408, 429 and 5xx: the LMS may answer later. */
export function isTransient(failure: CallFailure): boolean {
  const { status } = failure;
  return status === "timeout" || status === "network" || status === 408 || status === 429 || status >= 500;
}

/** Whether an entry failing since `firstFailedAtMs` has retried long enough to be shown to people. */
export function retryWindowOver(firstFailedAtMs: number, nowMs: number, retryForMs: number): boolean {
  return nowMs - firstFailedAtMs >= retryForMs;
}

export type FailureDecision =
  | { kind: "reauthenticate" }
  | { kind: "conflict" }
  | { kind: "retry"; retryAfterMs?: number }
  | { kind: "park"; reason: ParkReason };

export type ParkReason =
  | "USER_NOT_GRADABLE"
  | "LINE_ITEM_GONE"
  | "REFUSED"
  | "RETRY_WINDOW"
  /** Entries parked before the retry window replaced the attempt limit. */
  | "MAX_ATTEMPTS"
  | "PLATFORM_GONE"
  | "NO_LINE_ITEM"
  | "TOKEN_REFUSED";

/** 401: token revoked or expired early; 409: timestamp not later; 408/429/5xx/timeouts: wait and retry. */
export function decideFailure(failure: CallFailure, phase: CallPhase): FailureDecision {
  const { status } = failure;
  if (status === "timeout" || status === "network") return { kind: "retry" };
  if (phase === "token") {
    // Moodle's token.php answers every refusal with 400: a registration problem, not a passing one.
    if (status >= 400 && status < 500 && status !== 408 && status !== 429)
      return { kind: "park", reason: "TOKEN_REFUSED" };
    return retry(failure);
  }
  if (status === 401) return { kind: "reauthenticate" };
  if (status === 409 && phase === "score") return { kind: "conflict" };
  if (status === 408 || status === 429 || status >= 500) return retry(failure);
  if (status === 404) return { kind: "park", reason: "LINE_ITEM_GONE" };
  if (status === 400 && phase === "score") return { kind: "park", reason: "USER_NOT_GRADABLE" };
  return { kind: "park", reason: "REFUSED" };
}

function retry(failure: CallFailure): FailureDecision {
  return failure.retryAfterMs === undefined
    ? { kind: "retry" }
    : { kind: "retry", retryAfterMs: failure.retryAfterMs };
}

/** Retry-After is honoured, within reason: a platform asking for a day gets an hour, then we ask again. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const jittered = backoffDelay(attempt, random, options);
  if (retryAfterMs === undefined) return jittered;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(retryAfterMs, options.floorMs));
}

/**
 * After a successful POST: the entry is delivered only if nothing newer was projected meanwhile;
 * otherwise it goes back to pending and the newer value is sent next (never an older one after it).
 */
export function afterSuccess(leasedSeq: number, currentSeq: number): "delivered" | "pending" {
  return currentSeq === leasedSeq ? "delivered" : "pending";
}

export interface LearnerGroup {
  scope: CourseKey;
  learnerId: string;
  markers: GradeSyncMarker[];
}

/** Many changes of one learner in one course become one projection (coalescing starts here). */
export function groupMarkers(markers: readonly GradeSyncMarker[]): LearnerGroup[] {
  const groups = new Map<string, LearnerGroup>();
  for (const marker of markers) {
    const key = JSON.stringify([
      marker.scope.platformId,
      marker.scope.deploymentId,
      marker.scope.contextId,
      marker.learnerId,
    ]);
    const group = groups.get(key);
    if (group) {
      const same = group.markers.findIndex((m) => m.recordId === marker.recordId);
      if (same === -1) group.markers.push(marker);
      else if ((group.markers[same]?.version ?? 0) < marker.version) group.markers[same] = marker;
    } else {
      groups.set(key, { scope: { ...marker.scope }, learnerId: marker.learnerId, markers: [marker] });
    }
  }
  return [...groups.values()];
}

/** AGS scores URL: `/scores` goes before the query string (Moodle's `?type_id=` must stay). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  return url.toString();
}

/**
 * Only learners are posted: Moodle refuses scores for users who are not gradable (teachers, admins),
 * and someone who both teaches and learns in a course is treated as teaching there.
 */
export function isGradableLearner(
  membership: { roles: readonly string[]; status: string } | null | undefined,
): boolean {
  if (!membership || membership.status === "Deleted") return false;
  const roles = membership.roles;
  return roles.includes("learner") && !roles.includes("teacher") && !roles.includes("admin");
}
