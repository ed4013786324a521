// The share form: the audiences ticked (my tutors, my group), the courses whose formateurs read, the
// people named; `visibility=private` is the "keep it to myself" button. The older shorthands
// `visibility=tutors` (tutors and the ticked courses) and `=group` (the same and the group) still work.
import { z } from "zod";
import type { AudienceChoice } from "../../domain/portfolio/sharing.js";
import { MAX_NAMED_READERS } from "../../domain/portfolio/sharing.js";
import { sameCourse, VISIBILITIES, type CourseRef } from "../../domain/portfolio/types.js";
import { decodeCourse, TRACE_ID_PATTERN } from "./portfolio.js";

/**
 * A repeated form field as browsers send it (absent, one value or several), each bounded; a refusal
 * names the field itself, never one of its values.
 */
const repeated = (max: number, maxLength: number, allowed?: readonly string[]) =>
  z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z
      .array(z.unknown())
      .max(max, "TOO_LONG")
      .refine((values) => values.every((value) => typeof value === "string"), "INVALID")
      .transform((values) => values.map(String))
      .refine((values) => values.every((value) => value.length <= maxLength), "TOO_LONG")
      .refine((values) => !allowed || values.every((value) => allowed.includes(value)), "INVALID_CHOICE"),
  );

const AUDIENCES = ["tutors", "group"] as const;

const TraceParams = z.object({ traceId: z.string().regex(TRACE_ID_PATTERN) });

export const ShareInput = z.object({
  params: TraceParams,
  body: z.object({
    visibility: z.enum(VISIBILITIES).optional(),
    audience: repeated(2, 20, AUDIENCES),
    course: repeated(50, 400),
    // One more than allowed, so that the domain names the limit on the field.
    person: repeated(MAX_NAMED_READERS + 1, 200),
  }),
});
export type ShareBody = z.infer<typeof ShareInput>["body"];

export const OpenToTutorsInput = z.object({ params: TraceParams });

/** What the author picked, from the form as posted. */
export function audienceChoice(body: ShareBody): AudienceChoice {
  const courses: CourseRef[] = [];
  for (const value of body.course) {
    const course = decodeCourse(value);
    if (course && !courses.some((known) => sameCourse(known, course))) courses.push(course);
  }
  return {
    private: body.visibility === "private",
    tutors: body.audience.includes("tutors") || body.visibility === "tutors" || body.visibility === "group",
    group: body.audience.includes("group") || body.visibility === "group",
    people: body.person,
    courses,
  };
}
