// One compact row per (course, framework, learner): the state of each competence and the pending items.
// It is a projection of competence_records (the source of truth, with the grade outbox marker), kept so
// the cohort matrix and the queue read a few hundred small documents instead of every record.
// A framework version never changes, so each row stores one character per assessable competence in the
// framework's order (state, validated level, self-assessed level, approvals): a 300 × 60 cohort is a few
// dozen kilobytes, which is what keeps the matrix fast on any MongoDB-wire server. Each position also
// keeps the record's revision, so late or repeated writes never move a cell backwards; a row is
// rewritten whole under its own revision counter (single-document updates only, retried on a race).
import { randomUUID } from "node:crypto";
import type { Connection, Model } from "mongoose";
import type { FrameworkCatalog } from "../domain/frameworks/catalog.js";
import { leafCompetences, selfAssessmentLevels } from "../domain/frameworks/framework.js";
import type { CourseScope } from "../domain/validation/ports.js";
import type { CompetenceRecord } from "../domain/validation/records.js";
import { isPending, type CompetenceState } from "../domain/validation/states.js";
import {
  STATE_CODES,
  stateAt,
  type CompetenceSummaries,
  type FollowedLearners,
  type PendingEntry,
  type SummaryRow,
} from "../domain/validation/summary-row.js";
import { collection } from "./models/collection.js";
import { isDuplicateKey } from "./errors.js";
import { followedFilter } from "./followed-filter.js";
import { courseScopeFields, required } from "./models/fields.js";

export interface SummaryCell {
  state: CompetenceState;
  /** Validated level code. */
  level?: string;
  /** Self-assessed level code. */
  selfLevel?: string;
  /** Approvals so far (double validation). */
  approvals: number;
}

/** A stored row: the domain's SummaryRow with its pending items as JSON and the write bookkeeping. */
export interface CompetenceSummaryDoc extends Omit<SummaryRow, "id" | "pending"> {
  _id: string;
  /** The record revision behind each position, comma-separated (read only when writing). */
  revs: string;
  /** JSON of PendingEntry[], oldest first (the queue). */
  pending: string;
  pendingCount: number;
  srev: number;
  updatedAt: Date;
  /** The cohort matrix's fields (cohort-rows.ts): the row's learner is a learner of the course now. */
  member?: boolean;
  sortName?: string;
  neverLaunched?: boolean;
  /** The membership's `updatedAt` these member fields were taken from. */
  memberAt?: Date;
  /** The later of the last launch and `learnerActivityAt`. */
  lastActivityAt?: Date;
  /** `oldestWaiting`, or NO_WAITING when nothing waits: the "waiting longest first" order. */
  waitingOrder?: Date;
  /** The queue's fields (queue-rows.ts): each pending request's oldest item, oldest first. */
  groupOldest?: Date[];
}

const NO_LEVEL = "-";
/** Sorts after every real date: rows with nothing waiting come last when sorted by waiting time. */
export const NO_WAITING = new Date("9999-12-31T00:00:00Z");

const competenceSummaries = collection<CompetenceSummaryDoc>(
  "CarnetCompetenceSummary",
  "competence_summaries",
  {
    ...courseScopeFields(),
    ...required<CompetenceSummaryDoc>(String, "frameworkId", "learnerId"),
    states: { type: String, default: "" },
    levels: { type: String, default: "" },
    selfLevels: { type: String, default: "" },
    approvals: { type: String, default: "" },
    revs: { type: String, default: "" },
    pending: { type: String, default: "[]" },
    pendingKeys: { type: [String], default: [] },
    pendingCount: { type: Number, default: 0 },
    oldestWaiting: Date,
    validated: { type: Number, default: 0 },
    learnerActivityAt: Date,
    srev: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
    member: Boolean,
    sortName: String,
    neverLaunched: Boolean,
    memberAt: Date,
    lastActivityAt: Date,
    waitingOrder: Date,
    groupOldest: { type: [Date], default: undefined },
  },
  { minimize: false },
)
  .index({ platformId: 1, deploymentId: 1, contextId: 1, frameworkId: 1, learnerId: 1 }, { unique: true })
  // The cohort matrix's page (cohort-rows.ts): a course's learners in name order; other orders sort
  // the course's rows found through the same prefix.
  .index({
    platformId: 1,
    deploymentId: 1,
    contextId: 1,
    frameworkId: 1,
    member: 1,
    sortName: 1,
    learnerId: 1,
  })
  .index({ platformId: 1, pendingCount: 1 })
  .index({ platformId: 1, learnerId: 1 });

