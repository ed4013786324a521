// Each course's tutoring rhythm (contact target, silence and waiting thresholds), one document per course.
import type { Connection, Model } from "mongoose";
import type { CourseScope } from "../domain/course.js";
import type { SignThresholds } from "../domain/tutoring/signs.js";
import type { TutoringSettingsStore } from "../domain/tutoring/settings.js";
import { collection } from "./models/collection.js";
import { CourseDocuments } from "./course-documents.js";
import { courseScopeFields, required } from "./models/fields.js";

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
  ...required<TutoringSettingsDoc>(Number, "silentAfterWeeks", "requestWaitingDays", "unansweredDays"),
  contactEveryWeeks: Number,
  updatedBy: { type: String, required: true },
  updatedAt: { type: Date, required: true },
});

export function tutoringSettingsModel(connection: Connection): Model<TutoringSettingsDoc> {
  return tutoringSettings.model(connection);
}

export class TutoringSettingsRepository implements TutoringSettingsStore {
  private readonly settings: CourseDocuments<TutoringSettingsDoc>;

  constructor(model: Model<TutoringSettingsDoc>) {
    this.settings = new CourseDocuments(model);
  }

  async get(scope: CourseScope): Promise<SignThresholds | null> {
    const doc = await this.settings.read(scope);
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
    // No rhythm chosen: the field goes, so that the programme's default applies again.
    if (contactEveryWeeks === null) {
      await this.settings.write(scope, rest, { userId, at }, ["contactEveryWeeks"]);
    } else {
      await this.settings.write(scope, { ...rest, contactEveryWeeks }, { userId, at });
    }
  }
}
