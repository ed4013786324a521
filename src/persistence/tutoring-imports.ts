// Tutoring files pasted for an import, kept until confirmed (or a day): the dry run and the import read
// the same text. Expired drafts are ignored in code too (mongo-java-server keeps TTL'd documents).
import type { Connection, Model } from "mongoose";
import type { CourseRef } from "../domain/course.js";
import type { ImportDraft, ImportDrafts } from "../domain/tutoring/csv-import.js";
import { collection } from "./models/collection.js";
import { courseScopeFields, required } from "./models/fields.js";

interface ImportDraftDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  userId: string;
  text: string;
  createdAt: Date;
  expiresAt: Date;
}

const tutoringImports = collection<ImportDraftDoc>(
  "CarnetTutoringImport",
  "tutoring_imports",
  {
    ...courseScopeFields(),
    ...required<ImportDraftDoc>(String, "userId", "text"),
    createdAt: { type: Date, required: true },
  },
  { expiring: true },
);

export function importDraftModel(connection: Connection): Model<ImportDraftDoc> {
  return tutoringImports.model(connection);
}

export class TutoringImportDrafts implements ImportDrafts {
  constructor(private readonly model: Model<ImportDraftDoc>) {}

  async save(draft: ImportDraft): Promise<void> {
    await this.model.create({
      _id: draft.id,
      platformId: draft.platformId,
      deploymentId: draft.course.deploymentId,
      contextId: draft.course.contextId,
      userId: draft.userId,
      text: draft.text,
      createdAt: draft.createdAt,
      expiresAt: draft.expiresAt,
    });
  }

  async find(
    platformId: string,
    id: string,
    userId: string,
    course: CourseRef,
    now: Date,
  ): Promise<ImportDraft | null> {
    const doc = await this.model
      .findOne({
        _id: id,
        platformId,
        userId,
        deploymentId: course.deploymentId,
        contextId: course.contextId,
        expiresAt: { $gt: now },
      })
      .lean<ImportDraftDoc>();
    if (!doc) return null;
    return {
      id: doc._id,
      platformId: doc.platformId,
      course: { deploymentId: doc.deploymentId, contextId: doc.contextId },
      userId: doc.userId,
      text: doc.text,
      createdAt: doc.createdAt,
      expiresAt: doc.expiresAt,
    };
  }

  async remove(platformId: string, id: string): Promise<void> {
    await this.model.deleteOne({ _id: id, platformId });
  }
}