export function summaryModel(connection: Connection): Model<CompetenceSummaryDoc> {
  return competenceSummaries.model(connection);
}

/** Decodes position `index` of a row, given the framework's scales (level codes in order). */
export function cellAt(
  row: Pick<SummaryRow, "states" | "levels" | "selfLevels" | "approvals">,
  index: number,
  scale: readonly string[],
  selfScale: readonly string[] = scale,
): SummaryCell {
  const state = stateAt(row.states, index) ?? "not_started";
  const level = levelAt(row.levels, index, scale);
  const selfLevel = levelAt(row.selfLevels, index, selfScale);
  const approvals = Number(row.approvals.charAt(index)) || 0;
  return { state, approvals, ...(level ? { level } : {}), ...(selfLevel ? { selfLevel } : {}) };
}

function levelAt(text: string, index: number, scale: readonly string[]): string | undefined {
  const char = text.charAt(index);
  if (char === "" || char === NO_LEVEL) return undefined;
  return scale[parseInt(char, 36)];
}

function levelChar(code: string | undefined, scale: readonly string[]): string {
  const index = code ? scale.indexOf(code) : -1;
  return index >= 0 && index < 36 ? index.toString(36) : NO_LEVEL;
}

/** A string of `length` characters: `text` cut or padded with `fill`. */
function fit(text: string | undefined, length: number, fill: string): string[] {
  const chars = [...(text ?? "")].slice(0, length);
  while (chars.length < length) chars.push(fill);
  return chars;
}

function pendingOf(record: CompetenceRecord): PendingEntry | null {
  if (!isPending(record.state) || !record.waitingSince) return null;
  return {
    code: record.competenceCode,
    ...(record.requestId ? { requestId: record.requestId } : {}),
    waitingSince: record.waitingSince,
    assignedValidatorIds: record.assignedValidatorIds,
    approverIds: record.approvals.map((approval) => approval.validatorId),
  };
}

/** The oldest item of each pending request (items outside a request are a request each), oldest first. */
export function groupOldest(pending: readonly PendingEntry[], learnerId: string): Date[] {
  const oldest = new Map<string, Date>();
  for (const entry of pending) {
    const key = entry.requestId ?? `${learnerId}:${entry.code}`;
    const known = oldest.get(key);
    if (!known || entry.waitingSince < known) oldest.set(key, entry.waitingSince);
  }
  return [...oldest.values()].sort((a, b) => a.getTime() - b.getTime());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads pending items back, keeping only well-formed ones (the text is ours, but read defensively). */
export function decodePending(text: string | undefined): PendingEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  return parsed.flatMap((raw: unknown): PendingEntry[] => {
    if (!isRecord(raw) || typeof raw.code !== "string" || typeof raw.waitingSince !== "string") return [];
    const waitingSince = new Date(raw.waitingSince);
    if (Number.isNaN(waitingSince.getTime())) return [];
    return [
      {
        code: raw.code,
        waitingSince,
        assignedValidatorIds: strings(raw.assignedValidatorIds),
        approverIds: strings(raw.approverIds),
        ...(typeof raw.requestId === "string" ? { requestId: raw.requestId } : {}),
      },
    ];
  });
}

export type StoredRow = Partial<CompetenceSummaryDoc> &
  Pick<
    CompetenceSummaryDoc,
    "_id" | "platformId" | "deploymentId" | "contextId" | "frameworkId" | "learnerId"
  >;

