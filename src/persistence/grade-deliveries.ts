// The grade outbox (grade_deliveries): projections write the latest desired score, workers lease and
// deliver it. Every write is one atomic single-document update, guarded by the fence (projections),
// the lease token and the desired sequence number (deliveries).
import { randomBytes, randomUUID } from "node:crypto";
import type { ParkReason } from "../domain/grading/delivery-rules.js";
import { desiredKey, type DesiredScore } from "../domain/grading/policy.js";
import type { CourseKey } from "../domain/grading/ports.js";
import type {
  DeliveryError,
  DeliveryEvent,
  DeliveryStatus,
  GradeDeliveryDoc,
  GradeLearnerDoc,
  GradeLineItemDoc,
  GradingModels,
} from "./models/grading-models.js";
import { isDuplicateKey } from "./errors.js";

const HISTORY_LENGTH = 20;

export interface DeliveryKey extends CourseKey {
  resourceLinkId: string;
  learnerId: string;
}

export interface ProjectedScore {
  key: DeliveryKey;
  placementId: string;
  userSub: string;
  lineItemUrl: string | undefined;
  /** The AGS scopes of the placement's launch claim (what the token may ask for). */
  agsScopes: string[];
  desired: DesiredScore;
}

export type ProjectOutcome = "created" | "updated" | "unchanged" | "stale";

export interface LeasedDelivery {
  doc: GradeDeliveryDoc;
  token: string;
}

export type SyncStatus = "delivered" | "pending" | "parked";

export interface LearnerSyncStatus {
  status: SyncStatus;
  /** Placements (line items) counted for this learner. */
  entries: number;
  lastError: DeliveryError | undefined;
  parkedReason: ParkReason | undefined;
  /** The score the LMS holds when there is one placement (first one otherwise). */
  sent: GradeDeliveryDoc["delivered"];
}

function historyPush(event: DeliveryEvent): { history: { $each: DeliveryEvent[]; $slice: number } } {
  return { history: { $each: [event], $slice: -HISTORY_LENGTH } };
}

/** The worst status wins: one parked placement means the LMS lacks something. */
const STATUS_RANK: Record<SyncStatus, number> = { delivered: 0, pending: 1, parked: 2 };

export class GradeDeliveries {
  constructor(private readonly models: Pick<GradingModels, "Delivery">) {}

  /**
   * Writes a projection. `fence` orders projections of one learner: an older projection finishing after
   * a newer one is refused ("stale"). `force` re-sends an unchanged value and unparks (course re-sync).
   */
  async project(score: ProjectedScore, fence: number, now: Date, force = false): Promise<ProjectOutcome> {
    const { key } = score;
    const newKey = desiredKey(score.desired);
    const fields = {
      placementId: score.placementId,
      userSub: score.userSub,
      ...(score.lineItemUrl ? { lineItemUrl: score.lineItemUrl } : {}),
      agsScopes: score.agsScopes,
      fence,
    };
    const change = { ...fields, desired: score.desired, desiredKey: newKey, updatedAt: now };
    const projected = {
      $push: historyPush({ at: now, event: "projected", detail: newKey }),
      $inc: { desiredSeq: 1 },
    };
    // A delivered (or, when forced, parked) entry goes back to pending in the same update as its new
    // value, so no crash can leave a new value marked as delivered.
    const wakeable: DeliveryStatus[] = force ? ["delivered", "parked"] : ["delivered"];
    const asIs: DeliveryStatus[] = force ? ["pending", "leased"] : ["pending", "leased", "parked"];
    for (let round = 0; round < 6; round++) {
      if (!force) {
        const same = await this.models.Delivery.updateOne(
          { ...key, fence: { $lte: fence }, desiredKey: newKey },
          { $set: fields },
        );
        if (same.matchedCount > 0) return "unchanged";
      }
      const woken = await this.models.Delivery.updateOne(
        { ...key, fence: { $lte: fence }, status: { $in: wakeable } },
        {
          ...projected,
          $set: { ...change, status: "pending", nextAttemptAt: now, attempts: 0, conflicts: 0 },
          $unset: { parkedReason: 1 },
        },
      );
      if (woken.matchedCount > 0) return "updated";
      // A leased entry keeps its lease: its worker sees desiredSeq moved and puts it back to pending.
      const changed = await this.models.Delivery.updateOne(
        { ...key, fence: { $lte: fence }, status: { $in: asIs } },
        { ...projected, $set: change },
      );
      if (changed.matchedCount > 0) return "updated";
      try {
        const inserted = await this.models.Delivery.updateOne(
          key,
          {
            $setOnInsert: {
              _id: randomUUID(),
              ...key,
              ...change,
              desiredSeq: 1,
              deliveredSeq: 0,
              status: "pending",
              attempts: 0,
              conflicts: 0,
              nextAttemptAt: now,
              history: [{ at: now, event: "projected", seq: 1, detail: newKey }],
              createdAt: now,
            },
          },
          { upsert: true },
        );
        if (inserted.upsertedCount > 0) return "created";
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        continue;
      }
      const current = await this.models.Delivery.findOne(key, { fence: 1 }).lean<
        Pick<GradeDeliveryDoc, "fence">
      >();
      if (current && current.fence > fence) return "stale";
      // Otherwise a worker changed the status between two updates: go round again.
    }
    throw new Error("grade projection kept racing; it will be projected again");
  }

