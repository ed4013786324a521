// Competence records: one document per (course, learner, framework, competence). Every change is one
// findOneAndUpdate guarded by the revision it was computed from, and a change of state or level sets
// the grade outbox marker in the same update (no multi-document transactions here).
import { randomUUID } from "node:crypto";
import { leafCompetences } from "../domain/frameworks/framework.js";
import type { FrameworkCatalog } from "../domain/frameworks/catalog.js";
import type { CompetenceKey, CompetenceRecord } from "../domain/validation/records.js";
import type { CourseRef } from "../domain/course.js";
import type { CitedEvidence } from "../domain/validation/evidence-grants.js";
import type {
  CompetenceRecordStore,
  CourseScope,
  LearnerProgress,
  ProgressReader,
} from "../domain/validation/ports.js";
import { isPending, PENDING_STATES, type CompetenceState } from "../domain/validation/states.js";
import { changesStateOrLevel, type RecordChange } from "../domain/validation/transition.js";
import type { CompetenceSummaryRepository } from "./competence-summaries.js";
import type { CompetenceRecordDoc, ValidationModels } from "./models/validation-models.js";
import { followedFilter } from "./followed-filter.js";
import { isDuplicateKey } from "./errors.js";

/**
 * Since when a pending record waits. Records written without `waitingSince` (older data, direct imports)
 * fall back to their last change, so they stay in the queue with a waiting time instead of breaking it.
 */
function waitingSinceOf(doc: {
  state: CompetenceState;
  waitingSince?: Date | null;
  lastActivityAt?: Date | null;
  createdAt?: Date | null;
}): Date | undefined {
  if (isValidDate(doc.waitingSince)) return doc.waitingSince;
  if (!isPending(doc.state)) return undefined;
  if (isValidDate(doc.lastActivityAt)) return doc.lastActivityAt;
  return isValidDate(doc.createdAt) ? doc.createdAt : undefined;
}

