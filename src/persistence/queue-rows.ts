// The validators' queue read in the database: its totals from each pending row's few small fields (the
// oldest item of each request, the number of items), its page from the rows in waiting order, read a
// batch at a time until the page is full, and the rows that name the reader (assigned or approving) in
// full, so that "mine" and "approved by me, waiting for another" stay exact without reading every item.
import type { FilterQuery, Model } from "mongoose";
import type { SummaryRow } from "../domain/validation/summary-row.js";
import type { PendingPages, PendingScope, PendingTotalsRow } from "../domain/validation/queue.js";
import {
  decodePending,
  groupOldest,
  toRow,
  type CompetenceSummaryDoc,
  type StoredRow,
} from "./competence-summaries.js";
import { followedFilter } from "./followed-filter.js";

const FULL_ROW = { revs: 0, pendingKeys: 0, srev: 0, updatedAt: 0, sortName: 0, groupOldest: 0 };

export class QueueRowRepository implements PendingPages {
  constructor(private readonly model: Model<CompetenceSummaryDoc>) {}

  async totals(scope: PendingScope): Promise<PendingTotalsRow[]> {
    const where = pendingFilter(scope);
    if (!where) return [];
    const docs = await this.model
      .find(where, { _id: 1, deploymentId: 1, contextId: 1, learnerId: 1, pendingCount: 1, groupOldest: 1 })
      .lean<StoredRow[]>();
    const missing = docs.filter((doc) => !doc.groupOldest).map((doc) => doc._id);
    const repaired = missing.length > 0 ? await this.backfill(missing) : new Map<string, Date[]>();
    return docs.map((doc) => ({
      course: { deploymentId: doc.deploymentId, contextId: doc.contextId },
      learnerId: doc.learnerId,
      items: doc.pendingCount ?? 0,
      groupOldest: doc.groupOldest ?? repaired.get(doc._id) ?? [],
    }));
  }

  async inWaitingOrder(scope: PendingScope, skip: number, limit: number): Promise<SummaryRow[]> {
    const where = pendingFilter(scope);
    if (!where) return [];
    const docs = await this.model
      .find(where, FULL_ROW)
      .sort({ oldestWaiting: 1, learnerId: 1, frameworkId: 1, contextId: 1 })
      .skip(skip)
      .limit(limit)
      .lean<StoredRow[]>();
    return docs.map(toRow);
  }

  async naming(scope: PendingScope, userId: string): Promise<SummaryRow[]> {
    const where = pendingFilter(scope);
    if (!where) return [];
    // The items' validators and approvers are in the row's JSON text: a row naming the reader has
    // their id in it (ids are opaque strings, matched literally).
    const literal = userId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const docs = await this.model
      .find({ ...where, pending: { $regex: `"${literal}"` } }, FULL_ROW)
      .lean<StoredRow[]>();
    return docs.map(toRow);
  }

  /** Rows written before `groupOldest` existed: computed from their items and stored, once. */
  private async backfill(ids: string[]): Promise<Map<string, Date[]>> {
    const docs = await this.model
      .find({ _id: { $in: ids } }, { _id: 1, learnerId: 1, pending: 1 })
      .lean<Pick<StoredRow, "_id" | "learnerId" | "pending">[]>();
    const repaired = new Map(
      docs.map((doc) => [doc._id, groupOldest(decodePending(doc.pending), doc.learnerId)] as const),
    );
    await this.model.bulkWrite(
      [...repaired].map(([id, oldest]) => ({
        updateOne: {
          filter: { _id: id, groupOldest: { $exists: false } },
          update: { $set: { groupOldest: oldest } },
        },
      })),
      { ordered: false },
    );
    return repaired;
  }
}

/** The pending rows of the scope's learners: null when it follows nobody. */
function pendingFilter({
  platformId,
  among,
  excludeLearnerId,
}: PendingScope): FilterQuery<CompetenceSummaryDoc> | null {
  const followed = followedFilter(among);
  if (!followed) return null;
  return { platformId, pendingCount: { $gt: 0 }, learnerId: { $ne: excludeLearnerId }, ...followed };
}
