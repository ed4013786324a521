// Each course's tutoring rhythm (contact target, silence and waiting thresholds), one document per course.
import type { Connection, Model } from "mongoose";
import type { CourseScope } from "../domain/course.js";
import type { SignThresholds } from "../domain/tutoring/signs.js";
import type { TutoringSettingsStore } from "../domain/tutoring/settings.js";
import { collection } from "./models/collection.js";
import { courseDocumentId, courseScopeFields } from "./models/fields.js";

interface TutoringSettingsDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  silentAfterWeeks: number;
  requestWaitingDays: number;
  unansweredDays: number;
  /** Absent: no contact target. */
  contactEveryWeeks?: number;
  updatedBy: string;
  updatedAt: Date;
}

const tutoringSettings = collection<TutoringSettingsDoc>("CarnetTutoringSettings", "tutoring_settings", {
  ...courseScopeFields(),
  silentAfterWeeks: { type: Number, required: true },
  requestWaitingDays: { type: Number, required: true },
  unansweredDays: { type: Number, required: true },
  contactEveryWeeks: Number,
  updatedBy: { type: String, required: true },
  updatedAt: { type: Date, required: true },
});

export function tutoringSettingsModel(connection: Connection): Model<TutoringSettingsDoc> {
  return tutoringSettings.model(connection);
}

export class TutoringSettingsRepository implements TutoringSettingsStore {
  constructor(private readonly model: Model<TutoringSettingsDoc>) {}

  async get(scope: CourseScope): Promise<SignThresholds | null> {
    const doc = await this.model
      .findOne({ _id: courseDocumentId(scope), platformId: scope.platformId })
      .lean<TutoringSettingsDoc>();
    if (!doc) return null;
    return {
      silentAfterWeeks: doc.silentAfterWeeks,
      requestWaitingDays: doc.requestWaitingDays,
      unansweredDays: doc.unansweredDays,
      contactEveryWeeks: doc.contactEveryWeeks ?? null,
    };
  }

  async save(scope: CourseScope, thresholds: SignThresholds, userId: string, at: Date): Promise<void> {
    const { contactEveryWeeks, ...rest } = thresholds;
    await this.model.updateOne(
      { _id: courseDocumentId(scope), platformId: scope.platformId },
      {
        $set: {
          ...scope,
          ...rest,
          updatedBy: userId,
          updatedAt: at,
          ...(contactEveryWeeks === null ? {} : { contactEveryWeeks }),
        },
        ...(contactEveryWeeks === null ? { $unset: { contactEveryWeeks: "" } } : {}),
      },
      { upsert: true },
    );
  }
}
