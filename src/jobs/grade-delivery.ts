// Delivers grade_deliveries entries to the LMS (AGS score POST). Each entry is leased atomically, so
// several Carnet instances deliver each one once; a dead worker's lease expires and another takes it.
// Failures wait with exponential back-off and full jitter (or Retry-After); permanent refusals and
// entries out of attempts are parked, never dropped.
import { randomBytes } from "node:crypto";
import type { Clock } from "../clock.js";
import {
  DEFAULT_BACKOFF,
  decideFailure,
  nextTimestamp,
  retryDelay,
  type BackoffOptions,
  type CallFailure,
  type ParkReason,
} from "../domain/grading/delivery-rules.js";
import type { AgsClient } from "../lti/ags-client.js";
import { PlatformCallError } from "../lti/platform-http.js";
import type { Logger } from "../logger.js";
import type { GradeDeliveries, GradeLineItems, LeasedDelivery } from "../persistence/grade-deliveries.js";
import type { DeliveryError, DeliveryEvent } from "../persistence/models/grading-models.js";
import type { LtiModels, PlacementDoc } from "../persistence/models/lti-models.js";
import type { PlatformRegistry } from "../persistence/platform-registry.js";

export interface GradeDeliveryDeps {
  deliveries: GradeDeliveries;
  lineItems: GradeLineItems;
  models: Pick<LtiModels, "Placement">;
  platforms: Pick<PlatformRegistry, "findById">;
  ags: AgsClient;
  clock: Clock;
  logger: Logger;
  /** Jitter source; tests pass a seeded one. */
  random?: () => number;
}

export interface GradeDeliveryOptions {
  /** Identifies this worker in leases (host/pid in production); random by default. */
  owner?: string;
  leaseMs?: number;
  requestTimeoutMs?: number;
  /** After this many failed attempts an entry is parked (config.gradeMaxAttempts). */
  maxAttempts?: number;
  /** Entries delivered in parallel by one runOnce. */
  concurrency?: number;
  /** Deliveries per runOnce, so one run cannot go on forever. */
  maxPerRun?: number;
  backoff?: BackoffOptions;
  /** Only these platforms (per-tenant workers, tests). */
  platformIds?: readonly string[];
}

export type DeliveryOutcome =
  "delivered" | "superseded" | "retry" | "conflict" | "reauth" | "parked" | "deferred" | "lost";

export interface DeliveryReport {
  attempted: number;
  outcomes: Record<DeliveryOutcome, number>;
}

/** Thrown inside a delivery with the phase it failed in, so the failure is judged by the right rules. */
class PhaseError extends Error {
  constructor(
    readonly phase: "token" | "lineitem" | "score",
    readonly failure: CallFailure,
    message: string,
  ) {
    super(message);
  }
}

export class GradeDeliveryWorker {
  readonly owner: string;
  readonly leaseMs: number;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly random: () => number;

  constructor(
    private readonly deps: GradeDeliveryDeps,
    private readonly options: GradeDeliveryOptions = {},
  ) {
    this.owner = options.owner ?? `worker-${randomBytes(6).toString("hex")}`;
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    // A lease outlives the longest delivery (token, line item lookup and creation, score) by a margin.
    this.leaseMs = Math.max(options.leaseMs ?? 120_000, this.timeoutMs * 5);
    this.maxAttempts = options.maxAttempts ?? 12;
    this.random = deps.random ?? Math.random;
  }

