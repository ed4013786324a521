// A collection of one document per course (settings, templates): found by the course's own id, written
// by one upsert that keeps the course's tenant fields and stamps who changed it, and when.
import type { Model, UpdateQuery } from "mongoose";
import { courseScopeOf, type CourseScope } from "../domain/course.js";
import { courseDocumentId } from "./models/fields.js";

interface CourseDocument {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  updatedBy: string;
  updatedAt: Date;
}

export class CourseDocuments<Doc extends CourseDocument> {
  constructor(private readonly model: Model<Doc>) {}

  async read(scope: CourseScope): Promise<Doc | null> {
    return this.model.findOne(courseDocumentFilter(scope)).lean<Doc>();
  }

  /** Sets `fields` (and removes `unset`) on the course's document, creating it the first time. */
  async write(
    scope: CourseScope,
    fields: Omit<Partial<Doc>, keyof CourseDocument>,
    by: { userId: string; at: Date },
    unset: readonly string[] = [],
  ): Promise<void> {
    const stamped = { ...fields, ...courseScopeOf(scope), updatedBy: by.userId, updatedAt: by.at };
    const removed = Object.fromEntries(unset.map((field) => [field, ""]));
    const change: UpdateQuery<CourseDocument> = {
      $set: stamped,
      ...(unset.length > 0 ? { $unset: removed } : {}),
    };
    await this.model.updateOne(courseDocumentFilter(scope), change, { upsert: true });
  }
}

/** The course's document, within its platform. */
function courseDocumentFilter(scope: CourseScope): { _id: string; platformId: string } {
  return { _id: courseDocumentId(scope), platformId: scope.platformId };
}
