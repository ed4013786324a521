// Competence frameworks (one document per version) and per-course settings.
import { Schema, type Connection } from "mongoose";
import type { FrameworkDefinition } from "../../domain/frameworks/framework.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";
import { courseScopeFields, personScopeFields, required } from "./fields.js";

export interface FrameworkDoc {
  _id: string;
  platformId: string | null;
  key: string;
  version: string;
  definition: FrameworkDefinition;
  shipped: boolean;
  status: "active" | "archived";
  format: "shipped" | "json" | "moodle-csv" | "case";
  /** contentHash(definition): the same content imported twice is found by it. */
  contentHash?: string;
  importedBy?: string;
  importedAt: Date;
}

/** A file read and previewed, waiting for the person's confirmation (expires after a day). */
export interface FrameworkDraftDoc {
  _id: string;
  platformId: string;
  userId: string;
  text: string;
  format: "json" | "moodle-csv" | "case";
  version?: string;
  pasted: boolean;
  createdAt: Date;
  expiresAt: Date;
}

export interface CourseSettingsDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  /** Default framework of the course when a placement has none. */
  frameworkId?: string;
  /** 1, or 2 for double validation of each competence. */
  validationsRequired: number;
  /** A request waiting longer than this is flagged and goes to the reminder digest. */
  reminderAfterDays: number;
  /** The course's referent for every learner (validation area); unset: each learner's first tutor. */
  referentUserId?: string;
  updatedAt: Date;
  updatedBy?: string;
}

const frameworkCollections = {
  Framework: collection<FrameworkDoc>(
    "CarnetFramework",
    "frameworks",
    {
      platformId: { type: String, default: null },
      ...required<FrameworkDoc>(String, "key", "version", "format"),
      definition: { type: Schema.Types.Mixed, required: true },
      shipped: { type: Boolean, default: false },
      status: { type: String, default: "active" },
      contentHash: String,
      importedBy: String,
      importedAt: { type: Date, required: true },
    },
    { minimize: false },
  )
    .index({ platformId: 1, key: 1, version: 1 }, { unique: true })
    .index({ platformId: 1, contentHash: 1 }),
  FrameworkDraft: collection<FrameworkDraftDoc>(
    "CarnetFrameworkDraft",
    "framework_drafts",
    {
      ...personScopeFields("userId"),
      ...required<FrameworkDraftDoc>(String, "text", "format"),
      version: String,
      pasted: { type: Boolean, default: false },
      createdAt: { type: Date, required: true },
    },
    { expiring: true },
  ),
  CourseSettings: collection<CourseSettingsDoc>(
    "CarnetCourseSettings",
    "course_settings",
    {
      ...courseScopeFields(),
      frameworkId: String,
      validationsRequired: { type: Number, default: 1 },
      reminderAfterDays: { type: Number, default: 14 },
      referentUserId: String,
      updatedAt: { type: Date, required: true },
      updatedBy: String,
    },
    { strict: false },
  ).index({ platformId: 1, deploymentId: 1, contextId: 1 }, { unique: true }),
};

export type FrameworkModels = ModelsOf<typeof frameworkCollections>;

export function frameworkModels(connection: Connection): FrameworkModels {
  return bindModels(connection, frameworkCollections);
}
