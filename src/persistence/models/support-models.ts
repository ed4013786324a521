// The confidential support space's collections, apart from every evaluative one: cases (notes embedded,
// so a case is written and purged as one document), signals, the learner's access log, what was purged,
// and each programme's designated support persons.
import { Schema, type Connection } from "mongoose";
import type { SupportAccess } from "../../domain/support/access-log.js";
import type { SupportCase } from "../../domain/support/cases.js";
import type { PurgeRecord } from "../../domain/support/retention.js";
import type { Signal } from "../../domain/support/signals.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";
import { courseScopeFields, personScopeFields, required } from "./fields.js";

export interface SupportCaseDoc extends Omit<SupportCase, "id"> {
  _id: string;
  /** The closure's date at the top level, for the retention query's index. */
  closedAt: Date | null;
}

export interface SupportSignalDoc extends Omit<Signal, "id"> {
  _id: string;
}

export interface SupportAccessDoc extends SupportAccess {
  _id: string;
}

export interface SupportPurgeDoc extends Omit<PurgeRecord, "caseId"> {
  _id: string;
}

export interface SupportSettingsDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  supportPersonIds: string[];
  updatedAt: Date;
  updatedBy: string;
}

const noteSchema = new Schema(
  {
    id: { type: String, required: true },
    step: { type: String, required: true },
    authorId: { type: String, required: true },
    at: { type: Date, required: true },
    text: { type: String, required: true },
    involved: { type: String, default: "" },
    agreedActions: { type: String, default: "" },
    reviewOn: { type: Date, default: null },
    audience: { type: String, required: true },
  },
  { _id: false },
);

const supportCollections = {
  Case: collection<SupportCaseDoc>("CarnetSupportCase", "support_cases", {
    ...personScopeFields("learnerId"),
    ...required<SupportCaseDoc>(String, "origin", "openedBy", "step"),
    openedAt: { type: Date, required: true },
    members: { type: [String], default: [] },
    addedByLearner: { type: [String], default: [] },
    notes: { type: [noteSchema], default: [] },
    escalations: {
      type: [
        new Schema({ level: String, name: String, contact: String, at: Date, by: String }, { _id: false }),
      ],
      default: [],
    },
    closure: {
      type: new Schema({ at: Date, by: String, outcome: String, note: String }, { _id: false }),
      default: null,
    },
    closedAt: { type: Date, default: null },
  })
    .index({ platformId: 1, learnerId: 1, openedAt: -1 })
    .index({ platformId: 1, members: 1 })
    .index({ closedAt: 1 }),
  Signal: collection<SupportSignalDoc>(
    "CarnetSupportSignal",
    "support_signals",
    {
      ...personScopeFields("learnerId"),
      category: { type: String, required: true },
      note: { type: String, default: "" },
      source: { type: Schema.Types.Mixed, required: true },
      raisedAt: { type: Date, required: true },
      caseId: { type: String, default: null },
    },
    { minimize: false },
  )
    .index({ platformId: 1, learnerId: 1, raisedAt: -1 })
    .index({ platformId: 1, caseId: 1 })
    .index({ caseId: 1, raisedAt: 1 }),
  Access: collection<SupportAccessDoc>("CarnetSupportAccess", "support_access", {
    ...personScopeFields("learnerId"),
    caseId: { type: String, default: null },
    ...required<SupportAccessDoc>(String, "readerId", "part"),
    at: { type: Date, required: true },
  })
    .index({ platformId: 1, learnerId: 1, at: -1 })
    .index({ platformId: 1, caseId: 1 }),
  Purge: collection<SupportPurgeDoc>("CarnetSupportPurge", "support_purges", {
    ...personScopeFields("learnerId"),
    ...required<SupportPurgeDoc>(Date, "openedAt", "closedAt", "purgedAt"),
  }).index({ platformId: 1, learnerId: 1, purgedAt: -1 }),
  Settings: collection<SupportSettingsDoc>("CarnetSupportSettings", "support_settings", {
    ...courseScopeFields(),
    supportPersonIds: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  }).index({ platformId: 1, deploymentId: 1, contextId: 1 }, { unique: true }),
};

export type SupportModels = ModelsOf<typeof supportCollections>;

export function supportModels(connection: Connection): SupportModels {
  return bindModels(connection, supportCollections);
}
