// Ids as forms and paths carry them: bounded, and only the characters an LMS user id or a record id uses.
import { z } from "zod";

/** A person's or a record's id (LMS user ids may hold ':', '@' and '.'). */
export const Id = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.:@-]+$/);
