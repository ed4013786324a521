// The delivery side of grade_deliveries: workers read due entries in batches, take each with a
// compare-and-set that also writes the timestamp it will send, and record what happened under their
// lease token. Every write is one atomic single-document update (no transactions).
import { randomBytes } from "node:crypto";
import type { ParkReason } from "../domain/grading/delivery-rules.js";
import type { DesiredScore } from "../domain/grading/policy.js";
import type {
  DeliveryError,
  DeliveryEvent,
  DeliveryWait,
  GradeDeliveryDoc,
  GradingModels,
} from "./models/grading-models.js";

export type { DeliveryError };

const HISTORY_LENGTH = 20;

/** An entry as read for leasing (its history is not needed to deliver it). */
export type DeliveryCandidate = Omit<GradeDeliveryDoc, "history">;

export interface LeasedDelivery {
  doc: DeliveryCandidate;
  token: string;
}

type DeliveryUpdate = Record<string, unknown> & { $inc?: Record<string, number> };

/** What a lease holder writes, given the entry as it is now (a projection may have changed it). */
type LeasedChange = (current: Pick<GradeDeliveryDoc, "desiredSeq">) => DeliveryUpdate;

export interface CandidateFilter {
  /** Only these platforms (per-tenant workers, tests). */
  platformIds?: readonly string[] | undefined;
  /** Platforms this worker cannot send to now (Retry-After, or already as busy as allowed). */
  excludePlatformIds?: readonly string[];
  /** Placements whose line item this worker is resolving: their entries wait for it. */
  excludePlacementIds?: readonly string[];
  /** Also look for entries whose worker died (an expired lease), when the due ones leave room. */
  orphans?: boolean;
}

export interface RescheduleChange {
  nextAttemptAt: Date;
  attempts: number;
  conflicts: number;
  firstFailedAt?: Date | undefined;
  waitingFor?: DeliveryWait | undefined;
  error?: DeliveryError | undefined;
  event: DeliveryEvent;
}

function historyPush(event: DeliveryEvent): { history: { $each: DeliveryEvent[]; $slice: number } } {
  return { history: { $each: [event], $slice: -HISTORY_LENGTH } };
}

export class GradeOutbox {
  constructor(private readonly models: Pick<GradingModels, "Delivery">) {}

