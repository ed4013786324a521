// The grade outbox (grade_deliveries), projection and reading side: projections write the latest
// desired score under a per-learner fence; pages read what the LMS has; admins retry parked entries.
// The delivery side (leases) is grade-outbox.ts. Every write is one atomic single-document update.
import { randomUUID } from "node:crypto";
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

export type { DeliveryError, DeliveryStatus, GradeDeliveryDoc, GradeLearnerDoc };

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

/** What a projection reads of an entry before writing it. */
export type ProjectionTarget = Pick<GradeDeliveryDoc, "_id" | "fence" | "rev" | "status" | "desiredKey">;

const TARGET_FIELDS = { fence: 1, rev: 1, status: 1, desiredKey: 1 } as const;

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
   * The entry is read by its unique key and written with a compare-and-set on `{_id, rev}`: two index
   * lookups, whatever the size of the outbox.
   */
  async project(
    score: ProjectedScore,
    fence: number,
    now: Date,
    force = false,
    known?: ProjectionTarget | null,
  ): Promise<ProjectOutcome> {
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
      $inc: { desiredSeq: 1, rev: 1 },
    };
    for (let round = 0; round < 6; round++) {
      // The batch's read serves the first round; a lost compare-and-set reads again.
      const current =
        round === 0 && known !== undefined
          ? known
          : await this.models.Delivery.findOne(key, TARGET_FIELDS).lean<ProjectionTarget>();
      if (!current) {
        if (await this.insert(score, change, now)) return "created";
        continue;
      }
      if (current.fence > fence) return "stale";
      const unchanged = !force && current.desiredKey === newKey;
      // A delivered (or, when forced, parked) entry goes back to pending in the same update as its new
      // value, so no crash can leave a new value marked as delivered. A leased entry keeps its lease:
      // its worker sees desiredSeq moved and puts it back to pending.
      const wakes = current.status === "delivered" || (force && current.status === "parked");
      const update = unchanged
        ? { $set: fields, $inc: { rev: 1 } }
        : wakes
          ? {
              ...projected,
              $set: { ...change, status: "pending", nextAttemptAt: now, attempts: 0, conflicts: 0 },
              $unset: { parkedReason: 1, firstFailedAt: 1, waitingFor: 1 },
            }
          : { ...projected, $set: change };
      const written = await this.models.Delivery.updateOne(
        { _id: current._id, rev: current.rev ?? null },
        update,
      );
      if (written.matchedCount > 0) return unchanged ? "unchanged" : "updated";
      // Someone wrote between the read and the write: read again.
    }
    throw new Error("grade projection kept racing; it will be projected again");
  }

  /**
   * The entries of many learners for one placement, in one read (a projection batch): what `project`
   * needs to decide its write. Learners without an entry are absent.
   */
  async targets(
    key: Omit<DeliveryKey, "learnerId">,
    learnerIds: readonly string[],
  ): Promise<Map<string, ProjectionTarget>> {
    const docs = await this.models.Delivery.find(
      { ...key, learnerId: { $in: [...learnerIds] } },
      { ...TARGET_FIELDS, learnerId: 1 },
    ).lean<(ProjectionTarget & { learnerId: string })[]>();
    return new Map(docs.map(({ learnerId, ...target }) => [learnerId, target]));
  }

  private async insert(score: ProjectedScore, change: Record<string, unknown>, now: Date): Promise<boolean> {
    try {
      const inserted = await this.models.Delivery.updateOne(
        score.key,
        {
          $setOnInsert: {
            _id: randomUUID(),
            ...score.key,
            ...change,
            rev: 1,
            desiredSeq: 1,
            deliveredSeq: 0,
            status: "pending",
            attempts: 0,
            conflicts: 0,
            nextAttemptAt: now,
            history: [{ at: now, event: "projected", seq: 1, detail: change.desiredKey }],
            createdAt: now,
          },
        },
        { upsert: true },
      );
      return inserted.upsertedCount > 0;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false;
    }
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
        $unset: { parkedReason: 1, firstFailedAt: 1, waitingFor: 1 },
        $inc: { rev: 1 },
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

  /**
   * Compare-and-set on each request's version: a request made meanwhile (a higher version) stays
   * pending. One round trip; each update finds its document through the `{_id, resync.version}` key.
   */
  async clearResyncs(requests: readonly { id: string; version: number }[]): Promise<number> {
    if (requests.length === 0) return 0;
    const result = await this.models.Learner.bulkWrite(
      requests.map((request) => ({
        updateOne: {
          filter: { _id: request.id, "resync.version": request.version },
          update: { $set: { "resync.pending": false } },
        },
      })),
      { ordered: false },
    );
    return result.modifiedCount;
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
