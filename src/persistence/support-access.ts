// The learner's access log (who read what of their support space, when) and the records of purged cases.
import { randomUUID } from "node:crypto";
import type { Model } from "mongoose";
import type { AccessLog, SupportAccess } from "../domain/support/access-log.js";
import type { PurgeRecord, PurgeRecordStore } from "../domain/support/retention.js";
import type { SupportAccessDoc, SupportPurgeDoc } from "./models/support-models.js";

export class SupportAccessRepository implements AccessLog {
  constructor(private readonly Access: Model<SupportAccessDoc>) {}

  async append(access: SupportAccess): Promise<void> {
    await this.Access.create({ ...access, _id: randomUUID() });
  }

  async ofLearner(platformId: string, learnerId: string, limit: number): Promise<SupportAccess[]> {
    const docs = await this.Access.find({ platformId, learnerId })
      .sort({ at: -1 })
      .limit(Math.min(Math.max(limit, 1), 1000))
      .lean<SupportAccessDoc[]>();
    return docs.map(({ _id: _id, ...access }) => access);
  }

  async deleteOfCase(platformId: string, caseId: string): Promise<number> {
    return (await this.Access.deleteMany({ platformId, caseId })).deletedCount;
  }
}

export class SupportPurgeRepository implements PurgeRecordStore {
  constructor(private readonly Purge: Model<SupportPurgeDoc>) {}

  async record(record: PurgeRecord): Promise<void> {
    const { caseId, ...rest } = record;
    await this.Purge.updateOne({ _id: caseId }, { $setOnInsert: rest }, { upsert: true });
  }

  async ofLearner(platformId: string, learnerId: string): Promise<PurgeRecord[]> {
    const docs = await this.Purge.find({ platformId, learnerId })
      .sort({ purgedAt: -1 })
      .lean<SupportPurgeDoc[]>();
    return docs.map(({ _id, ...rest }) => ({ ...rest, caseId: _id }));
  }
}
