/**
 * Line items, scores and the gradebook, with Moodle's rules (mod/lti/service/gradebookservices:
 * resources/lineitems.php, lineitem.php, scores.php). Pure state and rules: HTTP lives in ags-routes.ts.
 */
import type { GradebookEntry, LineItem, ScoreRecord } from "./types.js";

export interface LineItemInput {
  label: string;
  scoreMaximum: number;
  resourceId: string;
  tag: string;
  resourceLinkId: string | undefined;
  startDateTime: string | undefined;
  endDateTime: string | undefined;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** PHP's is_numeric, which Moodle applies to scoreGiven, scoreMaximum and a line item's scoreMaximum. */
function numeric(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

function optionalString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/**
 * Calendar ISO-8601 date-times (what tools send). Moodle's validate_iso8601_date also accepts week and
 * ordinal dates; no tool sends those.
 */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?([zZ]|[+-]\d{2}(:?\d{2})?)?)?$/;

export function parseIsoTimestamp(value: unknown): number | undefined {
  if (typeof value !== "string" || !ISO_8601.test(value)) return undefined;
  const ms = Date.parse(value.replace(",", "."));
  return Number.isFinite(ms) ? ms : undefined;
}

/** lineitems.php get_json_for_post_request: `label` and a numeric `scoreMaximum` are required. */
export function parseLineItemBody(body: unknown): Parsed<LineItemInput> {
  if (!isRecord(body) || Object.keys(body).length === 0) {
    return { ok: false, reason: "No label or Score Maximum" };
  }
  if (
    body.label === undefined ||
    body.label === null ||
    body.scoreMaximum === undefined ||
    body.scoreMaximum === null
  ) {
    return { ok: false, reason: "No label or Score Maximum" };
  }
  const scoreMaximum = numeric(body.scoreMaximum);
  if (scoreMaximum === undefined) return { ok: false, reason: "scoreMaximum is not numeric" };
  return {
    ok: true,
    value: {
      label: String(body.label),
      scoreMaximum,
      resourceId: optionalString(body.resourceId) ?? "",
      tag: optionalString(body.tag) ?? "",
      // Moodle still reads the pre-1.0 name ltiLinkId.
      resourceLinkId: optionalString(body.resourceLinkId) ?? optionalString(body.ltiLinkId),
      startDateTime: optionalString(body.startDateTime),
      endDateTime: optionalString(body.endDateTime),
    },
  };
}

export interface ResultEntry {
  userId: string;
  resultScore: number | null;
  resultMaximum: number;
  comment: string | undefined;
}

export class AgsStore {
  private readonly items = new Map<string, LineItem>();
  /** line item id → user id → latest accepted score. */
  private readonly grades = new Map<string, Map<string, GradebookEntry>>();
  /** Every score received, accepted or not. */
  readonly scores: ScoreRecord[] = [];
  /** Line item ids are global, like Moodle grade item ids. */
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  create(
    contextId: string,
    input: LineItemInput,
    origin: { coupled: boolean; clientId: string | undefined },
  ): LineItem {
    while (this.items.has(String(this.nextId))) this.nextId += 1;
    const item: LineItem = { id: String(this.nextId++), contextId, ...input, ...origin };
    this.items.set(item.id, item);
    return item;
  }

  get(id: string): LineItem | undefined {
    return this.items.get(id);
  }

  /** Line items of a context with the container's filters (AGS 2.0 §3.2.5: resource_link_id, resource_id, tag). */
  list(
    contextId: string,
    filter: { resourceLinkId?: string; resourceId?: string; tag?: string } = {},
  ): LineItem[] {
    return [...this.items.values()].filter(
      (item) =>
        item.contextId === contextId &&
        (filter.resourceLinkId === undefined || item.resourceLinkId === filter.resourceLinkId) &&
        (filter.resourceId === undefined || item.resourceId === filter.resourceId) &&
        (filter.tag === undefined || item.tag === filter.tag),
    );
  }

