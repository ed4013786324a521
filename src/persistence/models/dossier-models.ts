// The dossier's collections: the learner's choice of traces, the tutor's synthesis versions.
import { Schema, type Connection, type Model } from "mongoose";
import { defineModel } from "./define-model.js";
import type { SynthesisStatus } from "../../domain/dossier/synthesis.js";

export interface DossierSelectionDoc {
  _id: string;
  platformId: string;
  learnerId: string;
  traceIds: string[];
  updatedAt: Date;
}

export interface SynthesisDoc {
  _id: string;
  platformId: string;
  learnerId: string;
  authorId: string;
  version: number;
  status: SynthesisStatus;
  progress: string;
  reflexivity: string;
  competences: string;
  recommendations: string;
  createdAt: Date;
  sharedAt?: Date;
  readAt?: Date;
  finalAt?: Date;
}

const selectionSchema = new Schema<DossierSelectionDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    learnerId: { type: String, required: true },
    traceIds: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
selectionSchema.index({ platformId: 1, learnerId: 1 }, { unique: true });

const synthesisSchema = new Schema<SynthesisDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    learnerId: { type: String, required: true },
    authorId: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true, enum: ["draft", "shared", "final"] },
    progress: { type: String, default: "" },
    reflexivity: { type: String, default: "" },
    competences: { type: String, default: "" },
    recommendations: { type: String, default: "" },
    createdAt: { type: Date, required: true },
    sharedAt: Date,
    readAt: Date,
    finalAt: Date,
  },
  { versionKey: false },
);
synthesisSchema.index({ platformId: 1, learnerId: 1, version: 1 }, { unique: true });

export interface DossierModels {
  DossierSelection: Model<DossierSelectionDoc>;
  Synthesis: Model<SynthesisDoc>;
}

export function dossierModels(connection: Connection): DossierModels {
  return {
    DossierSelection: defineModel(
      connection,
      "CarnetDossierSelection",
      selectionSchema,
      "dossier_selections",
    ),
    Synthesis: defineModel(connection, "CarnetTutorSynthesis", synthesisSchema, "tutor_syntheses"),
  };
}
