// Input of the grading pages: a placement's grading settings, notices in the query, ids in the path.
import { z } from "zod";
import { GRADING_POLICIES, MAX_SCORE_MAXIMUM } from "../../domain/grading/policy.js";

const Id = z.string().regex(/^[\w-]{1,64}$/);
const OUT_OF_RANGE = "OUT_OF_RANGE";

export const GradingSettingsForm = z.object({
  params: z.object({ placementId: Id }),
  body: z.object({
    policy: z.enum(GRADING_POLICIES, { errorMap: () => ({ message: "INVALID_CHOICE" }) }),
    // An unchecked checkbox sends nothing.
    showRunningScore: z
      .string()
      .optional()
      .transform((value) => value === "on" || value === "true" || value === "1"),
    scoreMaximum: z
      .string({ errorMap: () => ({ message: OUT_OF_RANGE }) })
      .trim()
      .regex(/^\d+(\.\d+)?$/, OUT_OF_RANGE)
      .transform(Number)
      .pipe(z.number().positive(OUT_OF_RANGE).max(MAX_SCORE_MAXIMUM, OUT_OF_RANGE)),
  }),
});
export type GradingSettingsInput = z.infer<typeof GradingSettingsForm>["body"];

export const GradingPageQuery = z.object({
  query: z.object({
    saved: z.string().max(5).optional(),
    resynced: z
      .string()
      .regex(/^\d{1,6}$/)
      .optional(),
  }),
});

export const ParkedPageQuery = z.object({ query: z.object({ retried: z.string().max(5).optional() }) });

export const RetryParams = z.object({ params: z.object({ deliveryId: Id }) });
