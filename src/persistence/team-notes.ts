// Team notes about a learner (collection tutoring_team_notes): read only through the tutoring area's
// TeamNotes, for the people who follow the learner. No export, no LMS, no learner page reads it.
import type { Connection, Model } from "mongoose";
import type { TeamNote, TeamNoteStore } from "../domain/tutoring/team-notes.js";
import { collection } from "./models/collection.js";
import { personScopeFields, required } from "./models/fields.js";
import type { Stored } from "./models/stored.js";
import { storedRecords, toDocument } from "./records.js";

type TeamNoteDoc = Stored<TeamNote>;

const teamNotes = collection<TeamNoteDoc>("CarnetTeamNote", "tutoring_team_notes", {
  ...personScopeFields("learnerId"),
  ...required<TeamNoteDoc>(String, "authorId", "body", "authorRole"),
  createdAt: { type: Date, required: true },
}).index({ platformId: 1, learnerId: 1, createdAt: -1 });

export function teamNoteModel(connection: Connection): Model<TeamNoteDoc> {
  return teamNotes.model(connection);
}

export class TeamNoteRepository implements TeamNoteStore {
  private readonly notes;

  constructor(model: Model<TeamNoteDoc>) {
    this.notes = storedRecords<TeamNote>(model);
  }

  async append(note: TeamNote): Promise<void> {
    await this.notes.insert(toDocument(note));
  }

  async ofLearner(platformId: string, learnerId: string, limit: number): Promise<TeamNote[]> {
    return this.notes.list({ platformId, learnerId }, { sort: { createdAt: -1 }, limit });
  }
}
