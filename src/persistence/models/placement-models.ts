// Placement supervisors' invitations: one document per invitation, holding what the supervisor left
// (evaluation, comments) so that each of their actions is one single-document update.
import { Schema, type Connection } from "mongoose";
import type { PlacementInvitation } from "../../domain/placements/invitation.js";
import type { Stored } from "./stored.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";
import { courseScopeFields, required } from "./fields.js";

export type PlacementInvitationDoc = Stored<PlacementInvitation>;

const placementCollections = {
  PlacementInvitation: collection<PlacementInvitationDoc>(
    "CarnetPlacementInvitation",
    "placement_invitations",
    {
      ...courseScopeFields(),
      ...required<PlacementInvitationDoc>(String, "learnerId", "placement", "linkId", "createdBy"),
      supervisor: { name: { type: String, required: true }, email: { type: String, required: true } },
      ...required<PlacementInvitationDoc>(Date, "startsOn", "endsOn", "createdAt"),
      frameworkId: { type: String, default: null },
      competenceCodes: { type: [String], default: [] },
      traceIds: { type: [String], default: [] },
      evaluation: { type: Schema.Types.Mixed, default: null },
      comments: { type: Schema.Types.Mixed, default: [] },
      mail: {
        pending: { type: Boolean, default: false },
        sentAt: { type: Date, default: null },
      },
    },
    { minimize: false },
  )
    // A learner's invitations in a course, newest first (her page and her formateurs').
    .index({
      platformId: 1,
      deploymentId: 1,
      contextId: 1,
      learnerId: 1,
      createdAt: -1,
    })
    // The mail job's queue: only invitations whose e-mail is still due.
    .index({ "mail.pending": 1, createdAt: 1 }, { partialFilterExpression: { "mail.pending": true } }),
};

export type PlacementModels = ModelsOf<typeof placementCollections>;

export function placementModels(connection: Connection): PlacementModels {
  return bindModels(connection, placementCollections);
}
