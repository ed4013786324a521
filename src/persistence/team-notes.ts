// Team notes about a learner (collection tutoring_team_notes): read only through the tutoring area's
// TeamNotes, for the people who follow the learner. No export, no LMS, no learner page reads it.
import { Schema, type Connection, type Model } from "mongoose";
import type { TeamNote, TeamNoteStore } from "../domain/tutoring/team-notes.js";
import { defineModel } from "./models/define-model.js";
import type { Stored } from "./models/stored.js";

type TeamNoteDoc = Stored<TeamNote>;

const teamNoteSchema = new Schema<TeamNoteDoc>(
  {
    _id: String,
    platformId: { type: String, required: true },
    learnerId: { type: String, required: true },
    authorId: { type: String, required: true },
    body: { type: String, required: true },
    authorRole: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
teamNoteSchema.index({ platformId: 1, learnerId: 1, createdAt: -1 });

export function teamNoteModel(connection: Connection): Model<TeamNoteDoc> {
  return defineModel<TeamNoteDoc>(connection, "CarnetTeamNote", teamNoteSchema, "tutoring_team_notes");
}

export class TeamNoteRepository implements TeamNoteStore {
  constructor(private readonly model: Model<TeamNoteDoc>) {}

  async add(note: TeamNote): Promise<void> {
    const { id, ...rest } = note;
    await this.model.create({ _id: id, ...rest });
  }

  async about(platformId: string, learnerId: string, limit: number): Promise<TeamNote[]> {
    const docs = await this.model
      .find({ platformId, learnerId })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<TeamNoteDoc[]>();
    return docs.map(({ _id, ...rest }) => ({ ...rest, id: _id }));
  }
}
