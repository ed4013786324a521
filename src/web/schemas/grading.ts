// Form input of the grading pages.
import { z } from "zod";
import { GRADING_POLICIES, MAX_SCORE_MAXIMUM } from "../../domain/grading/policy.js";

export const GradingSettingsFormSchema = z.object({
  policy: z.enum(GRADING_POLICIES),
  // An unchecked checkbox sends nothing.
  showRunningScore: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true" || value === "1"),
  scoreMaximum: z.coerce.number().positive().max(MAX_SCORE_MAXIMUM),
});
export type GradingSettingsForm = z.infer<typeof GradingSettingsFormSchema>;

export const IdParamSchema = z.string().regex(/^[\w-]{1,64}$/);
