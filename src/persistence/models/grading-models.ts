// Grade delivery outbox: one document per (course, placement, learner) holding the latest score the LMS
// should have, plus per-learner projection fences and re-sync requests, and resolved line items.
import { Schema, type Connection } from "mongoose";
import type { DeliveryProblem, ParkReason } from "../../domain/grading/delivery-rules.js";
import type { DesiredScore } from "../../domain/grading/policy.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";
import { courseScopeFields, required } from "./fields.js";

export const DELIVERY_STATUSES = ["pending", "leased", "delivered", "parked"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The last failure, as people see it: a stable code, the phase and the HTTP status. Never the LMS's
 * answer (it may echo anything, even another service's internals); entries written before this rule
 * may still hold a `message`, which nothing displays.
 */
export interface DeliveryError extends DeliveryProblem {
  at: Date;
}

/** Why a pending entry waits: only back-offs are cut short when its platform answers again. */
export type DeliveryWait = "backoff" | "retry-after" | "line-item";

export interface DeliveryEvent {
  at: Date;
  event:
    | "projected"
    | "delivered"
    | "retry"
    | "conflict"
    | "parked"
    | "requeued"
    | "lease-expired"
    | "released"
    | "resumed";
  seq?: number;
  detail?: string;
}

export interface GradeDeliveryDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  resourceLinkId: string;
  placementId: string;
  /** Carnet's user id; `userSub` is the LTI `sub` the LMS knows the learner by. */
  learnerId: string;
  userSub: string;
  /** The placement's line item when the launch claim named one; else resolved at delivery. */
  lineItemUrl?: string;
  /** AGS scopes of the placement's launch claim, so a delivery needs no placement lookup. */
  agsScopes: string[];
  desired: DesiredScore;
  desiredKey: string;
  /** Bumped by every projection that changes `desired`; deliveries complete only for the seq they leased. */
  desiredSeq: number;
  deliveredSeq: number;
  delivered?: DesiredScore & { timestamp: Date; at: Date; seq: number };
  /** Projection fence: a projection with an older fence never overwrites a newer one. */
  fence: number;
  /**
   * Bumped by every write: each write is a compare-and-set on `{_id, rev}`, a unique key, so that the
   * document is found through an index on real MongoDB and on mongo-java-server alike (the latter scans
   * the collection for any other filter). Entries written before it existed have none (null).
   */
  rev?: number;
  /** The last timestamp put on a score for this learner and line item (written before sending). */
  lastTimestamp?: Date;
  status: DeliveryStatus;
  /** Failed attempts since the last success (drives the back-off). */
  attempts: number;
  /** First failure since the last success: the entry is parked when GRADE_RETRY_FOR has passed since. */
  firstFailedAt?: Date;
  waitingFor?: DeliveryWait;
  /** 409 refusals in a row (each one doubles the timestamp step). */
  conflicts: number;
  nextAttemptAt: Date;
  lease?: { owner: string; token: string; until: Date };
  lastError?: DeliveryError;
  parkedReason?: ParkReason;
  history: DeliveryEvent[];
  createdAt: Date;
  updatedAt: Date;
}

export interface GradeLearnerDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  learnerId: string;
  fence: number;
  /** A teacher asked to send this learner's grades again (re-sync) or the policy changed. */
  resync?: { pending: boolean; version: number; force: boolean; requestedAt: Date };
}

export interface GradeLineItemDoc {
  /** The placement id. */
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  resourceLinkId: string;
  url?: string;
  /** One worker at a time looks up or creates a placement's line item (no duplicate columns). */
  claim?: { owner: string; until: Date };
  resolvedAt?: Date;
}

const desiredSchema = {
  scoreGiven: Number,
  scoreMaximum: Number,
  activityProgress: String,
  gradingProgress: String,
  comment: String,
};

const gradingCollections = {
  Delivery: collection<GradeDeliveryDoc>(
    "CarnetGradeDelivery",
    "grade_deliveries",
    {
      ...courseScopeFields(),
      ...required<GradeDeliveryDoc>(String, "resourceLinkId", "placementId"),
      ...required<GradeDeliveryDoc>(String, "learnerId", "userSub", "desiredKey"),
      lineItemUrl: String,
      agsScopes: { type: [String], default: [] },
      desired: desiredSchema,
      ...required<GradeDeliveryDoc>(Number, "desiredSeq", "fence"),
      deliveredSeq: { type: Number, default: 0 },
      delivered: { ...desiredSchema, timestamp: Date, at: Date, seq: Number },
      rev: Number,
      lastTimestamp: Date,
      status: { type: String, required: true, enum: DELIVERY_STATUSES },
      attempts: { type: Number, default: 0 },
      firstFailedAt: Date,
      waitingFor: String,
      conflicts: { type: Number, default: 0 },
      ...required<GradeDeliveryDoc>(Date, "nextAttemptAt", "createdAt", "updatedAt"),
      lease: { owner: String, token: String, until: Date },
      lastError: { code: String, phase: String, status: Schema.Types.Mixed, at: Date },
      parkedReason: String,
      history: { type: Schema.Types.Mixed, default: [] },
    },
    { minimize: false },
  )
    .index(
      { platformId: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1, learnerId: 1 },
      { unique: true },
    )
    // Compare-and-set writes (see `rev`).
    .index({ _id: 1, rev: 1 }, { unique: true })
    // Leasing: due pending entries, and leases of dead workers.
    .index({ status: 1, nextAttemptAt: 1 })
    .index({ status: 1, "lease.until": 1 })
    .index({ platformId: 1, status: 1 }),
  Learner: collection<GradeLearnerDoc>("CarnetGradeLearner", "grade_learners", {
    ...courseScopeFields(),
    learnerId: { type: String, required: true },
    fence: { type: Number, default: 0 },
    resync: { pending: Boolean, version: Number, force: Boolean, requestedAt: Date },
  })
    .index({ platformId: 1, deploymentId: 1, contextId: 1, learnerId: 1 }, { unique: true })
    .index({ "resync.pending": 1 })
    // Compare-and-set when a re-sync request is done (see GradeLearners.clearResyncs).
    .index({ _id: 1, "resync.version": 1 }, { unique: true }),
  LineItem: collection<GradeLineItemDoc>("CarnetGradeLineItem", "grade_line_items", {
    ...courseScopeFields(),
    resourceLinkId: { type: String, required: true },
    url: String,
    claim: { owner: String, until: Date },
    resolvedAt: Date,
  }),
};

export type GradingModels = ModelsOf<typeof gradingCollections>;

export function gradingModels(connection: Connection): GradingModels {
  return bindModels(connection, gradingCollections);
}
