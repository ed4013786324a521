// The portfolio's collections: traces, their immutable revisions, comments, decisions and the
// platform's own trace types. Every document carries its platformId; every index starts with it.
import { Schema, type Connection } from "mongoose";
import type {
  AttachmentRef,
  CompetenceTag,
  CourseRef,
  LocalizedText,
  SituationTag,
  Trace,
  TraceComment,
  TraceDecision,
  TraceLink,
  TraceReaders,
  TraceRevision,
  TraceSection,
} from "../../domain/portfolio/types.js";
import { personScopeFields, required } from "./fields.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";

/** A domain record as its collection stores it: the id under `_id`. */
type StoredAs<T extends { id: string }> = Omit<T, "id"> & { _id: string };

/** Traces shared before authors chose their readers have no `sharedWith` (see toTrace). */
export type TraceDoc = Omit<StoredAs<Trace>, "sharedWith"> & {
  sharedWith?: TraceReaders;
  /** When the current revision was saved (updatedAt also moves with attachments and sharing). */
  revisedAt?: Date;
};
export type TraceRevisionDoc = StoredAs<TraceRevision>;
export type TraceCommentDoc = StoredAs<TraceComment>;
export type TraceDecisionDoc = StoredAs<TraceDecision>;

export interface TraceTypeDoc {
  _id: string;
  platformId: string;
  key: string;
  name: LocalizedText;
  description: LocalizedText;
  sections: { key: string; title: LocalizedText; guidance: LocalizedText }[];
  archived: boolean;
  createdBy: string;
  createdAt: Date;
}

const localized = { fr: { type: String, required: true }, en: String };
// Guidance and descriptions may be empty in French for admin-made types.
const localizedOptional = { fr: { type: String, default: "" }, en: String };

const sectionSchema = new Schema<TraceSection>(
  {
    key: { type: String, required: true },
    title: localized,
    body: { type: String, default: "" },
    progress: { type: String, required: true, enum: ["empty", "draft", "done"] },
  },
  { _id: false },
);

const competenceTagSchema = new Schema<CompetenceTag>(
  {
    ...required<CompetenceTag>(String, "frameworkId", "code"),
    level: { type: String, default: null },
  },
  { _id: false },
);

const situationTagSchema = new Schema<SituationTag>(
  { frameworkId: { type: String, required: true }, code: { type: String, required: true } },
  { _id: false },
);

const contentFields = {
  title: { type: String, required: true },
  date: { type: String, required: true },
  placement: { type: String, default: "" },
  sections: { type: [sectionSchema], default: [] },
  competences: { type: [competenceTagSchema], default: [] },
  situations: { type: [situationTagSchema], default: [] },
};

const courseRefSchema = new Schema<CourseRef>(
  { deploymentId: { type: String, required: true }, contextId: { type: String, required: true } },
  { _id: false },
);

const portfolioCollections = {
  Trace: collection<TraceDoc>(
    "CarnetTrace",
    "traces",
    {
      ...personScopeFields("ownerId"),
      origin: { deploymentId: { type: String, required: true }, contextId: { type: String, default: null } },
      typeKey: { type: String, required: true },
      ...contentFields,
      links: {
        type: [
          new Schema<TraceLink>(
            { url: { type: String, required: true }, label: { type: String, default: "" } },
            { _id: false },
          ),
        ],
        default: [],
      },
      attachments: {
        type: [
          new Schema<AttachmentRef>(
            {
              ...required<AttachmentRef>(String, "id", "filename", "mime", "uploadedBy"),
              size: { type: Number, required: true },
              uploadedAt: { type: Date, required: true },
            },
            { _id: false },
          ),
        ],
        default: [],
      },
      visibility: { type: String, required: true, enum: ["private", "tutors", "group"], default: "private" },
      sharedIn: { type: [courseRefSchema], default: [] },
      sharedWith: {
        type: new Schema<TraceReaders>(
          {
            tutors: { type: Boolean, required: true },
            tutorIds: { type: [String], default: [] },
            people: { type: [String], default: [] },
          },
          { _id: false },
        ),
        default: undefined,
      },
      status: { type: String, required: true, default: "draft" },
      revision: { type: Number, required: true, default: 1 },
      lastComment: {
        type: new Schema(
          { authorId: { type: String, required: true }, at: { type: Date, required: true } },
          { _id: false },
        ),
        default: null,
      },
      ...required<TraceDoc>(Date, "createdAt", "updatedAt", "lastActivityAt"),
      revisedAt: { type: Date },
    },
    { minimize: false },
  )
    // A learner's timeline in its order (paged), and their most recent activity (docs/performance.md).
    .index({ platformId: 1, ownerId: 1, date: -1, createdAt: -1, _id: 1 })
    .index({ platformId: 1, ownerId: 1, lastActivityAt: -1 })
    .index({ platformId: 1, "sharedIn.deploymentId": 1, "sharedIn.contextId": 1, visibility: 1 })
    .index({ platformId: 1, "sharedWith.people": 1, visibility: 1 }),
  TraceRevision: collection<TraceRevisionDoc>(
    "CarnetTraceRevision",
    "trace_revisions",
    {
      ...required<TraceRevisionDoc>(String, "platformId", "traceId", "ownerId", "authorId"),
      number: { type: Number, required: true },
      ...contentFields,
      createdAt: { type: Date, required: true },
    },
    { minimize: false },
  )
    // One snapshot per number: the unique index is what makes a revision immutable and unrepeatable.
    .index({ platformId: 1, traceId: 1, number: 1 }, { unique: true }),
  TraceComment: collection<TraceCommentDoc>("CarnetTraceComment", "trace_comments", {
    ...required<TraceCommentDoc>(String, "platformId", "traceId", "ownerId", "authorId", "body"),
    authorRole: { type: String, required: true, enum: ["owner", "reviewer", "peer"] },
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  }).index({ platformId: 1, traceId: 1, createdAt: 1 }),
  TraceDecision: collection<TraceDecisionDoc>("CarnetTraceDecision", "trace_decisions", {
    ...required<TraceDecisionDoc>(String, "platformId", "traceId", "ownerId", "deciderId", "reason"),
    outcome: { type: String, required: true, enum: ["validated", "to_rework"] },
    revision: { type: Number, required: true },
    course: { type: courseRefSchema, default: null },
    createdAt: { type: Date, required: true },
  }).index({ platformId: 1, traceId: 1, createdAt: 1 }),
  TraceType: collection<TraceTypeDoc>("CarnetTraceType", "trace_types", {
    ...required<TraceTypeDoc>(String, "platformId", "key", "createdBy"),
    name: localized,
    description: localizedOptional,
    sections: {
      type: [
        new Schema(
          { key: { type: String, required: true }, title: localized, guidance: localizedOptional },
          { _id: false },
        ),
      ],
      default: [],
    },
    archived: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  }).index({ platformId: 1, key: 1 }, { unique: true }),
};

export type PortfolioModels = ModelsOf<typeof portfolioCollections>;

export function portfolioModels(connection: Connection): PortfolioModels {
  return bindModels(connection, portfolioCollections);
}
