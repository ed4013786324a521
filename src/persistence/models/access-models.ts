// Access links for people without an LMS account, and the juries they open.
import { Schema, type Connection, type Model } from "mongoose";
import type { AccessLink } from "../../domain/dossier/access-links.js";
import type { Jury } from "../../domain/dossier/juries.js";
import type { Stored } from "./stored.js";
import { defineModel } from "./define-model.js";
import { courseScopeFields } from "./fields.js";

export type AccessLinkDoc = Stored<AccessLink>;

export type JuryDoc = Stored<Jury>;

const linkSchema = new Schema<AccessLinkDoc>(
  {
    _id: String,
    kind: { type: String, required: true, enum: ["jury", "placement"] },
    ...courseScopeFields(),
    parentId: { type: String, required: true },
    holder: { name: { type: String, required: true }, email: { type: String, required: true } },
    validFrom: { type: Date, required: true },
    validUntil: { type: Date, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    claim: { type: { hash: String, at: Date }, required: false, _id: false },
    revokedAt: Date,
  },
  { versionKey: false },
);
linkSchema.index({ platformId: 1, kind: 1, parentId: 1 });

const jurySchema = new Schema<JuryDoc>(
  {
    _id: String,
    ...courseScopeFields(),
    title: { type: String, required: true },
    learnerIds: { type: [String], default: [] },
    validFrom: { type: Date, required: true },
    validUntil: { type: Date, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
jurySchema.index({ platformId: 1, deploymentId: 1, contextId: 1, createdAt: -1 });

export interface AccessModels {
  AccessLink: Model<AccessLinkDoc>;
  Jury: Model<JuryDoc>;
}

export function accessModels(connection: Connection): AccessModels {
  return {
    AccessLink: defineModel(connection, "CarnetAccessLink", linkSchema, "access_links"),
    Jury: defineModel(connection, "CarnetJury", jurySchema, "juries"),
  };
}
