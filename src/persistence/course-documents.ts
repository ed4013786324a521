// A value kept per course (a setting, a template) in a collection of one document per course: found by
// the course's own id, written by one upsert that keeps the course's tenant fields and stamps who changed
// it, and when.
import type { Model, UpdateQuery } from "mongoose";
import { courseScopeOf, type CourseScope } from "../domain/course.js";
import { courseDocumentId, courseScopeFields, required } from "./models/fields.js";

/** The fields every course document carries besides its value. */
export interface CourseDocument {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  updatedBy: string;
  updatedAt: Date;
}

/** The field declarations of `CourseDocument`, for a collection's schema. */
export function courseDocumentFields() {
  return {
    ...courseScopeFields(),
    ...required<CourseDocument>(String, "updatedBy"),
    ...required<CourseDocument>(Date, "updatedAt"),
  };
}

/** How the value is kept in its document: read back, and the fields a save sets (and those it removes). */
export interface CourseValueMapping<Doc extends CourseDocument, Value> {
  read(doc: Doc): Value;
  write(value: Value): { set: Omit<Partial<Doc>, keyof CourseDocument>; unset?: readonly string[] };
}

export class CourseValues<Doc extends CourseDocument, Value> {
  constructor(
    private readonly model: Model<Doc>,
    private readonly mapping: CourseValueMapping<Doc, Value>,
  ) {}

  /** The course's value: null until it is first saved. */
  async get(scope: CourseScope): Promise<Value | null> {
    const doc = await this.model.findOne(courseDocumentFilter(scope)).lean<Doc>();
    return doc ? this.mapping.read(doc) : null;
  }

  /** Saves the course's value (creating its document the first time), stamped with who and when. */
  async save(scope: CourseScope, value: Value, userId: string, at: Date): Promise<void> {
    const { set, unset = [] } = this.mapping.write(value);
    const stamped = { ...set, ...courseScopeOf(scope), updatedBy: userId, updatedAt: at };
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
