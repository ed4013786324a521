// Placement supervisors' invitations: one document per invitation, holding what the supervisor left
// (evaluation, comments) so that each of their actions is one single-document update.
import { Schema, type Connection, type Model } from "mongoose";
import type { PlacementInvitation } from "../../domain/placements/invitation.js";
import type { Stored } from "./stored.js";
import { defineModel } from "./define-model.js";

export type PlacementInvitationDoc = Stored<PlacementInvitation>;

const invitationSchema = new Schema<PlacementInvitationDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    learnerId: { type: String, required: true },
    supervisor: { name: { type: String, required: true }, email: { type: String, required: true } },
    placement: { type: String, required: true },
    startsOn: { type: Date, required: true },
    endsOn: { type: Date, required: true },
    frameworkId: { type: String, default: null },
    competenceCodes: { type: [String], default: [] },
    traceIds: { type: [String], default: [] },
    linkId: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    evaluation: { type: Schema.Types.Mixed, default: null },
    comments: { type: Schema.Types.Mixed, default: [] },
    mail: {
      pending: { type: Boolean, default: false },
      sentAt: { type: Date, default: null },
    },
  },
  { versionKey: false, minimize: false },
);
// A learner's invitations in a course, newest first (her page and her formateurs').
invitationSchema.index({ platformId: 1, deploymentId: 1, contextId: 1, learnerId: 1, createdAt: -1 });
// The mail job's queue: only invitations whose e-mail is still due.
invitationSchema.index(
  { "mail.pending": 1, createdAt: 1 },
  { partialFilterExpression: { "mail.pending": true } },
);

export interface PlacementModels {
  PlacementInvitation: Model<PlacementInvitationDoc>;
}

export function placementModels(connection: Connection): PlacementModels {
  return {
    PlacementInvitation: defineModel(
      connection,
      "CarnetPlacementInvitation",
      invitationSchema,
      "placement_invitations",
    ),
  };
}
