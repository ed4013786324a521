// Team notes about a learner (collection tutoring_team_notes): read only through the tutoring area's
// TeamNotes, for the people who follow the learner. No export, no LMS, no learner page reads it.
import type { Connection, Model } from "mongoose";
import type { TeamNote, TeamNoteStore } from "../domain/tutoring/team-notes.js";
import { collection } from "./models/collection.js";
import { personScopeFields } from "./models/fields.js";
import type { Stored } from "./models/stored.js";

type TeamNoteDoc = Stored<TeamNote>;

const teamNotes = collection<TeamNoteDoc>("CarnetTeamNote", "tutoring_team_notes", {
  ...personScopeFields("learnerId"),
  authorId: { type: String, required: true },
  body: { type: String, required: true },
  authorRole: { type: String, required: true },
  createdAt: { type: Date, required: true },
}).index({ platformId: 1, learnerId: 1, createdAt: -1 });

export function teamNoteModel(connection: Connection): Model<TeamNoteDoc> {
  return teamNotes.model(connection);
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