  /** Takes one due entry (or one whose worker died) for `leaseMs`; null when nothing is due. */
  async lease(
    owner: string,
    now: Date,
    leaseMs: number,
    platformIds?: readonly string[],
  ): Promise<LeasedDelivery | null> {
    const token = randomBytes(12).toString("base64url");
    const tenants = platformIds ? { platformId: { $in: [...platformIds] } } : {};
    const update = {
      $set: { status: "leased", lease: { owner, token, until: new Date(now.getTime() + leaseMs) } },
    };
    // Two plain queries rather than one $or: each follows its own index, oldest first.
    const due = await this.models.Delivery.findOneAndUpdate(
      { status: "pending", nextAttemptAt: { $lte: now }, ...tenants },
      update,
      { sort: { nextAttemptAt: 1 }, new: true },
    ).lean<GradeDeliveryDoc>();
    if (due) return { doc: due, token };
    const orphaned = await this.models.Delivery.findOneAndUpdate(
      { status: "leased", "lease.until": { $lte: now }, ...tenants },
      update,
      { sort: { "lease.until": 1 }, new: true },
    ).lean<GradeDeliveryDoc>();
    return orphaned ? { doc: orphaned, token } : null;
  }

  /** Write-ahead of the timestamp about to be sent; false when the lease was lost (another worker has it). */
  async stampTimestamp(leased: LeasedDelivery, timestamp: Date): Promise<boolean> {
    const result = await this.models.Delivery.updateOne(
      { _id: leased.doc._id, "lease.token": leased.token },
      { $max: { lastTimestamp: timestamp } },
    );
    return result.matchedCount > 0;
  }

  /** After the LMS accepted `seq`: delivered, unless a newer value arrived meanwhile (then pending again). */
  async completed(
    leased: LeasedDelivery,
    sent: DesiredScore,
    timestamp: Date,
    now: Date,
  ): Promise<"delivered" | "pending" | "lost"> {
    const seq = leased.doc.desiredSeq;
    const delivered = { ...sent, timestamp, at: now, seq };
    const done = await this.models.Delivery.updateOne(
      { _id: leased.doc._id, "lease.token": leased.token, desiredSeq: seq },
      {
        $set: {
          status: "delivered",
          deliveredSeq: seq,
          delivered,
          attempts: 0,
          conflicts: 0,
          updatedAt: now,
        },
        $unset: { lease: 1, lastError: 1, parkedReason: 1 },
        $push: historyPush({ at: now, event: "delivered", seq }),
      },
    );
    if (done.matchedCount > 0) return "delivered";
    const newer = await this.models.Delivery.updateOne(
      { _id: leased.doc._id, "lease.token": leased.token },
      {
        $set: {
          status: "pending",
          nextAttemptAt: now,
          deliveredSeq: seq,
          delivered,
          attempts: 0,
          conflicts: 0,
          updatedAt: now,
        },
        $unset: { lease: 1, lastError: 1 },
        $push: historyPush({ at: now, event: "delivered", seq, detail: "newer value pending" }),
      },
    );
    return newer.matchedCount > 0 ? "pending" : "lost";
  }

