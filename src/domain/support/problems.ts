// The text rules of support forms, each refusal on one field (the form-error pattern).
import { fieldProblem } from "../../errors.js";

/** Trimmed text within its limit; `required` refuses an empty one. */
export function boundedText(field: string, value: string, max: number, required: boolean): string {
  const text = value.trim();
  if (required && text === "") throw fieldProblem(field, "REQUIRED");
  if (text.length > max) throw fieldProblem(field, "TOO_LONG", { max });
  return text;
}

export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw fieldProblem(field, "INVALID_CHOICE");
  return found;
}