  /** The activity's own line item for a resource link (created on first graded launch). */
  coupledItem(contextId: string, resourceLinkId: string): LineItem | undefined {
    return this.list(contextId, { resourceLinkId }).find((item) => item.coupled);
  }

  update(id: string, input: LineItemInput): LineItem | undefined {
    const item = this.items.get(id);
    if (!item) return undefined;
    Object.assign(item, input);
    return item;
  }

  delete(id: string): boolean {
    this.grades.delete(id);
    return this.items.delete(id);
  }

  /**
   * scores.php get_json_for_post_request, step by step:
   * 1. 400 unless userId, timestamp (ISO-8601), activityProgress and gradingProgress are present,
   *    scoreGiven/scoreMaximum are numeric when present, and the user is gradable in the course;
   * 2. 409 when the stored grade's time (seconds) is not earlier than the new timestamp (seconds);
   * 3. scoreGiven is dropped unless gradingProgress is FullyGraded; scoreMaximum defaults to 1.
   */
  submitScore(
    item: LineItem,
    body: unknown,
    isGradable: (userId: string) => boolean,
    clientId: string | undefined,
  ): ScoreRecord {
    const record: ScoreRecord = {
      lineItemId: item.id,
      contextId: item.contextId,
      clientId,
      body,
      status: 200,
      reason: undefined,
      receivedAt: this.now(),
    };
    this.scores.push(record);
    const refuse = (status: number, reason: string): ScoreRecord => Object.assign(record, { status, reason });

    if (!isRecord(body)) return refuse(400, "Incorrect score received");
    const userId = optionalString(body.userId);
    const timestampMs = parseIsoTimestamp(body.timestamp);
    const scoreGiven =
      body.scoreGiven === undefined || body.scoreGiven === null ? null : numeric(body.scoreGiven);
    const scoreMaximum =
      body.scoreMaximum === undefined || body.scoreMaximum === null ? 1 : numeric(body.scoreMaximum);
    if (
      userId === undefined ||
      timestampMs === undefined ||
      typeof body.activityProgress !== "string" ||
      typeof body.gradingProgress !== "string" ||
      scoreGiven === undefined ||
      scoreMaximum === undefined
    ) {
      return refuse(400, "Incorrect score received");
    }
    if (!isGradable(userId)) return refuse(400, `Incorrect score received: user ${userId} is not gradable`);

    const byUser = this.grades.get(item.id) ?? new Map<string, GradebookEntry>();
    const previous = byUser.get(userId);
    if (previous && Math.floor(Date.parse(previous.timestamp) / 1000) >= Math.floor(timestampMs / 1000)) {
      return refuse(409, `Refusing score with an earlier timestamp for item ${item.id} and user ${userId}`);
    }
    byUser.set(userId, {
      userId,
      scoreGiven: body.gradingProgress === "FullyGraded" ? scoreGiven : null,
      scoreMaximum,
      activityProgress: body.activityProgress,
      gradingProgress: body.gradingProgress,
      timestamp: String(body.timestamp),
      comment: optionalString(body.comment),
      receivedAt: record.receivedAt,
    });
    this.grades.set(item.id, byUser);
    return record;
  }

  gradebook(lineItemId: string): Map<string, GradebookEntry> {
    return new Map(this.grades.get(lineItemId) ?? []);
  }

  /** Results (AGS 2.0 §3.5), scaled to the line item's scoreMaximum as Moodle's gradebook stores them. */
  results(lineItemId: string, userId?: string): ResultEntry[] {
    const item = this.items.get(lineItemId);
    if (!item) return [];
    return [...(this.grades.get(lineItemId)?.values() ?? [])]
      .filter((entry) => userId === undefined || entry.userId === userId)
      .map((entry) => ({
        userId: entry.userId,
        resultScore:
          entry.scoreGiven === null ? null : (entry.scoreGiven * item.scoreMaximum) / entry.scoreMaximum,
        resultMaximum: item.scoreMaximum,
        comment: entry.comment,
      }));
  }
}
