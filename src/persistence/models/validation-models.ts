// The validation loop's collections: one competence record per (course, learner, competence) with its
// append-only timeline, requests, self-assessments, formative comments, the trainers' confidential
// notes and contact log, and in-app notifications.
import type { Notification } from "../../domain/notifications/inbox.js";
import type { Stored } from "./stored.js";
import { Schema, type Connection } from "mongoose";
import type { CompetenceKey, CompetenceRecord } from "../../domain/validation/records.js";
import type { FormativeComment, SelfAssessment, ValidationRequest } from "../../domain/validation/ports.js";
import type { ContactEntry, NewNote, TutorNote } from "../../domain/validation/tutor-file.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";
import { courseScopeFields, personScopeFields, required } from "./fields.js";

export interface GradeSyncMarker {
  /** Outbox marker read by the grade delivery (issue 6): set in the same update as the change. */
  pending: boolean;
  version: number;
  changedAt: Date;
}

export type CompetenceRecordDoc = Stored<CompetenceRecord> & { gradeSync: GradeSyncMarker; createdAt: Date };

export type ValidationRequestDoc = Stored<ValidationRequest>;

export type SelfAssessmentDoc = Stored<SelfAssessment>;

export type ValidationCommentDoc = Stored<FormativeComment>;

/** A trainer's private note on a learner: never shown to the learner, never exported, never sent to the LMS. */
export type TutorNoteDoc = Omit<NewNote, "at"> & TutorNote & { _id: string; confidential: true };

export interface ContactLogDoc extends ContactEntry {
  _id: string;
  platformId: string;
  learnerId: string;
  createdAt: Date;
}

export type NotificationDoc = Stored<Notification> & {
  platformId: string;
  userId: string;
  /** E-mailed by the hourly job when the platform has SMTP; pending until sent. */
  email?: { pending: boolean; sentAt?: Date };
};

/** One line per (job, day, recipient): the daily digest is sent at most once a day. */
export interface ValidationJobRunDoc {
  _id: string;
  job: string;
  day: string;
  createdAt: Date;
  /** A watermark some jobs keep (the cohort's memberships: the last write applied). */
  until?: Date;
}

/** A competence's key: its course, learner, framework and code. */
function competenceKeyFields() {
  return {
    ...courseScopeFields(),
    ...required<CompetenceKey>(String, "learnerId", "frameworkId", "competenceCode"),
  };
}

/** A competence's history (self-assessments, comments), read by its key in time order. */
function byCompetenceKey(createdAt: 1 | -1) {
  return { platformId: 1, learnerId: 1, frameworkId: 1, competenceCode: 1, createdAt } as const;
}

const validationCollections = {
  CompetenceRecord: collection<CompetenceRecordDoc>(
    "CarnetCompetenceRecord",
    "competence_records",
    {
      ...competenceKeyFields(),
      state: { type: String, required: true },
      level: String,
      selfLevel: String,
      approvals: { type: Schema.Types.Mixed, default: [] },
      requestId: String,
      assignedValidatorIds: { type: [String], default: [] },
      waitingSince: Date,
      ...required<CompetenceRecordDoc>(Date, "lastActivityAt", "createdAt"),
      learnerActivityAt: Date,
      evidence: Schema.Types.Mixed,
      evidenceVersion: { type: Number, default: 0 },
      proposal: Schema.Types.Mixed,
      rev: { type: Number, default: 0 },
      timeline: { type: Schema.Types.Mixed, default: [] },
      gradeSync: {
        pending: { type: Boolean, default: false },
        version: { type: Number, default: 0 },
        changedAt: Date,
      },
    },
    { minimize: false },
  )
    // One record per learner and competence of a course; its prefix serves the cohort matrix (one course).
    .index(
      { platformId: 1, deploymentId: 1, contextId: 1, frameworkId: 1, learnerId: 1, competenceCode: 1 },
      { unique: true },
    )
    // The queue: pending records of a platform, oldest first.
    .index({ platformId: 1, state: 1, waitingSince: 1 })
    // A learner's records across courses (tutors, the learner's file).
    .index({ platformId: 1, learnerId: 1 })
    .index({ "gradeSync.pending": 1 }, { partialFilterExpression: { "gradeSync.pending": true } })
    // Grading clears a marker with a compare-and-set on exactly this key (grade-sync-markers.ts): an index
    // lookup on real MongoDB and on mongo-java-server, which scans the collection for any other filter.
    .index({ _id: 1, "gradeSync.version": 1 }, { unique: true }),
  ValidationRequest: collection<ValidationRequestDoc>("CarnetValidationRequest", "validation_requests", {
    ...courseScopeFields(),
    ...required<ValidationRequestDoc>(String, "learnerId", "frameworkId", "basis"),
    items: { type: Schema.Types.Mixed, default: [] },
    assignedValidatorIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  }).index({ platformId: 1, learnerId: 1, createdAt: -1 }),
  SelfAssessment: collection<SelfAssessmentDoc>("CarnetSelfAssessment", "self_assessments", {
    ...competenceKeyFields(),
    level: { type: String, required: true },
    justification: { type: String, default: "" },
    traceIds: { type: [String], default: [] },
    traceRevisions: { type: [Number], default: [] },
    createdAt: { type: Date, required: true },
  }).index(byCompetenceKey(-1)),
  ValidationComment: collection<ValidationCommentDoc>("CarnetValidationComment", "validation_comments", {
    ...competenceKeyFields(),
    ...required<ValidationCommentDoc>(String, "authorId", "authorRole", "body"),
    requestId: String,
    createdAt: { type: Date, required: true },
  }).index(byCompetenceKey(1)),
  TutorNote: collection<TutorNoteDoc>("CarnetTutorNote", "tutor_notes", {
    ...personScopeFields("learnerId"),
    ...required<TutorNoteDoc>(String, "authorId", "body"),
    confidential: { type: Boolean, default: true, required: true },
    createdAt: { type: Date, required: true },
  }).index({ platformId: 1, learnerId: 1, authorId: 1, createdAt: -1 }),
  ContactLog: collection<ContactLogDoc>("CarnetContactLog", "contact_log", {
    ...personScopeFields("learnerId"),
    ...required<ContactLogDoc>(String, "authorId", "channel"),
    ...required<ContactLogDoc>(Date, "date", "createdAt"),
    note: { type: String, default: "" },
  }).index({ platformId: 1, learnerId: 1, date: -1 }),
  Notification: collection<NotificationDoc>(
    "CarnetNotification",
    "notifications",
    {
      ...personScopeFields("userId"),
      kind: { type: String, required: true },
      params: { type: Schema.Types.Mixed, default: {} },
      deploymentId: String,
      contextId: String,
      path: String,
      createdAt: { type: Date, required: true },
      readAt: Date,
      email: Schema.Types.Mixed,
    },
    { minimize: false },
  )
    .index({ platformId: 1, userId: 1, createdAt: -1 })
    .index({ "email.pending": 1 }, { partialFilterExpression: { "email.pending": true } }),
  JobRun: collection<ValidationJobRunDoc>("CarnetValidationJobRun", "validation_job_runs", {
    ...required<ValidationJobRunDoc>(String, "job", "day"),
    createdAt: { type: Date, required: true },
    until: Date,
  }),
};

export type ValidationModels = ModelsOf<typeof validationCollections>;

export function validationModels(connection: Connection): ValidationModels {
  return bindModels(connection, validationCollections);
}