export function toRow(doc: StoredRow): SummaryRow {
  return {
    id: doc._id,
    platformId: doc.platformId,
    deploymentId: doc.deploymentId,
    contextId: doc.contextId,
    frameworkId: doc.frameworkId,
    learnerId: doc.learnerId,
    states: doc.states ?? "",
    levels: doc.levels ?? "",
    selfLevels: doc.selfLevels ?? "",
    approvals: doc.approvals ?? "",
    pending: decodePending(doc.pending),
    pendingKeys: doc.pendingKeys ?? [],
    validated: doc.validated ?? 0,
    ...(doc.learnerActivityAt ? { learnerActivityAt: doc.learnerActivityAt } : {}),
    ...(doc.oldestWaiting ? { oldestWaiting: doc.oldestWaiting } : {}),
  };
}

interface Layout {
  codes: string[];
  scale: string[];
  /** Self-assessed levels are coded on the framework's self-assessment scale. */
  selfScale: string[];
}

export { STATE_CODES, type PendingEntry, type SummaryRow };

export class CompetenceSummaryRepository implements CompetenceSummaries {
  private readonly layouts = new Map<string, Layout>();

  constructor(
    /** Also read by the cohort matrix's pages (cohort-rows.ts). */
    readonly model: Model<CompetenceSummaryDoc>,
    private readonly frameworks: Pick<FrameworkCatalog, "byId">,
  ) {}

  /** The framework's competences and levels in order (a version never changes, so it is cached). */
  async layout(platformId: string, frameworkId: string): Promise<Layout | null> {
    const cached = this.layouts.get(frameworkId);
    if (cached) return cached;
    const framework = await this.frameworks.byId(platformId, frameworkId);
    if (!framework) return null;
    const layout = {
      codes: leafCompetences(framework.definition).map(({ node }) => node.code),
      scale: framework.definition.scale.levels.map((level) => level.code),
      selfScale: selfAssessmentLevels(framework.definition).map((level) => level.code),
    };
    this.layouts.set(frameworkId, layout);
    return layout;
  }