  /** Delivers what is due now, several entries at a time; returns what happened. */
  async runOnce(): Promise<DeliveryReport> {
    const report: DeliveryReport = {
      attempted: 0,
      outcomes: {
        delivered: 0,
        superseded: 0,
        retry: 0,
        conflict: 0,
        reauth: 0,
        parked: 0,
        deferred: 0,
        lost: 0,
      },
    };
    const maxPerRun = this.options.maxPerRun ?? 2_000;
    const lane = async (): Promise<void> => {
      while (report.attempted < maxPerRun) {
        const leased = await this.leaseNext();
        if (!leased) return;
        report.attempted += 1;
        const outcome = await this.deliver(leased);
        report.outcomes[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 4) }, lane));
    return report;
  }

  /** Public so a test can lease an entry and "crash" (never deliver it). */
  leaseNext(): Promise<LeasedDelivery | null> {
    return this.deps.deliveries.lease(
      this.owner,
      this.deps.clock.now(),
      this.leaseMs,
      this.options.platformIds,
    );
  }

  async deliver(leased: LeasedDelivery): Promise<DeliveryOutcome> {
    const { doc } = leased;
    try {
      const platform = await this.deps.platforms.findById(doc.platformId);
      if (!platform || !platform.active)
        return await this.park(leased, "PLATFORM_GONE", "platform not registered or inactive");
      const scopes = this.deps.ags.scopesFor(doc.agsScopes);
      const token = await this.phase("token", () => this.deps.ags.token(platform, scopes));
      // The placement is read only when its line item must be found or created.
      const lineItemUrl =
        doc.lineItemUrl ?? (await this.lineItemFor(await this.placementOf(doc), token, leased.token));
      if (lineItemUrl === "wait") return await this.defer(leased);
      if (!lineItemUrl)
        return await this.park(leased, "NO_LINE_ITEM", "the placement has no line item nor line items URL");

      const now = this.deps.clock.now();
      const timestamp = new Date(nextTimestamp(doc.lastTimestamp?.getTime(), now.getTime(), doc.conflicts));
      // Written before sending: a worker taking over after a crash stamps later, never the same second.
      if (!(await this.deps.deliveries.stampTimestamp(leased, timestamp))) return "lost";
      await this.phase("score", () =>
        this.deps.ags.postScore(
          token,
          lineItemUrl,
          { userId: doc.userSub, ...doc.desired, timestamp: timestamp.toISOString() },
          this.timeoutMs,
        ),
      );
      const result = await this.deps.deliveries.completed(
        leased,
        doc.desired,
        timestamp,
        this.deps.clock.now(),
      );
      return result === "delivered" ? "delivered" : result === "pending" ? "superseded" : "lost";
    } catch (error) {
      if (error instanceof PhaseError) return this.failed(leased, error);
      // Our own bug or the database: leave the lease to expire, another run retries.
      this.deps.logger.error(
        { deliveryId: doc._id, err: error instanceof Error ? error.message : String(error) },
        "grade delivery crashed",
      );
      return "lost";
    }
  }

  private placementOf(doc: LeasedDelivery["doc"]): Promise<PlacementDoc | null> {
    return this.deps.models.Placement.findOne({
      _id: doc.placementId,
      platformId: doc.platformId,
      deploymentId: doc.deploymentId,
      contextId: doc.contextId,
    }).lean<PlacementDoc>();
  }

  /** The line item of a placement whose claim had only `lineitems`: found by resource link, else created. */
  private async lineItemFor(
    placement: PlacementDoc | null,
    token: string,
    claimant: string,
  ): Promise<string | undefined | "wait"> {
    if (!placement) return undefined;
    if (placement.ags?.lineitem) return placement.ags.lineitem;
    const known = await this.deps.lineItems.url(placement._id);
    if (known) return known;
    const lineItemsUrl = placement.ags?.lineitems;
    if (!lineItemsUrl) return undefined;
    const now = this.deps.clock.now();
    const claimed = await this.deps.lineItems.claim(
      {
        _id: placement._id,
        platformId: placement.platformId,
        deploymentId: placement.deploymentId,
        contextId: placement.contextId,
        resourceLinkId: placement.resourceLinkId,
      },
      claimant,
      now,
      this.leaseMs,
    );
    // Another delivery is looking it up or creating it: two would make two gradebook columns.
    if (!claimed) return "wait";
    try {
      const url = await this.phase("lineitem", async () => {
        const found = await this.deps.ags.findLineItem(
          token,
          lineItemsUrl,
          placement.resourceLinkId,
          this.timeoutMs,
        );
        return (
          found ??
          (await this.deps.ags.createLineItem(
            token,
            lineItemsUrl,
            {
              label: placement.title ?? "Carnet",
              scoreMaximum: placement.grading?.scoreMaximum ?? 100,
              resourceLinkId: placement.resourceLinkId,
              resourceId: placement._id,
            },
            this.timeoutMs,
          ))
        );
      });
      await this.deps.lineItems.resolved(placement._id, url, this.deps.clock.now());
      return url;
    } catch (error) {
      await this.deps.lineItems.release(placement._id, claimant);
      throw error;
    }
  }

  private async phase<T>(phase: PhaseError["phase"], call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof PlatformCallError) {
        throw new PhaseError(
          phase,
          { status: error.status, retryAfterMs: error.retryAfterMs },
          error.message,
        );
      }
      throw error;
    }
  }

  private async failed(leased: LeasedDelivery, error: PhaseError): Promise<DeliveryOutcome> {
    const { doc } = leased;
    const now = this.deps.clock.now();
    const decision = decideFailure(error.failure, error.phase);
    const attempts = doc.attempts + 1;
    const problem: DeliveryError = {
      code: `${error.phase.toUpperCase()}_${String(error.failure.status).toUpperCase()}`,
      message: error.message.slice(0, 300),
      at: now,
    };
    if (decision.kind === "park") {
      if (decision.reason === "LINE_ITEM_GONE" && !doc.lineItemUrl)
        await this.forgetLineItem(doc.placementId);
      return this.park(leased, decision.reason, problem.message, problem, attempts);
    }
    if (attempts >= this.maxAttempts)
      return this.park(leased, "MAX_ATTEMPTS", problem.message, problem, attempts);
    if (decision.kind === "reauthenticate") {
      const platform = await this.deps.platforms.findById(doc.platformId);
      if (platform) this.deps.ags.invalidate(platform);
      await this.reschedule(leased, now, {
        attempts,
        conflicts: doc.conflicts,
        error: problem,
        event: "retry",
        detail: "401",
      });
      return "reauth";
    }
    if (decision.kind === "conflict") {
      // The LMS holds a grade stamped at or after ours: send the latest state again, stamped later.
      await this.reschedule(leased, now, {
        attempts,
        conflicts: doc.conflicts + 1,
        error: problem,
        event: "conflict",
      });
      return "conflict";
    }
    const delay = retryDelay(
      attempts,
      decision.retryAfterMs,
      this.random,
      this.options.backoff ?? DEFAULT_BACKOFF,
    );
    await this.reschedule(leased, new Date(now.getTime() + delay), {
      attempts,
      conflicts: doc.conflicts,
      error: problem,
      event: "retry",
      detail: `${String(error.failure.status)} +${delay}ms`,
    });
    return "retry";
  }

  private async forgetLineItem(placementId: string): Promise<void> {
    const url = await this.deps.lineItems.url(placementId);
    if (url) await this.deps.lineItems.forget(placementId, url);
  }

  private async reschedule(
    leased: LeasedDelivery,
    at: Date,
    change: {
      attempts: number;
      conflicts: number;
      error?: DeliveryError;
      event: DeliveryEvent["event"];
      detail?: string;
    },
  ): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.deliveries.reschedule(
      leased,
      {
        nextAttemptAt: at,
        attempts: change.attempts,
        conflicts: change.conflicts,
        ...(change.error ? { error: change.error } : {}),
        event: {
          at: now,
          event: change.event,
          seq: leased.doc.desiredSeq,
          ...(change.detail ? { detail: change.detail } : {}),
        },
      },
      now,
    );
  }

  /** Another worker is resolving the line item: come back in a moment, without using an attempt. */
  private async defer(leased: LeasedDelivery): Promise<DeliveryOutcome> {
    const now = this.deps.clock.now();
    await this.reschedule(leased, new Date(now.getTime() + 1_000), {
      attempts: leased.doc.attempts,
      conflicts: leased.doc.conflicts,
      event: "retry",
      detail: "line item being resolved",
    });
    return "deferred";
  }

  private async park(
    leased: LeasedDelivery,
    reason: ParkReason,
    message: string,
    error?: DeliveryError,
    attempts = leased.doc.attempts,
  ): Promise<DeliveryOutcome> {
    const now = this.deps.clock.now();
    const problem = error ?? { code: reason, message: message.slice(0, 300), at: now };
    await this.deps.deliveries.park(leased, reason, problem, attempts, now);
    this.deps.logger.warn(
      { deliveryId: leased.doc._id, reason, code: problem.code },
      "grade delivery parked",
    );
    return "parked";
  }
}
