// Support cases and signals in MongoDB. A case's changes are single-document atomic updates on an open
// case; a machine signal's id derives from its key, so raising it twice finds the first (idempotent).
import { createHash } from "node:crypto";
import type { Model, UpdateQuery } from "mongoose";
import type { CaseChange, CaseStore, SupportCase } from "../domain/support/cases.js";
import type { Signal, SignalStore } from "../domain/support/signals.js";
import { SUPPORT_LIMITS } from "../domain/support/vocabulary.js";
import { isDuplicateKey } from "./errors.js";
import type { SupportCaseDoc, SupportModels, SupportSignalDoc } from "./models/support-models.js";
import { type ListOrder, RecordCollection } from "./records.js";

function toCase({ _id, closedAt: _closedAt, ...rest }: SupportCaseDoc): SupportCase {
  return { ...rest, id: _id };
}

function update(change: CaseChange): UpdateQuery<SupportCaseDoc> {
  switch (change.kind) {
    case "note":
      return { $push: { notes: change.note } };
    case "step":
      return { $set: { step: change.step } };
    case "member":
      return change.byLearner
        ? { $addToSet: { members: change.userId, addedByLearner: change.userId } }
        : { $addToSet: { members: change.userId } };
    case "escalation":
      return { $push: { escalations: change.escalation } };
    case "closure":
      return { $set: { closure: change.closure, closedAt: change.closure.at } };
  }
}

export class SupportCaseRepository implements CaseStore {
  constructor(private readonly Case: Model<SupportCaseDoc>) {}

  async create(supportCase: SupportCase): Promise<void> {
    const { id, ...rest } = supportCase;
    await this.Case.create({ ...rest, _id: id, closedAt: supportCase.closure?.at ?? null });
  }

  async get(platformId: string, caseId: string): Promise<SupportCase | null> {
    const doc = await this.Case.findOne({ _id: caseId, platformId }).lean<SupportCaseDoc>();
    return doc ? toCase(doc) : null;
  }

  async apply(platformId: string, caseId: string, change: CaseChange): Promise<boolean> {
    const filter: Record<string, unknown> = { _id: caseId, platformId, closedAt: null };
    // Bounded growth: a full case refuses more notes rather than growing without end.
    if (change.kind === "note") filter[`notes.${SUPPORT_LIMITS.notesPerCase - 1}`] = { $exists: false };
    const result = await this.Case.updateOne(filter, update(change));
    return result.matchedCount === 1;
  }

  async ofLearner(platformId: string, learnerId: string): Promise<SupportCase[]> {
    const docs = await this.Case.find({ platformId, learnerId })
      .sort({ openedAt: -1 })
      .lean<SupportCaseDoc[]>();
    return docs.map(toCase);
  }

  async ofMember(platformId: string, userId: string): Promise<SupportCase[]> {
    const docs = await this.Case.find({ platformId, members: userId })
      .sort({ openedAt: -1 })
      .limit(500)
      .lean<SupportCaseDoc[]>();
    const cases = docs.map(toCase);
    return [...cases.filter((c) => !c.closure), ...cases.filter((c) => c.closure)];
  }

  async closedBefore(before: Date, limit: number): Promise<SupportCase[]> {
    const docs = await this.Case.find({ closedAt: { $ne: null, $lt: before } })
      .sort({ closedAt: 1 })
      .limit(limit)
      .lean<SupportCaseDoc[]>();
    return docs.map(toCase);
  }

  async delete(platformId: string, caseId: string): Promise<void> {
    await this.Case.deleteOne({ _id: caseId, platformId });
  }
}

function toSignal({ _id, ...rest }: SupportSignalDoc): Signal {
  return { ...rest, id: _id };
}

/** A machine sign's id is its key's digest within the learner: the same fact has one id. */
function machineId(signal: Signal): string | null {
  if (signal.source.kind !== "machine") return null;
  const digest = createHash("sha256")
    .update(`${signal.platformId}\u0000${signal.learnerId}\u0000${signal.source.key}`)
    .digest("hex");
  return `machine-${digest.slice(0, 40)}`;
}

const NEWEST_FIRST: ListOrder["sort"] = { raisedAt: -1 };

export class SupportSignalRepository implements SignalStore {
  private readonly signals: RecordCollection<SupportSignalDoc, Signal>;

  constructor(private readonly Signal: Model<SupportSignalDoc>) {
    this.signals = new RecordCollection(Signal, toSignal);
  }

  async add(signal: Signal): Promise<"added" | "already"> {
    const { id, ...rest } = signal;
    try {
      await this.Signal.create({ ...rest, _id: machineId(signal) ?? id });
      return "added";
    } catch (error) {
      if (isDuplicateKey(error) && signal.source.kind === "machine") return "already";
      throw error;
    }
  }

  async ofLearner(platformId: string, learnerId: string): Promise<Signal[]> {
    return this.signals.list({ platformId, learnerId }, { sort: NEWEST_FIRST, limit: 500 });
  }

  async ofLearners(platformId: string, learnerIds: readonly string[], limit: number): Promise<Signal[]> {
    if (learnerIds.length === 0) return [];
    return this.signals.list(
      { platformId, learnerId: { $in: [...learnerIds] } },
      { sort: NEWEST_FIRST, limit },
    );
  }

  async ofCase(platformId: string, caseId: string): Promise<Signal[]> {
    return this.signals.list({ platformId, caseId }, { sort: { raisedAt: 1 } });
  }

  async attach(
    platformId: string,
    learnerId: string,
    ids: readonly string[],
    caseId: string,
  ): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.Signal.updateMany(
      { platformId, learnerId, _id: { $in: [...ids] }, caseId: null },
      { $set: { caseId } },
    );
    return result.modifiedCount;
  }

  async deleteOfCase(platformId: string, caseId: string): Promise<number> {
    return (await this.Signal.deleteMany({ platformId, caseId })).deletedCount;
  }

  async deleteLooseBefore(before: Date): Promise<number> {
    return (await this.Signal.deleteMany({ caseId: null, raisedAt: { $lt: before } })).deletedCount;
  }
}

export function supportStores(models: SupportModels): {
  cases: SupportCaseRepository;
  signals: SupportSignalRepository;
} {
  return {
    cases: new SupportCaseRepository(models.Case),
    signals: new SupportSignalRepository(models.Signal),
  };
}