  /** Brings the learner's row up to date with this record (no-op if the row already has a newer revision). */
  async sync(record: CompetenceRecord, now: Date): Promise<void> {
    const layout = await this.layout(record.platformId, record.frameworkId);
    const index = layout ? layout.codes.indexOf(record.competenceCode) : -1;
    if (!layout || index < 0) return;
    const length = layout.codes.length;
    const key = {
      platformId: record.platformId,
      deploymentId: record.deploymentId,
      contextId: record.contextId,
      frameworkId: record.frameworkId,
      learnerId: record.learnerId,
    };
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const row = await this.model.findOne(key).lean<CompetenceSummaryDoc>();
      const revList = (row?.revs ?? "").split(",").map(Number);
      while (revList.length < length) revList.push(0);
      if ((revList[index] ?? 0) >= record.rev) return;
      revList[index] = record.rev;
      const states = fit(row?.states, length, STATE_CODES.not_started);
      const levels = fit(row?.levels, length, NO_LEVEL);
      const selfLevels = fit(row?.selfLevels, length, NO_LEVEL);
      const approvals = fit(row?.approvals, length, "0");
      states[index] = STATE_CODES[record.state];
      levels[index] = levelChar(record.state === "validated" ? record.level : undefined, layout.scale);
      selfLevels[index] = levelChar(record.selfLevel, layout.selfScale);
      approvals[index] = String(Math.min(9, record.approvals.length));
      const pending = decodePending(row?.pending).filter((entry) => entry.code !== record.competenceCode);
      const entry = pendingOf(record);
      if (entry) pending.push(entry);
      pending.sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime());
      const activity = [row?.learnerActivityAt, record.learnerActivityAt].reduce<Date | undefined>(
        (max, at) => (at && (!max || at > max) ? at : max),
        undefined,
      );
      const oldest = pending[0]?.waitingSince;
      const derived = {
        states: states.join(""),
        levels: levels.join(""),
        selfLevels: selfLevels.join(""),
        approvals: approvals.join(""),
        revs: revList.slice(0, length).join(","),
        pending: JSON.stringify(pending),
        pendingKeys: [
          ...new Set(pending.map((item) => item.requestId ?? `${record.learnerId}:${item.code}`)),
        ],
        pendingCount: pending.length,
        validated: states.filter((char) => char === STATE_CODES.validated).length,
        ...(activity ? { learnerActivityAt: activity } : {}),
        waitingOrder: oldest ?? NO_WAITING,
        groupOldest: groupOldest(pending, record.learnerId),
        updatedAt: now,
      };
      // Last activity also follows launches (cohort-rows.ts): it only ever moves forward.
      const latest = activity ? { $max: { lastActivityAt: activity } } : {};
      if (!row) {
        try {
          await this.model.create({
            _id: randomUUID(),
            ...key,
            ...derived,
            ...(oldest ? { oldestWaiting: oldest } : {}),
            ...(activity ? { lastActivityAt: activity } : {}),
            srev: 1,
          });
          return;
        } catch (error) {
          if (isDuplicateKey(error)) continue;
          throw error;
        }
      }
      const update = oldest
        ? { $set: { ...derived, oldestWaiting: oldest }, $inc: { srev: 1 }, ...latest }
        : { $set: derived, $unset: { oldestWaiting: "" }, $inc: { srev: 1 }, ...latest };
      const result = await this.model.updateOne({ _id: row._id, srev: row.srev }, update);
      if (result.matchedCount === 1) return;
    }
    throw new Error("competence summary kept changing; it will be repaired by the next sync");
  }

  /**
   * The cohort matrix: one row per learner of the course who has at least one record. Pending items are
   * left out (`pending` is empty); `oldestWaiting` says how long the oldest one waits.
   */
  async rows(scope: CourseScope, frameworkId: string): Promise<SummaryRow[]> {
    const docs = await this.model.collection
      .find<StoredRow>(
        {
          platformId: scope.platformId,
          deploymentId: scope.deploymentId,
          contextId: scope.contextId,
          frameworkId,
        },
        { batchSize: 5000, projection: { revs: 0, pending: 0, pendingKeys: 0, srev: 0, updatedAt: 0 } },
      )
      .toArray();
    return docs.map(toRow);
  }

  /** Rows with pending items, in these courses or of these learners (with the items). */
  async pending(platformId: string, where: FollowedLearners): Promise<SummaryRow[]> {
    return this.pendingRows(platformId, where, {
      platformId: 1,
      deploymentId: 1,
      contextId: 1,
      frameworkId: 1,
      learnerId: 1,
      pending: 1,
    });
  }

  /** How many requests wait in these courses or for these learners (the navigation badge: no items read). */
  async pendingRequestCount(
    platformId: string,
    where: FollowedLearners,
    excludeLearnerId: string,
  ): Promise<number> {
    const rows = await this.pendingRows(platformId, where, {
      learnerId: 1,
      pendingKeys: 1,
      platformId: 1,
      deploymentId: 1,
      contextId: 1,
      frameworkId: 1,
    });
    const keys = new Set<string>();
    for (const row of rows)
      if (row.learnerId !== excludeLearnerId) for (const key of row.pendingKeys) keys.add(key);
    return keys.size;
  }

  private async pendingRows(
    platformId: string,
    where: FollowedLearners,
    projection: Record<string, 1>,
  ): Promise<SummaryRow[]> {
    const followed = followedFilter(where);
    if (!followed) return [];
    const docs = await this.model.collection
      .find<StoredRow>({ platformId, pendingCount: { $gt: 0 }, ...followed }, { batchSize: 5000, projection })
      .toArray();
    return docs.map(toRow);
  }
}
