// Access links for people without an LMS account, and the juries they open.
import type { Connection } from "mongoose";
import type { AccessLink } from "../../domain/dossier/access-links.js";
import type { Jury } from "../../domain/dossier/juries.js";
import type { Stored } from "./stored.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";
import { courseScopeFields, required } from "./fields.js";

export type AccessLinkDoc = Stored<AccessLink>;

export type JuryDoc = Stored<Jury>;

const accessCollections = {
  AccessLink: collection<AccessLinkDoc>("CarnetAccessLink", "access_links", {
    kind: { type: String, required: true, enum: ["jury", "placement"] },
    ...courseScopeFields(),
    ...required<AccessLinkDoc>(String, "parentId", "createdBy"),
    holder: { name: { type: String, required: true }, email: { type: String, required: true } },
    ...required<AccessLinkDoc>(Date, "validFrom", "validUntil", "createdAt"),
    claim: { type: { hash: String, at: Date }, required: false, _id: false },
    revokedAt: Date,
  }).index({ platformId: 1, kind: 1, parentId: 1 }),
  Jury: collection<JuryDoc>("CarnetJury", "juries", {
    ...courseScopeFields(),
    ...required<JuryDoc>(String, "title", "createdBy"),
    learnerIds: { type: [String], default: [] },
    ...required<JuryDoc>(Date, "validFrom", "validUntil", "createdAt"),
  }).index({ platformId: 1, deploymentId: 1, contextId: 1, createdAt: -1 }),
};

export type AccessModels = ModelsOf<typeof accessCollections>;

export function accessModels(connection: Connection): AccessModels {
  return bindModels(connection, accessCollections);
}
