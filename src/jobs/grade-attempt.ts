// One delivery of one leased outbox entry: token, line item, score POST, then what the answer means for
// the entry (delivered, retried later, parked) and for its platform (failing, answering again).
import type { Clock } from "../clock.js";
import {
  decideFailure,
  describeFailure,
  isTransient,
  MAX_RETRY_AFTER_MS,
  retryDelay,
  retryWindowOver,
  type BackoffOptions,
  type ParkReason,
} from "../domain/grading/delivery-rules.js";
import type { PlatformHealth } from "../domain/grading/platform-health.js";
import type { AgsClient } from "../lti/ags-client.js";
import type { Logger } from "../logger.js";
import type {
  DeliveryError,
  GradeOutbox,
  LeasedDelivery,
  RescheduleChange,
} from "../persistence/grade-outbox.js";
import type { PlatformRegistry } from "../persistence/platform-registry.js";
import { inPhase, PhaseError } from "./grade-calls.js";
import type { LineItemResolver } from "./grade-line-items.js";

export type DeliveryOutcome =
  "delivered" | "superseded" | "retry" | "conflict" | "reauth" | "parked" | "deferred" | "released" | "lost";

export interface AttemptContext {
  outbox: GradeOutbox;
  lineItems: LineItemResolver;
  platforms: Pick<PlatformRegistry, "findById">;
  ags: Pick<AgsClient, "scopesFor" | "token" | "invalidate" | "postScore">;
  health: PlatformHealth;
  clock: Clock;
  logger: Logger;
  random: () => number;
  timeoutMs: number;
  retryForMs: number;
  backoff: BackoffOptions;
  /** Aborted when the worker stops past its deadline: calls in flight end and the lease is given back. */
  signal: AbortSignal;
}

export async function deliverLeased(leased: LeasedDelivery, ctx: AttemptContext): Promise<DeliveryOutcome> {
  const { doc } = leased;
  try {
    const platform = await ctx.platforms.findById(doc.platformId);
    if (!platform || !platform.active) return await park(leased, ctx, "PLATFORM_GONE");
    const scopes = ctx.ags.scopesFor(doc.agsScopes);
    // The token request is shared with other deliveries: stopping stops waiting for it, not it.
    const token = await inPhase("token", () => abortable(ctx.ags.token(platform, scopes), ctx.signal));
    let url = ctx.lineItems.knownUrl(doc);
    if (!url) {
      const answer = await ctx.lineItems.resolve(doc, token, leased.token, ctx.signal);
      if (answer === "wait") return await waitForLineItem(leased, ctx);
      if (answer === "none") return await park(leased, ctx, "NO_LINE_ITEM");
      url = answer.url;
    }
    // Stamped when leased (grade-outbox.ts): that timestamp is on disk before anything is sent.
    const timestamp = doc.lastTimestamp ?? ctx.clock.now();
    await inPhase("score", () =>
      ctx.ags.postScore(
        token,
        url,
        { userId: doc.userSub, ...doc.desired, timestamp: timestamp.toISOString() },
        ctx.timeoutMs,
        ctx.signal,
      ),
    );
    const result = await ctx.outbox.completed(leased, doc.desired, timestamp, ctx.clock.now());
    await answered(doc.platformId, ctx);
    return result === "delivered" ? "delivered" : result === "pending" ? "superseded" : "lost";
  } catch (error) {
    if (ctx.signal.aborted) {
      await ctx.outbox.release(leased, ctx.clock.now());
      return "released";
    }
    if (error instanceof PhaseError) return failed(leased, error, ctx);
    // Our own bug or the database: leave the lease to expire, another run retries.
    ctx.logger.error(
      { deliveryId: doc._id, err: error instanceof Error ? error.message : String(error) },
      "grade delivery crashed",
    );
    return "lost";
  }
}

/**
 * Entries failing more often than this on an LMS that answers others are treated as failing on their
 * own (a score the LMS chokes on): they keep their back-off instead of being released early.
 */
const FEW_ATTEMPTS = 8;

/** The platform answered: what waits on a back-off because it was failing goes now. */
async function answered(platformId: string, ctx: AttemptContext): Promise<void> {
  const now = ctx.clock.now();
  const release = ctx.health.answered(platformId, now.getTime());
  if (release === "none") return;
  const resumed = await ctx.outbox.resumePlatform(
    platformId,
    now,
    release === "all" ? {} : { maxAttempts: FEW_ATTEMPTS },
  );
  if (release === "all")
    ctx.logger.info({ platformId, resumed }, "LMS answers again: waiting grades resumed");
}

