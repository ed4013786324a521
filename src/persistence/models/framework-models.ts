// Competence frameworks (one document per version) and per-course settings.
import { Schema, type Connection, type Model } from "mongoose";
import type { FrameworkDefinition } from "../../domain/frameworks/framework.js";
import { defineModel } from "./define-model.js";

export interface FrameworkDoc {
  _id: string;
  platformId: string | null;
  key: string;
  version: string;
  definition: FrameworkDefinition;
  shipped: boolean;
  status: "active" | "archived";
  format: "shipped" | "json" | "moodle-csv";
  importedBy?: string;
  importedAt: Date;
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

const frameworkSchema = new Schema<FrameworkDoc>(
  {
    _id: String,
    platformId: { type: String, default: null },
    key: { type: String, required: true },
    version: { type: String, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
    shipped: { type: Boolean, default: false },
    status: { type: String, default: "active" },
    format: { type: String, required: true },
    importedBy: String,
    importedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
frameworkSchema.index({ platformId: 1, key: 1, version: 1 }, { unique: true });

const courseSettingsSchema = new Schema<CourseSettingsDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    frameworkId: String,
    validationsRequired: { type: Number, default: 1 },
    reminderAfterDays: { type: Number, default: 14 },
    referentUserId: String,
    updatedAt: { type: Date, required: true },
    updatedBy: String,
  },
  { versionKey: false, strict: false },
);
courseSettingsSchema.index({ platformId: 1, deploymentId: 1, contextId: 1 }, { unique: true });

export interface FrameworkModels {
  Framework: Model<FrameworkDoc>;
  CourseSettings: Model<CourseSettingsDoc>;
}

export function frameworkModels(connection: Connection): FrameworkModels {
  return {
    Framework: defineModel<FrameworkDoc>(connection, "CarnetFramework", frameworkSchema, "frameworks"),
    CourseSettings: defineModel<CourseSettingsDoc>(
      connection,
      "CarnetCourseSettings",
      courseSettingsSchema,
      "course_settings",
    ),
  };
}
