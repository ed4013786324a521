// Each course's tutoring rhythm (contact target, silence and waiting thresholds), one document per course.
import type { Connection } from "mongoose";
import type { TutoringSettingsStore } from "../domain/tutoring/settings.js";
import { collection } from "./models/collection.js";
import { courseDocumentFields, CourseValues, type CourseDocument } from "./course-documents.js";
import { required } from "./models/fields.js";
import { pickFields } from "../domain/pick-fields.js";

interface TutoringSettingsDoc extends CourseDocument {
  silentAfterWeeks: number;
  requestWaitingDays: number;
  unansweredDays: number;
  /** Absent: no contact target. */
  contactEveryWeeks?: number;
}

const tutoringSettings = collection<TutoringSettingsDoc>("CarnetTutoringSettings", "tutoring_settings", {
  ...courseDocumentFields(),
  ...required<TutoringSettingsDoc>(Number, "silentAfterWeeks", "requestWaitingDays", "unansweredDays"),
  contactEveryWeeks: Number,
});

/** The courses' tutoring rhythms, read and saved on this connection. */
export function tutoringSettingsStore(connection: Connection): TutoringSettingsStore {
  return new CourseValues(tutoringSettings.model(connection), {
    read: (doc) => ({
      ...pickFields(doc, "silentAfterWeeks", "requestWaitingDays", "unansweredDays"),
      contactEveryWeeks: doc.contactEveryWeeks ?? null,
    }),
    // No rhythm chosen: the field goes, so that the programme's default applies again.
    write: ({ contactEveryWeeks, ...rest }) =>
      contactEveryWeeks === null
        ? { set: rest, unset: ["contactEveryWeeks"] }
        : { set: { ...rest, contactEveryWeeks } },
  });
}
