// Individual interviews, one document each; every step is a conditional single-document update, so it
// happens once and only at its stage (no transaction needed).
import { randomUUID } from "node:crypto";
import { Schema, type Connection, type Model } from "mongoose";
import type { Interview, InterviewPreparation, InterviewText } from "../domain/sessions/interview.js";
import type { InterviewStore, NewInterview } from "../domain/sessions/interviews.js";
import { collection } from "./models/collection.js";
import { type ListOrder, RecordCollection } from "./records.js";
import { personScopeFields, required } from "./models/fields.js";

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
  ...required<InterviewDoc>(Date, "createdAt", "updatedAt"),
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

/** The stored interview; what older documents lack reads as empty. */
function toInterview({ _id, preparation, synthesis, ...doc }: InterviewDoc): Interview {
  return {
    ...doc,
    id: _id,
    plannedAt: doc.plannedAt ?? null,
    previousObjectives: doc.previousObjectives ?? null,
    preparation: { ...text(preparation), topics: preparation.topics ?? "" },
    preparedAt: doc.preparedAt ?? null,
    synthesis: text(synthesis),
    completedAt: doc.completedAt ?? null,
    learnerSignedAt: doc.learnerSignedAt ?? null,
    tutorSignedAt: doc.tutorSignedAt ?? null,
  };
}

const NEWEST_FIRST: ListOrder["sort"] = { createdAt: -1, number: -1 };

export class InterviewRepository implements InterviewStore {
  private readonly interviews: RecordCollection<InterviewDoc, Interview>;

  constructor(private readonly model: Model<InterviewDoc>) {
    this.interviews = new RecordCollection(model, toInterview);
  }

  async create(interview: NewInterview): Promise<Interview> {
    const doc = { ...interview, _id: randomUUID() };
    await this.model.create(doc);
    return toInterview(doc);
  }

  async get(platformId: string, interviewId: string): Promise<Interview | null> {
    return this.interviews.byId(platformId, interviewId);
  }

  async ofLearner(platformId: string, learnerId: string): Promise<Interview[]> {
    return this.interviews.list({ platformId, learnerId }, { sort: NEWEST_FIRST, limit: 200 });
  }

  async ofTutor(platformId: string, tutorId: string): Promise<Interview[]> {
    return this.interviews.list({ platformId, tutorId }, { sort: NEWEST_FIRST, limit: 500 });
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
