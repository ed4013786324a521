// Individual interviews, one document each; every step is a conditional single-document update, so it
// happens once and only at its stage (no transaction needed).
import { randomUUID } from "node:crypto";
import { Schema, type Connection, type Model } from "mongoose";
import type { Interview, InterviewPreparation, InterviewText } from "../domain/sessions/interview.js";
import type { InterviewStore, NewInterview } from "../domain/sessions/interviews.js";
import { collection } from "./models/collection.js";
import { personScopeFields } from "./models/fields.js";

interface InterviewDoc extends Omit<Interview, "id"> {
  _id: string;
}

const textFields = {
  difficulties: { type: String, default: "" },
  strengths: { type: String, default: "" },
  traces: { type: String, default: "" },
  objectives: { type: String, default: "" },
};

const interviews = collection<InterviewDoc>("CarnetInterview", "tutoring_interviews", {
  ...personScopeFields("learnerId"),
  tutorId: { type: String, required: true },
  number: { type: Number, required: true },
  plannedAt: { type: Date, default: null },
  previousObjectives: { type: String, default: null },
  preparation: {
    type: new Schema({ ...textFields, topics: { type: String, default: "" } }, { _id: false }),
  },
  preparedAt: { type: Date, default: null },
  synthesis: { type: new Schema(textFields, { _id: false }) },
  completedAt: { type: Date, default: null },
  learnerSignedAt: { type: Date, default: null },
  tutorSignedAt: { type: Date, default: null },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
})
  .index({ platformId: 1, learnerId: 1, createdAt: -1 })
  .index({ platformId: 1, tutorId: 1, createdAt: -1 });

export function interviewModel(connection: Connection): Model<InterviewDoc> {
  return interviews.model(connection);
}

function text(value: Partial<InterviewText> | undefined): InterviewText {
  return {
    difficulties: value?.difficulties ?? "",
    strengths: value?.strengths ?? "",
    traces: value?.traces ?? "",
    objectives: value?.objectives ?? "",
  };
}

function toInterview(doc: InterviewDoc): Interview {
  return {
    id: doc._id,
    platformId: doc.platformId,
    learnerId: doc.learnerId,
    tutorId: doc.tutorId,
    number: doc.number,
    plannedAt: doc.plannedAt ?? null,
    previousObjectives: doc.previousObjectives ?? null,
    preparation: { ...text(doc.preparation), topics: doc.preparation.topics ?? "" },
    preparedAt: doc.preparedAt ?? null,
    synthesis: text(doc.synthesis),
    completedAt: doc.completedAt ?? null,
    learnerSignedAt: doc.learnerSignedAt ?? null,
    tutorSignedAt: doc.tutorSignedAt ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

const NEWEST_FIRST = { createdAt: -1, number: -1 } as const;

export class InterviewRepository implements InterviewStore {
  constructor(private readonly model: Model<InterviewDoc>) {}

  async create(interview: NewInterview): Promise<Interview> {
    const doc = { ...interview, _id: randomUUID() };
    await this.model.create(doc);
    return toInterview(doc);
  }

  async get(platformId: string, interviewId: string): Promise<Interview | null> {
    const doc = await this.model.findOne({ _id: interviewId, platformId }).lean<InterviewDoc>();
    return doc ? toInterview(doc) : null;
  }

  async ofLearner(platformId: string, learnerId: string): Promise<Interview[]> {
    const docs = await this.model
      .find({ platformId, learnerId })
      .sort(NEWEST_FIRST)
      .limit(200)
      .lean<InterviewDoc[]>();
    return docs.map(toInterview);
  }

  async ofTutor(platformId: string, tutorId: string): Promise<Interview[]> {
    const docs = await this.model
      .find({ platformId, tutorId })
      .sort(NEWEST_FIRST)
      .limit(500)
      .lean<InterviewDoc[]>();
    return docs.map(toInterview);
  }

  async savePreparation(
    platformId: string,
    id: string,
    preparation: InterviewPreparation,
    at: Date,
  ): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: id, platformId, completedAt: null },
      { $set: { preparation, preparedAt: at, updatedAt: at } },
    );
    return result.modifiedCount === 1;
  }

  async complete(platformId: string, id: string, synthesis: InterviewText, at: Date): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: id, platformId, completedAt: null },
      { $set: { synthesis, completedAt: at, updatedAt: at } },
    );
    return result.modifiedCount === 1;
  }

  async sign(platformId: string, id: string, party: "learner" | "tutor", at: Date): Promise<boolean> {
    const field = party === "learner" ? "learnerSignedAt" : "tutorSignedAt";
    const result = await this.model.updateOne(
      { _id: id, platformId, completedAt: { $ne: null }, [field]: null },
      { $set: { [field]: at, updatedAt: at } },
    );
    return result.modifiedCount === 1;
  }
}
