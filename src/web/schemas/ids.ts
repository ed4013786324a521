// Ids as forms and paths carry them: bounded, and only the characters an LMS user id or a record id uses.
import { z } from "zod";

/** A person's or a record's id (LMS user ids may hold ':', '@' and '.'). */
export const Id = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.:@-]+$/);

/** A repeated field as browsers send it (absent, one value or several): always a list, bounded. */
export function listOf<Item extends z.ZodTypeAny>(item: Item, max: number) {
  return z
    .union([item, z.array(item)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(item).max(max, { message: "TOO_MANY" }));
}