  /** Back to pending at `nextAttemptAt` (failure, conflict, or waiting for a line item). */
  async reschedule(
    leased: LeasedDelivery,
    change: {
      nextAttemptAt: Date;
      attempts: number;
      conflicts: number;
      error?: DeliveryError;
      event: DeliveryEvent;
    },
    now: Date,
  ): Promise<boolean> {
    const result = await this.models.Delivery.updateOne(
      { _id: leased.doc._id, "lease.token": leased.token },
      {
        $set: {
          status: "pending",
          nextAttemptAt: change.nextAttemptAt,
          attempts: change.attempts,
          conflicts: change.conflicts,
          updatedAt: now,
          ...(change.error ? { lastError: change.error } : {}),
        },
        $unset: { lease: 1 },
        $push: historyPush(change.event),
      },
    );
    return result.matchedCount > 0;
  }

  /** Nothing is dropped: a parked entry keeps its latest value until someone retries it. */
  async park(
    leased: LeasedDelivery,
    reason: ParkReason,
    error: DeliveryError,
    attempts: number,
    now: Date,
  ): Promise<boolean> {
    const result = await this.models.Delivery.updateOne(
      { _id: leased.doc._id, "lease.token": leased.token },
      {
        $set: { status: "parked", parkedReason: reason, lastError: error, attempts, updatedAt: now },
        $unset: { lease: 1 },
        $push: historyPush({ at: now, event: "parked", seq: leased.doc.desiredSeq, detail: reason }),
      },
    );
    return result.matchedCount > 0;
  }

  /** The admin's "retry": a parked entry becomes due now with a fresh attempt count. */
  async retryParked(
    filter: { platformId: string; deploymentId?: string; contextId?: string },
    id: string,
    now: Date,
  ): Promise<boolean> {
    const result = await this.models.Delivery.updateOne(
      { ...filter, _id: id, status: "parked" },
      {
        $set: { status: "pending", nextAttemptAt: now, attempts: 0, conflicts: 0, updatedAt: now },
        $unset: { parkedReason: 1 },
        $push: historyPush({ at: now, event: "requeued" }),
      },
    );
    return result.matchedCount > 0;
  }

  async byId(id: string): Promise<GradeDeliveryDoc | null> {
    return this.models.Delivery.findById(id).lean<GradeDeliveryDoc>();
  }

  async forCourse(scope: CourseKey): Promise<GradeDeliveryDoc[]> {
    return this.models.Delivery.find(scope)
      .sort({ learnerId: 1, resourceLinkId: 1 })
      .lean<GradeDeliveryDoc[]>();
  }

  /** Parked entries of a platform (admins) or of one course (its teachers), oldest first. */
  async parked(
    filter: { platformId: string; deploymentId?: string; contextId?: string },
    limit = 500,
  ): Promise<GradeDeliveryDoc[]> {
    return this.models.Delivery.find({ ...filter, status: "parked" })
      .sort({ updatedAt: 1 })
      .limit(limit)
      .lean<GradeDeliveryDoc[]>();
  }

  /** Per learner of a course: does the LMS have the latest grade (delivered / pending / parked)? */
  async syncStatusByLearner(scope: CourseKey): Promise<Map<string, LearnerSyncStatus>> {
    const docs = await this.models.Delivery.find(scope, {
      learnerId: 1,
      status: 1,
      lastError: 1,
      parkedReason: 1,
      delivered: 1,
      resourceLinkId: 1,
    })
      .sort({ resourceLinkId: 1 })
      .lean<GradeDeliveryDoc[]>();
    const byLearner = new Map<string, LearnerSyncStatus>();
    for (const doc of docs) {
      const status: SyncStatus = doc.status === "leased" ? "pending" : doc.status;
      const current = byLearner.get(doc.learnerId);
      if (!current) {
        byLearner.set(doc.learnerId, {
          status,
          entries: 1,
          lastError: doc.status === "delivered" ? undefined : doc.lastError,
          parkedReason: doc.parkedReason,
          sent: doc.delivered,
        });
        continue;
      }
      current.entries += 1;
      if (STATUS_RANK[status] > STATUS_RANK[current.status]) {
        current.status = status;
        current.lastError = doc.lastError;
        current.parkedReason = doc.parkedReason;
      }
    }
    return byLearner;
  }

