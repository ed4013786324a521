// A refusal on one field of a tutoring form, with what its message names (the form-error pattern).
import { ValidationError } from "../../errors.js";

export function tutoringProblem(
  field: string,
  code: string,
  params: Record<string, string | number> = {},
): ValidationError {
  return new ValidationError("VALIDATION_FAILED", params, { [field]: code });
}
