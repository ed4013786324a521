// The course settings form: single or double validation, the reminder delay in days, the referent.
import { z } from "zod";
import {
  MAX_REMINDER_DAYS,
  MIN_REMINDER_DAYS,
  type CourseSettingsInput,
} from "../../domain/validation/course-settings.js";

const OUT_OF_RANGE = "OUT_OF_RANGE";

export const CourseSettingsForm = z.object({
  body: z.object({
    validationsRequired: z.enum(["1", "2"], { errorMap: () => ({ message: OUT_OF_RANGE }) }),
    reminderAfterDays: z
      .string({ errorMap: () => ({ message: OUT_OF_RANGE }) })
      .trim()
      .regex(/^\d{1,3}$/, OUT_OF_RANGE)
      .transform(Number)
      .pipe(z.number().min(MIN_REMINDER_DAYS, OUT_OF_RANGE).max(MAX_REMINDER_DAYS, OUT_OF_RANGE)),
    referentUserId: z.string().trim().max(200).default(""),
  }),
});

export function settingsInput(body: z.infer<typeof CourseSettingsForm>["body"]): CourseSettingsInput {
  return {
    validationsRequired: body.validationsRequired === "2" ? 2 : 1,
    reminderAfterDays: body.reminderAfterDays,
    referentUserId: body.referentUserId,
  };
}

export const SavedQuery = z.object({ query: z.object({ saved: z.string().max(5).optional() }) });
