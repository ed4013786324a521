// The dossier's collections: the learner's choice of traces, the tutor's synthesis versions.
import type { Connection } from "mongoose";
import { personScopeFields } from "./fields.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";
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

const dossierCollections = {
  DossierSelection: collection<DossierSelectionDoc>("CarnetDossierSelection", "dossier_selections", {
    ...personScopeFields("learnerId"),
    traceIds: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  }).index({ platformId: 1, learnerId: 1 }, { unique: true }),
  Synthesis: collection<SynthesisDoc>("CarnetTutorSynthesis", "tutor_syntheses", {
    ...personScopeFields("learnerId"),
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
  }).index({ platformId: 1, learnerId: 1, version: 1 }, { unique: true }),
};

export type DossierModels = ModelsOf<typeof dossierCollections>;

export function dossierModels(connection: Connection): DossierModels {
  return bindModels(connection, dossierCollections);
}
