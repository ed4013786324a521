// The trainers' file on a learner: private notes (confidential: only their author reads them, never the
// learner, never an export, never the LMS) and the contact log (date, channel, short note).
import { randomUUID } from "node:crypto";
import type { NewContact, NewNote, TutorFileStore } from "../domain/validation/tutor-file.js";
import type { ContactLogDoc, TutorNoteDoc, ValidationModels } from "./models/validation-models.js";

export class TutorFileRepository implements TutorFileStore {
  constructor(private readonly models: Pick<ValidationModels, "TutorNote" | "ContactLog">) {}

  async addNote({ at, ...note }: NewNote): Promise<void> {
    await this.models.TutorNote.create({ _id: randomUUID(), ...note, confidential: true, createdAt: at });
  }

  /** Only the author's own notes: a note is a private notebook, not a shared file. */
  async notesBy(platformId: string, learnerId: string, authorId: string): Promise<TutorNoteDoc[]> {
    return this.models.TutorNote.find({ platformId, learnerId, authorId })
      .sort({ createdAt: -1 })
      .limit(200)
      .lean<TutorNoteDoc[]>();
  }

  async logContact({ at, ...contact }: NewContact): Promise<void> {
    await this.models.ContactLog.create({ _id: randomUUID(), ...contact, createdAt: at });
  }

  async contacts(platformId: string, learnerId: string, limit = 50): Promise<ContactLogDoc[]> {
    return this.models.ContactLog.find({ platformId, learnerId })
      .sort({ date: -1, createdAt: -1 })
      .limit(limit)
      .lean<ContactLogDoc[]>();
  }

  /** The last contact date of each learner (tutoring page, one query). */
  async lastContacts(platformId: string, learnerIds: readonly string[]): Promise<Map<string, Date>> {
    if (learnerIds.length === 0) return new Map();
    const rows = await this.models.ContactLog.aggregate<{ _id: string; last: Date }>([
      { $match: { platformId, learnerId: { $in: [...learnerIds] } } },
      { $group: { _id: "$learnerId", last: { $max: "$date" } } },
    ]);
    return new Map(rows.map((row) => [row._id, row.last]));
  }
}
