// Personal tutoring relations (tutor ↔ learner, optionally within a tutoring group). Minimal on
// purpose: the tutoring/validation area owns this collection and extends it.
import { Schema, type Connection, type Model } from "mongoose";
import { defineModel } from "./define-model.js";

export interface TutoringRelationDoc {
  _id: string;
  platformId: string;
  tutorId: string;
  learnerId: string;
  /** The tutoring group both belong to (4–10 learners with the same tutor), when there is one. */
  groupId?: string;
  /** The course the relation was made from (it spans the platform's courses). */
  createdIn?: { deploymentId: string; contextId: string };
  createdBy?: string;
  createdAt: Date;
}

/** A tutoring group (about 4–6 learners with the same tutor), made by a teacher of a course. */
export interface TutoringGroupDoc {
  _id: string;
  platformId: string;
  name: string;
  tutorId: string;
  createdIn: { deploymentId: string; contextId: string };
  createdBy: string;
  createdAt: Date;
}

const tutoringRelationSchema = new Schema<TutoringRelationDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    tutorId: { type: String, required: true },
    learnerId: { type: String, required: true },
    groupId: String,
    createdIn: { deploymentId: String, contextId: String },
    createdBy: String,
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
tutoringRelationSchema.index({ platformId: 1, tutorId: 1, learnerId: 1 }, { unique: true });
tutoringRelationSchema.index({ platformId: 1, learnerId: 1 });
tutoringRelationSchema.index({ platformId: 1, groupId: 1 });

const tutoringGroupSchema = new Schema<TutoringGroupDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    name: { type: String, required: true },
    tutorId: { type: String, required: true },
    createdIn: { deploymentId: String, contextId: String },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
tutoringGroupSchema.index({ platformId: 1, "createdIn.deploymentId": 1, "createdIn.contextId": 1 });
tutoringGroupSchema.index({ platformId: 1, tutorId: 1 });

export interface TutoringModels {
  TutoringRelation: Model<TutoringRelationDoc>;
  TutoringGroup: Model<TutoringGroupDoc>;
}

export function tutoringModels(connection: Connection): TutoringModels {
  return {
    TutoringRelation: defineModel<TutoringRelationDoc>(
      connection,
      "CarnetTutoringRelation",
      tutoringRelationSchema,
      "tutoring_relations",
    ),
    TutoringGroup: defineModel<TutoringGroupDoc>(
      connection,
      "CarnetTutoringGroup",
      tutoringGroupSchema,
      "tutoring_groups",
    ),
  };
}
