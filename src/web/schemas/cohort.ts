// The cohort matrix's filters, from the query string: a value that is not one (a typo, an old link)
// is ignored rather than refused, as a filter form's reader would expect.
import { z } from "zod";
import { COHORT_SORTS, type CohortFilters } from "../../domain/validation/cohort-matrix.js";
import { COMPETENCE_STATES } from "../../domain/validation/states.js";

/** A whole number of days or weeks from 1 to `max`, else no filter. */
function count(max: number): z.ZodType<number | undefined, z.ZodTypeDef, unknown> {
  return z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .optional()
    .catch(undefined);
}

const Filters = z.object({
  state: z.enum(COMPETENCE_STATES).optional().catch(undefined),
  waiting: count(3650),
  inactive: count(520),
  never: z.literal("1").optional().catch(undefined),
  mine: z.literal("1").optional().catch(undefined),
  domain: z.string().max(200).optional().catch(undefined),
  sort: z.enum(COHORT_SORTS).optional().catch(undefined),
  page: z
    .string()
    .regex(/^\d{1,5}$/)
    .transform(Number)
    .pipe(z.number().int().min(1))
    .optional()
    .catch(undefined),
});

export const CohortInput = z.object({
  query: Filters.transform((query): CohortFilters & { page: number } => ({
    ...(query.state ? { state: query.state } : {}),
    ...(query.waiting !== undefined ? { waiting: query.waiting } : {}),
    ...(query.inactive !== undefined ? { inactive: query.inactive } : {}),
    never: query.never === "1",
    mine: query.mine === "1",
    domain: query.domain ?? "",
    sort: query.sort ?? "name",
    page: query.page ?? 1,
  })),
});