  /** For operators' metrics: how many entries wait, are being sent, are parked; the most overdue. */
  async backlog(
    now: Date,
  ): Promise<{ pending: number; leased: number; parked: number; oldestDueSeconds: number }> {
    const [pending, leased, parked, oldest] = await Promise.all([
      this.models.Delivery.countDocuments({ status: "pending" }),
      this.models.Delivery.countDocuments({ status: "leased" }),
      this.models.Delivery.countDocuments({ status: "parked" }),
      this.models.Delivery.findOne({ status: "pending", nextAttemptAt: { $lte: now } }, { nextAttemptAt: 1 })
        .sort({ nextAttemptAt: 1 })
        .lean<{ nextAttemptAt: Date }>(),
    ]);
    const oldestDueSeconds = oldest
      ? Math.max(0, (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000)
      : 0;
    return { pending, leased, parked, oldestDueSeconds };
  }

  /**
   * Due entries, oldest first, then entries whose worker died (lease expired) when there is room left.
   * One read serves a whole batch of leases: the read is the expensive part on a collection scan.
   */
  async candidates(now: Date, limit: number, filter: CandidateFilter = {}): Promise<DeliveryCandidate[]> {
    if (limit <= 0) return [];
    const platformId = {
      ...(filter.platformIds ? { $in: [...filter.platformIds] } : {}),
      ...(filter.excludePlatformIds?.length ? { $nin: [...filter.excludePlatformIds] } : {}),
    };
    const scope = {
      ...(Object.keys(platformId).length > 0 ? { platformId } : {}),
      ...(filter.excludePlacementIds?.length
        ? { placementId: { $nin: [...filter.excludePlacementIds] } }
        : {}),
    };
    const due = await this.models.Delivery.find(
      { status: "pending", nextAttemptAt: { $lte: now }, ...scope },
      { history: 0 },
    )
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .lean<DeliveryCandidate[]>();
    if (due.length >= limit || filter.orphans === false) return due;
    const orphaned = await this.models.Delivery.find(
      { status: "leased", "lease.until": { $lte: now }, ...scope },
      { history: 0 },
    )
      .sort({ "lease.until": 1 })
      .limit(limit - due.length)
      .lean<DeliveryCandidate[]>();
    return [...due, ...orphaned];
  }

  /** A failing platform's entry that has waited longest on its back-off: the probe of an outage. */
  async probeCandidate(platformId: string): Promise<DeliveryCandidate | null> {
    return this.models.Delivery.findOne(
      { platformId, status: "pending", waitingFor: "backoff" },
      { history: 0 },
    )
      .sort({ nextAttemptAt: 1 })
      .lean<DeliveryCandidate>();
  }

  /**
   * Takes a candidate for `leaseMs` if nobody wrote it since it was read (compare-and-set on its `rev`),
   * writing `stamp` as the timestamp it will send: a worker taking over after a crash then stamps later,
   * never the same second.
   */
  async lease(
    candidate: DeliveryCandidate,
    owner: string,
    now: Date,
    leaseMs: number,
    stamp: Date,
  ): Promise<LeasedDelivery | null> {
    const token = randomBytes(12).toString("base64url");
    const lease = { owner, token, until: new Date(now.getTime() + leaseMs) };
    const result = await this.models.Delivery.updateOne(
      { _id: candidate._id, rev: candidate.rev ?? null },
      { $set: { status: "leased", lease, lastTimestamp: stamp }, $inc: { rev: 1 } },
    );
    if (result.matchedCount === 0) return null;
    const rev = (candidate.rev ?? 0) + 1;
    return { doc: { ...candidate, status: "leased", lease, lastTimestamp: stamp, rev }, token };
  }

  /** After the LMS accepted the leased value: delivered, unless a newer one arrived meanwhile. */
  async completed(
    leased: LeasedDelivery,
    sent: DesiredScore,
    timestamp: Date,
    now: Date,
  ): Promise<"delivered" | "pending" | "lost"> {
    const seq = leased.doc.desiredSeq;
    const delivered = { ...sent, timestamp, at: now, seq };
    const reset = { deliveredSeq: seq, delivered, attempts: 0, conflicts: 0, updatedAt: now };
    const cleared = { lease: 1, lastError: 1, firstFailedAt: 1, waitingFor: 1 };
    let outcome: "delivered" | "pending" = "delivered";
    const written = await this.onLease(leased, (current) => {
      outcome = current.desiredSeq === seq ? "delivered" : "pending";
      return outcome === "delivered"
        ? {
            $set: { status: "delivered", ...reset },
            $unset: { ...cleared, parkedReason: 1 },
            $push: historyPush({ at: now, event: "delivered", seq }),
          }
        : {
            $set: { status: "pending", nextAttemptAt: now, ...reset },
            $unset: cleared,
            $push: historyPush({ at: now, event: "delivered", seq, detail: "newer value pending" }),
          };
    });
    return written ? outcome : "lost";
  }

  /** Back to pending at `nextAttemptAt` (failure, conflict, or waiting for a line item). */
  async reschedule(leased: LeasedDelivery, change: RescheduleChange, now: Date): Promise<boolean> {
    return this.onLease(leased, () => ({
      $set: {
        status: "pending",
        nextAttemptAt: change.nextAttemptAt,
        attempts: change.attempts,
        conflicts: change.conflicts,
        updatedAt: now,
        ...(change.firstFailedAt ? { firstFailedAt: change.firstFailedAt } : {}),
        ...(change.waitingFor ? { waitingFor: change.waitingFor } : {}),
        ...(change.error ? { lastError: change.error } : {}),
      },
      $unset: { lease: 1, ...(change.waitingFor ? {} : { waitingFor: 1 }) },
      $push: historyPush(change.event),
    }));
  }

  /** Nothing is dropped: a parked entry keeps its latest value until it is retried or resumes. */
  async park(
    leased: LeasedDelivery,
    reason: ParkReason,
    error: DeliveryError,
    attempts: number,
    now: Date,
  ): Promise<boolean> {
    return this.onLease(leased, () => ({
      $set: { status: "parked", parkedReason: reason, lastError: error, attempts, updatedAt: now },
      $unset: { lease: 1, waitingFor: 1 },
      $push: historyPush({ at: now, event: "parked", seq: leased.doc.desiredSeq, detail: reason }),
    }));
  }

  /** Gives a lease back untouched (the worker is stopping): due at once, for any instance. */
  async release(leased: LeasedDelivery, now: Date): Promise<boolean> {
    return this.onLease(leased, () => ({
      $set: { status: "pending", nextAttemptAt: now, updatedAt: now },
      $unset: { lease: 1 },
      $push: historyPush({ at: now, event: "released", seq: leased.doc.desiredSeq }),
    }));
  }

  /**
   * The platform asked us to wait (Retry-After): its pending entries wait until then, whichever
   * instance would have sent them. Entries leased elsewhere get their own answer.
   */
  async holdPlatform(platformId: string, until: Date, now: Date): Promise<number> {
    const held = await this.models.Delivery.updateMany(
      { platformId, status: "pending", nextAttemptAt: { $lt: until } },
      {
        $set: { nextAttemptAt: until, waitingFor: "retry-after", updatedAt: now },
        $inc: { rev: 1 },
        $push: historyPush({ at: now, event: "retry", detail: "platform asked to wait" }),
      },
    );
    return held.modifiedCount;
  }

  /**
   * The platform answers again after an outage: what waits on a back-off is due now, and what was parked
   * because the outage outlasted the retry window resumes. Retry-After waits are kept. With
   * `maxAttempts` (a flaky LMS, not an outage), only entries that failed that few times are released.
   */
  async resumePlatform(
    platformId: string,
    now: Date,
    options: { maxAttempts?: number } = {},
  ): Promise<number> {
    const event = historyPush({ at: now, event: "resumed" });
    const few = options.maxAttempts === undefined ? {} : { attempts: { $lte: options.maxAttempts } };
    const waiting = await this.models.Delivery.updateMany(
      { platformId, status: "pending", waitingFor: "backoff", nextAttemptAt: { $gt: now }, ...few },
      {
        $set: { nextAttemptAt: now, updatedAt: now },
        $unset: { waitingFor: 1 },
        $inc: { rev: 1 },
        $push: event,
      },
    );
    if (options.maxAttempts !== undefined) return waiting.modifiedCount;
    const parked = await this.models.Delivery.updateMany(
      { platformId, status: "parked", parkedReason: "RETRY_WINDOW" },
      {
        $set: { status: "pending", nextAttemptAt: now, attempts: 0, updatedAt: now },
        $unset: { parkedReason: 1, firstFailedAt: 1, waitingFor: 1 },
        $inc: { rev: 1 },
        $push: event,
      },
    );
    return waiting.modifiedCount + parked.modifiedCount;
  }

  /**
   * Applies a lease holder's change with a compare-and-set on `{_id, rev}`. When another write came in
   * between (a projection changing the desired value), the entry is read again: the change is applied
   * to it if this lease still holds, and refused (false) if another worker took the entry.
   */
  private async onLease(leased: LeasedDelivery, change: LeasedChange): Promise<boolean> {
    let current: Pick<GradeDeliveryDoc, "desiredSeq" | "rev"> = leased.doc;
    for (let round = 0; round < 6; round++) {
      const update = change(current);
      const written = await this.models.Delivery.updateOne(
        { _id: leased.doc._id, rev: current.rev ?? null },
        { ...update, $inc: { ...update.$inc, rev: 1 } },
      );
      if (written.matchedCount > 0) return true;
      const now = await this.models.Delivery.findById(leased.doc._id, {
        rev: 1,
        desiredSeq: 1,
        "lease.token": 1,
      }).lean<Pick<GradeDeliveryDoc, "rev" | "desiredSeq" | "lease">>();
      if (!now || now.lease?.token !== leased.token) return false;
      current = now;
    }
    throw new Error("grade delivery write kept racing; the lease will expire and the entry be retried");
  }
}