async function failed(
  leased: LeasedDelivery,
  error: PhaseError,
  ctx: AttemptContext,
): Promise<DeliveryOutcome> {
  const { doc } = leased;
  const now = ctx.clock.now();
  const { failure, phase } = error;
  const decision = decideFailure(failure, phase);
  const attempts = doc.attempts + 1;
  const problem: DeliveryError = { ...describeFailure(phase, failure), at: now };
  // Retry-After is honoured within reason (an hour at most), for the whole platform.
  const pauseMs =
    failure.retryAfterMs === undefined ? undefined : Math.min(MAX_RETRY_AFTER_MS, failure.retryAfterMs);
  if (isTransient(failure)) ctx.health.failed(doc.platformId, now.getTime(), pauseMs);
  else await answered(doc.platformId, ctx);
  const base = { attempts, conflicts: doc.conflicts, error: problem };

  if (decision.kind === "park") {
    if (decision.reason === "LINE_ITEM_GONE" && !doc.lineItemUrl) await ctx.lineItems.forget(doc.placementId);
    return park(leased, ctx, decision.reason, problem, attempts);
  }
  if (decision.kind === "reauthenticate") {
    // A second 401 in a row came with a fresh token: the LMS refuses us this service.
    if (doc.lastError?.status === 401) return park(leased, ctx, "TOKEN_REFUSED", problem, attempts);
    const platform = await ctx.platforms.findById(doc.platformId);
    if (platform) ctx.ags.invalidate(platform);
    await reschedule(leased, ctx, { ...base, nextAttemptAt: now }, "retry", "401");
    return "reauth";
  }
  if (decision.kind === "conflict") {
    // The LMS holds a grade stamped at or after ours: send the latest state again, stamped later.
    await reschedule(leased, ctx, { ...base, conflicts: doc.conflicts + 1, nextAttemptAt: now }, "conflict");
    return "conflict";
  }
  const firstFailedAt = doc.firstFailedAt ?? now;
  if (retryWindowOver(firstFailedAt.getTime(), now.getTime(), ctx.retryForMs))
    return park(leased, ctx, "RETRY_WINDOW", problem, attempts);
  const delay = retryDelay(attempts, decision.retryAfterMs, ctx.random, ctx.backoff);
  if (decision.retryAfterMs !== undefined)
    await ctx.outbox.holdPlatform(doc.platformId, new Date(now.getTime() + delay), now);
  await reschedule(
    leased,
    ctx,
    {
      ...base,
      firstFailedAt,
      nextAttemptAt: new Date(now.getTime() + delay),
      waitingFor: decision.retryAfterMs === undefined ? "backoff" : "retry-after",
    },
    "retry",
    `${problem.code} +${delay}ms`,
  );
  return "retry";
}

/** Another instance is resolving the line item: come back in a moment, without using an attempt. */
async function waitForLineItem(leased: LeasedDelivery, ctx: AttemptContext): Promise<DeliveryOutcome> {
  const { doc } = leased;
  const now = ctx.clock.now();
  await reschedule(
    leased,
    ctx,
    {
      attempts: doc.attempts,
      conflicts: doc.conflicts,
      nextAttemptAt: new Date(now.getTime() + 1_000),
      waitingFor: "line-item",
    },
    "retry",
    "line item being resolved",
  );
  return "deferred";
}

async function reschedule(
  leased: LeasedDelivery,
  ctx: AttemptContext,
  change: Omit<RescheduleChange, "event">,
  event: "retry" | "conflict",
  detail?: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.outbox.reschedule(
    leased,
    {
      ...change,
      event: { at: now, event, seq: leased.doc.desiredSeq, ...(detail ? { detail } : {}) },
    },
    now,
  );
}

async function park(
  leased: LeasedDelivery,
  ctx: AttemptContext,
  reason: ParkReason,
  error?: DeliveryError,
  attempts = leased.doc.attempts,
): Promise<DeliveryOutcome> {
  const now = ctx.clock.now();
  const problem = error ?? { code: reason, at: now };
  await ctx.outbox.park(leased, reason, problem, attempts, now);
  ctx.logger.warn({ deliveryId: leased.doc._id, reason, code: problem.code }, "grade delivery parked");
  return "parked";
}

/** Stops waiting for `promise` when `signal` aborts (the promise itself goes on for its other users). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
