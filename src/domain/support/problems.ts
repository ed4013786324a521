// Refusals of support forms, on one field each (the form-error pattern), and the text rules they check.
import { ValidationError } from "../../errors.js";

export function supportProblem(
  field: string,
  code: string,
  params: Record<string, string | number> = {},
): ValidationError {
  return new ValidationError("VALIDATION_FAILED", params, { [field]: code });
}

/** Trimmed text within its limit; `required` refuses an empty one. */
export function boundedText(field: string, value: string, max: number, required: boolean): string {
  const text = value.trim();
  if (required && text === "") throw supportProblem(field, "REQUIRED");
  if (text.length > max) throw supportProblem(field, "TOO_LONG", { max });
  return text;
}

export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw supportProblem(field, "INVALID_CHOICE");
  return found;
}
