// Grade delivery outbox: one document per (course, placement, learner) holding the latest score the LMS
// should have, plus per-learner projection fences and re-sync requests, and resolved line items.
import { Schema, type Connection, type Model } from "mongoose";
import type { ParkReason } from "../../domain/grading/delivery-rules.js";
import type { DesiredScore } from "../../domain/grading/policy.js";
import { defineModel } from "./define-model.js";

export const DELIVERY_STATUSES = ["pending", "leased", "delivered", "parked"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryError {
  code: string;
  /** Short, for admins: HTTP status and the start of the LMS's answer; never personal data. */
  message: string;
  at: Date;
}

export interface DeliveryEvent {
  at: Date;
  event: "projected" | "delivered" | "retry" | "conflict" | "parked" | "requeued" | "lease-expired";
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
  /** The last timestamp put on a score for this learner and line item (written before sending). */
  lastTimestamp?: Date;
  status: DeliveryStatus;
  attempts: number;
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

const deliverySchema = new Schema<GradeDeliveryDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    resourceLinkId: { type: String, required: true },
    placementId: { type: String, required: true },
    learnerId: { type: String, required: true },
    userSub: { type: String, required: true },
    lineItemUrl: String,
    agsScopes: { type: [String], default: [] },
    desired: desiredSchema,
    desiredKey: { type: String, required: true },
    desiredSeq: { type: Number, required: true },
    deliveredSeq: { type: Number, default: 0 },
    delivered: { ...desiredSchema, timestamp: Date, at: Date, seq: Number },
    fence: { type: Number, required: true },
    lastTimestamp: Date,
    status: { type: String, required: true, enum: DELIVERY_STATUSES },
    attempts: { type: Number, default: 0 },
    conflicts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lease: { owner: String, token: String, until: Date },
    lastError: { code: String, message: String, at: Date },
    parkedReason: String,
    history: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
deliverySchema.index(
  { platformId: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1, learnerId: 1 },
  { unique: true },
);
// Leasing: due pending entries, and leases of dead workers.
deliverySchema.index({ status: 1, nextAttemptAt: 1 });
deliverySchema.index({ status: 1, "lease.until": 1 });
deliverySchema.index({ platformId: 1, status: 1 });

const learnerSchema = new Schema<GradeLearnerDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    learnerId: { type: String, required: true },
    fence: { type: Number, default: 0 },
    resync: { pending: Boolean, version: Number, force: Boolean, requestedAt: Date },
  },
  { versionKey: false },
);
learnerSchema.index({ platformId: 1, deploymentId: 1, contextId: 1, learnerId: 1 }, { unique: true });
learnerSchema.index({ "resync.pending": 1 });

const lineItemSchema = new Schema<GradeLineItemDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    resourceLinkId: { type: String, required: true },
    url: String,
    claim: { owner: String, until: Date },
    resolvedAt: Date,
  },
  { versionKey: false },
);

export interface GradingModels {
  Delivery: Model<GradeDeliveryDoc>;
  Learner: Model<GradeLearnerDoc>;
  LineItem: Model<GradeLineItemDoc>;
}

export function gradingModels(connection: Connection): GradingModels {
  return {
    Delivery: defineModel<GradeDeliveryDoc>(
      connection,
      "CarnetGradeDelivery",
      deliverySchema,
      "grade_deliveries",
    ),
    Learner: defineModel<GradeLearnerDoc>(connection, "CarnetGradeLearner", learnerSchema, "grade_learners"),
    LineItem: defineModel<GradeLineItemDoc>(
      connection,
      "CarnetGradeLineItem",
      lineItemSchema,
      "grade_line_items",
    ),
  };
}