function isValidDate(value: Date | null | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function oldestFirst(docs: PendingRecord[]): PendingRecord[] {
  const time = (at: Date | undefined): number => (isValidDate(at) ? at.getTime() : 0);
  return docs.sort((a, b) => time(a.waitingSince) - time(b.waitingSince));
}

/** Raw rows with the waiting date the queue and the reminders need (see waitingSinceOf). */
function withWaitingSince(docs: PendingRecord[]): PendingRecord[] {
  return docs.map((doc) => {
    const waitingSince = waitingSinceOf(doc);
    return waitingSince && waitingSince !== doc.waitingSince ? { ...doc, waitingSince } : doc;
  });
}

export function toRecord(doc: CompetenceRecordDoc): CompetenceRecord {
  const waitingSince = waitingSinceOf(doc);
  return {
    id: doc._id,
    platformId: doc.platformId,
    deploymentId: doc.deploymentId,
    contextId: doc.contextId,
    learnerId: doc.learnerId,
    frameworkId: doc.frameworkId,
    competenceCode: doc.competenceCode,
    state: doc.state,
    ...(doc.level ? { level: doc.level } : {}),
    ...(doc.selfLevel ? { selfLevel: doc.selfLevel } : {}),
    approvals: doc.approvals ?? [],
    ...(doc.requestId ? { requestId: doc.requestId } : {}),
    assignedValidatorIds: doc.assignedValidatorIds ?? [],
    ...(waitingSince ? { waitingSince } : {}),
    lastActivityAt: doc.lastActivityAt,
    ...(doc.learnerActivityAt ? { learnerActivityAt: doc.learnerActivityAt } : {}),
    ...(doc.evidence ? { evidence: doc.evidence } : {}),
    evidenceVersion: doc.evidenceVersion ?? 0,
    ...(doc.proposal ? { proposal: doc.proposal } : {}),
    rev: doc.rev ?? 0,
    timeline: doc.timeline ?? [],
  };
}

/** The few fields the cohort matrix and the queue need: no timeline, no evidence. */
export interface RecordCell {
  _id: string;
  learnerId: string;
  competenceCode: string;
  state: CompetenceState;
  level?: string;
  selfLevel?: string;
  approvals?: { validatorId: string }[];
  waitingSince?: Date;
  lastActivityAt?: Date;
  learnerActivityAt?: Date;
}

export interface PendingRecord extends RecordCell {
  platformId: string;
  deploymentId: string;
  contextId: string;
  frameworkId: string;
  requestId?: string;
  assignedValidatorIds: string[];
  waitingSince: Date;
}

export class CompetenceRecordRepository implements CompetenceRecordStore, ProgressReader {
  constructor(
    private readonly models: Pick<ValidationModels, "CompetenceRecord">,
    private readonly frameworks?: Pick<FrameworkCatalog, "byId">,
    private readonly summaries?: Pick<CompetenceSummaryRepository, "sync">,
    private readonly log?: { warn(details: Record<string, unknown>, message: string): void },
  ) {}

  /** The traces cited as evidence in records of these courses or of these learners (one row a record). */
  async citedEvidence(
    platformId: string,
    among: { courses: readonly CourseRef[]; learnerIds: readonly string[] },
  ): Promise<CitedEvidence[]> {
    const followed = followedFilter(among);
    if (!followed) return [];
    const docs = await this.models.CompetenceRecord.find(
      { platformId, "evidence.traceIds.0": { $exists: true }, ...followed },
      { learnerId: 1, "evidence.traceIds": 1 },
    ).lean<Pick<CompetenceRecordDoc, "learnerId" | "evidence">[]>();
    return docs.map((doc) => ({ learnerId: doc.learnerId, traceIds: doc.evidence?.traceIds ?? [] }));
  }

  async find(key: CompetenceKey): Promise<CompetenceRecord | null> {
    const doc = await this.models.CompetenceRecord.findOne(key).lean<CompetenceRecordDoc>();
    return doc ? toRecord(doc) : null;
  }

  async byId(platformId: string, id: string): Promise<CompetenceRecord | null> {
    const doc = await this.models.CompetenceRecord.findOne({
      _id: id,
      platformId,
    }).lean<CompetenceRecordDoc>();
    return doc ? toRecord(doc) : null;
  }

  async ensure(key: CompetenceKey, now: Date): Promise<CompetenceRecord> {
    const initial = {
      _id: randomUUID(),
      state: "not_started",
      approvals: [],
      assignedValidatorIds: [],
      lastActivityAt: now,
      evidenceVersion: 0,
      rev: 0,
      timeline: [],
      gradeSync: { pending: false, version: 0, changedAt: now },
      createdAt: now,
    };
    try {
      const doc = await this.models.CompetenceRecord.findOneAndUpdate(
        key,
        { $setOnInsert: initial },
        { upsert: true, new: true },
      ).lean<CompetenceRecordDoc>();
      if (doc) return toRecord(doc);
    } catch (error) {
      // Two first actions at once: the unique index lets one insert win; read it back.
      if (!isDuplicateKey(error)) throw error;
    }
    const created = await this.find(key);
    if (!created) throw new Error("competence record upsert returned nothing");
    return created;
  }

  async apply(
    record: CompetenceRecord,
    change: RecordChange,
    options: { now: Date; expectedRev?: number; assignedValidatorIds?: string[] },
  ): Promise<CompetenceRecord | null> {
    const { now } = options;
    const set: Record<string, unknown> = {
      state: change.state,
      approvals: change.approvals,
      evidenceVersion: change.evidenceVersion,
      lastActivityAt: now,
    };
    const unset: Record<string, ""> = {};
    if (change.level) set.level = change.level;
    else unset.level = "";
    if (change.waitingSince === null) unset.waitingSince = "";
    else if (change.waitingSince) set.waitingSince = change.waitingSince;
    if (change.evidence) set.evidence = change.evidence;
    if (change.proposal === null) unset.proposal = "";
    else if (change.proposal) set.proposal = change.proposal;
    if (change.requestId === null) unset.requestId = "";
    else if (change.requestId) set.requestId = change.requestId;
    if (change.selfLevel) set.selfLevel = change.selfLevel;
    if (change.learnerActed) set.learnerActivityAt = now;
    if (options.assignedValidatorIds) set.assignedValidatorIds = options.assignedValidatorIds;
    const inc: Record<string, number> = { rev: 1 };
    // The outbox marker for grades and completion, in the very same atomic update, on every change of
    // state or of validated level (checked here too against the revision the update is guarded by).
    if (change.stateOrLevelChanged || changesStateOrLevel(record, change)) {
      inc["gradeSync.version"] = 1;
      set["gradeSync.pending"] = true;
      set["gradeSync.changedAt"] = now;
    }
    const update: Record<string, unknown> = { $set: set, $inc: inc, $push: { timeline: change.entry } };
    if (Object.keys(unset).length > 0) update.$unset = unset;
    const doc = await this.models.CompetenceRecord.findOneAndUpdate(
      { _id: record.id, platformId: record.platformId, rev: options.expectedRev ?? record.rev },
      update,
      { new: true },
    ).lean<CompetenceRecordDoc>();
    if (!doc) return null;
    const updated = toRecord(doc);
    // The record (with its outbox marker) is the truth; the summary row follows, repaired hourly if this
    // fails — said in the log, never swallowed.
    await this.summaries?.sync(updated, now).catch((error: unknown) => {
      this.log?.warn(
        { recordId: updated.id, err: error instanceof Error ? error.message : String(error) },
        "competence summary not updated; the hourly repair will catch up",
      );
    });
    return updated;
  }

  /** Records changed since `since` (the hourly repair of summary rows). */
  async changedSince(since: Date, limit = 5000): Promise<CompetenceRecord[]> {
    const docs = await this.models.CompetenceRecord.find({ lastActivityAt: { $gte: since } }, { timeline: 0 })
      .limit(limit)
      .lean<CompetenceRecordDoc[]>();
    return docs.map(toRecord);
  }

  async forLearner(scope: CourseScope, learnerId: string, frameworkId: string): Promise<CompetenceRecord[]> {
    const docs = await this.models.CompetenceRecord.find({ ...scope, frameworkId, learnerId }).lean<
      CompetenceRecordDoc[]
    >();
    return docs.map(toRecord);
  }

  /** Every pending record of every platform (the reminder job). */
  async allPending(): Promise<PendingRecord[]> {
    const docs = await this.models.CompetenceRecord.collection
      .find<PendingRecord>(
        { state: { $in: [...PENDING_STATES] } },
        { projection: { timeline: 0, evidence: 0 } },
      )
      .sort({ waitingSince: 1 })
      .toArray();
    return oldestFirst(withWaitingSince(docs));
  }

  /** A learner's records in every course of the platform (tutors' view), without timelines. */
  async ofLearner(platformId: string, learnerId: string): Promise<PendingRecord[]> {
    const docs = await this.models.CompetenceRecord.collection
      .find<PendingRecord>({ platformId, learnerId }, { projection: { timeline: 0, evidence: 0 } })
      .toArray();
    return withWaitingSince(docs);
  }

  async learnerProgress(
    scope: CourseScope,
    learnerId: string,
    frameworkId: string,
  ): Promise<LearnerProgress> {
    const progress = await this.learnersProgress(scope, [learnerId], frameworkId);
    return progress.get(learnerId) ?? progressOf([], null);
  }

  /** The same for many learners of one course, in one read (the grade projector works in batches). */
  async learnersProgress(
    scope: CourseScope,
    learnerIds: readonly string[],
    frameworkId: string,
  ): Promise<Map<string, LearnerProgress>> {
    const framework = this.frameworks ? await this.frameworks.byId(scope.platformId, frameworkId) : null;
    const assessable = framework
      ? new Set(leafCompetences(framework.definition).map(({ node }) => node.code))
      : null;
    const docs = await this.models.CompetenceRecord.collection
      .find<ProgressRow>(
        {
          ...scope,
          frameworkId,
          learnerId: learnerIds.length === 1 ? learnerIds[0] : { $in: [...learnerIds] },
        },
        { projection: { learnerId: 1, competenceCode: 1, state: 1, level: 1, "gradeSync.changedAt": 1 } },
      )
      .toArray();
    const rows = new Map<string, ProgressRow[]>(learnerIds.map((learnerId) => [learnerId, []]));
    for (const doc of docs) rows.get(doc.learnerId)?.push(doc);
    return new Map([...rows].map(([learnerId, mine]) => [learnerId, progressOf(mine, assessable)]));
  }
}

interface ProgressRow {
  learnerId: string;
  competenceCode: string;
  state: CompetenceState;
  level?: string;
  gradeSync?: { changedAt?: Date };
}

function progressOf(docs: readonly ProgressRow[], assessable: Set<string> | null): LearnerProgress {
  const counted = docs.filter((doc) => !assessable || assessable.has(doc.competenceCode));
  const validated = counted.filter((doc) => doc.state === "validated");
  let lastChangeAt: Date | null = null;
  for (const doc of counted) {
    const at = doc.gradeSync?.changedAt;
    if (at && (!lastChangeAt || at > lastChangeAt)) lastChangeAt = at;
  }
  return {
    required: assessable ? assessable.size : counted.length,
    validated: validated.length,
    levels: validated.map((doc) => ({ code: doc.competenceCode, levelCode: doc.level ?? "" })),
    lastChangeAt,
  };
}