  async countByStatus(filter: {
    platformId: string;
    deploymentId?: string;
    contextId?: string;
  }): Promise<Record<DeliveryStatus, number>> {
    const counts: Record<DeliveryStatus, number> = { pending: 0, leased: 0, delivered: 0, parked: 0 };
    const docs = await this.models.Delivery.find(filter, { status: 1 }).lean<
      Pick<GradeDeliveryDoc, "status">[]
    >();
    for (const doc of docs) counts[doc.status] += 1;
    return counts;
  }
}

/** Per-learner projection fences and re-sync requests (grade_learners). */
export class GradeLearners {
  constructor(private readonly models: Pick<GradingModels, "Learner">) {}

  /** A number larger than any handed out before for this learner in this course. */
  async nextFence(scope: CourseKey, learnerId: string): Promise<number> {
    const doc = await this.models.Learner.findOneAndUpdate(
      { ...scope, learnerId },
      { $inc: { fence: 1 }, $setOnInsert: { _id: randomUUID() } },
      { upsert: true, new: true },
    ).lean<GradeLearnerDoc>();
    if (!doc) throw new Error("fence upsert returned nothing");
    return doc.fence;
  }

  /** Asks the projector to project these learners again; `force` re-sends unchanged values. */
  async requestResync(
    scope: CourseKey,
    learnerIds: readonly string[],
    force: boolean,
    now: Date,
  ): Promise<number> {
    if (learnerIds.length === 0) return 0;
    const result = await this.models.Learner.bulkWrite(
      learnerIds.map((learnerId) => ({
        updateOne: {
          filter: { ...scope, learnerId },
          update: {
            $set: { "resync.pending": true, "resync.force": force, "resync.requestedAt": now },
            $inc: { "resync.version": 1 },
            $setOnInsert: { _id: randomUUID(), fence: 0 },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return result.modifiedCount + result.upsertedCount;
  }

  async pendingResyncs(limit: number, platformIds?: readonly string[]): Promise<GradeLearnerDoc[]> {
    return this.models.Learner.find({
      "resync.pending": true,
      ...(platformIds ? { platformId: { $in: [...platformIds] } } : {}),
    })
      .sort({ "resync.requestedAt": 1 })
      .limit(limit)
      .lean<GradeLearnerDoc[]>();
  }

  /** Compare-and-set on the request's version: a request made meanwhile stays pending. */
  async clearResync(id: string, version: number): Promise<boolean> {
    const result = await this.models.Learner.updateOne(
      { _id: id, "resync.pending": true, "resync.version": version },
      { $set: { "resync.pending": false } },
    );
    return result.matchedCount > 0;
  }
}

/** Line items Carnet looked up or created for placements whose launch claim had only `lineitems`. */
export class GradeLineItems {
  constructor(private readonly models: Pick<GradingModels, "LineItem">) {}

  async url(placementId: string): Promise<string | undefined> {
    const doc = await this.models.LineItem.findById(placementId, { url: 1 }).lean<
      Pick<GradeLineItemDoc, "url">
    >();
    return doc?.url;
  }

  /** One delivery at a time resolves a placement's line item; false when another holds the claim. */
  async claim(
    placement: Omit<GradeLineItemDoc, "url" | "claim" | "resolvedAt">,
    owner: string,
    now: Date,
    ms: number,
  ): Promise<boolean> {
    const { _id, ...scope } = placement;
    try {
      await this.models.LineItem.updateOne({ _id }, { $setOnInsert: scope }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const claimed = await this.models.LineItem.updateOne(
      {
        _id,
        url: { $exists: false },
        $or: [{ claim: { $exists: false } }, { "claim.until": { $lte: now } }],
      },
      { $set: { claim: { owner, until: new Date(now.getTime() + ms) } } },
    );
    return claimed.matchedCount > 0;
  }

  async resolved(placementId: string, url: string, now: Date): Promise<void> {
    await this.models.LineItem.updateOne(
      { _id: placementId },
      { $set: { url, resolvedAt: now }, $unset: { claim: 1 } },
    );
  }

  async release(placementId: string, owner: string): Promise<void> {
    await this.models.LineItem.updateOne(
      { _id: placementId, "claim.owner": owner },
      { $unset: { claim: 1 } },
    );
  }

  /** A line item the LMS says is gone (404): forget it so the next retry looks it up again. */
  async forget(placementId: string, url: string): Promise<void> {
    await this.models.LineItem.updateOne({ _id: placementId, url }, { $unset: { url: 1, resolvedAt: 1 } });
  }
}
