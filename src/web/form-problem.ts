// The one form-error pattern: a refused form comes back with what was typed and a localized message
// next to each field (the first one focused by the page). zod problems and domain ValidationErrors
// become the same field → code map.
import { ZodError, type ZodIssue } from "zod";
import { NotFoundError, ValidationError } from "../errors.js";
import { hasTranslation, type Locale, type Translate } from "../i18n/i18n.js";

/** A form's values as typed (repeated fields as arrays), without the CSRF token. */
export type FormValues = Record<string, string | string[]>;

export interface FormProblem {
  readonly values: FormValues;
  /** Field name → localized message, in the form's order. */
  readonly errors: Record<string, string>;
}

export function formValuesOf(body: unknown): FormValues {
  if (typeof body !== "object" || body === null) return {};
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === "_csrf") continue;
    if (typeof value === "string") values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === "string");
  }
  return values;
}

/** A field's message: the area's wording first, then the generic one, then the generic "invalid". */
export function fieldErrorsOf(
  error: ValidationError,
  t: Translate,
  locale: Locale,
  namespace?: string,
): Record<string, string> {
  const message = (code: string): string => {
    const keys = [
      ...(namespace ? [`${namespace}:fieldErrors.${code}`] : []),
      `errors:fields.${code}`,
      `errors:fields.INVALID`,
    ];
    const key = keys.find((candidate) => hasTranslation(locale, candidate)) ?? "errors:fields.INVALID";
    return t(key, error.params);
  };
  return Object.fromEntries(Object.entries(error.fields).map(([field, code]) => [field, message(code)]));
}

const CODE = /^[A-Z][A-Z0-9_]*$/;

function codeOf(issue: ZodIssue): string {
  if (CODE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined" ? "REQUIRED" : "INVALID";
    case "too_small":
      return issue.type === "string" && issue.minimum === 1 ? "REQUIRED" : "TOO_SHORT";
    case "too_big":
      return "TOO_LONG";
    case "invalid_enum_value":
    case "invalid_literal":
    case "invalid_union_discriminator":
      return "INVALID_CHOICE";
    case "invalid_date":
      return "INVALID_DATE";
    default:
      return "INVALID";
  }
}

/**
 * Input parsed from `{ params, query, body }`: a malformed path parameter names nothing that exists
 * (404); a bad query or body is the person's input to correct (400, field by field).
 */
export function inputErrorOf(error: ZodError): NotFoundError | ValidationError {
  if (error.issues.some((issue) => issue.path[0] === "params"))
    return new NotFoundError("NOT_FOUND", "malformed path parameter");
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.slice(1).join(".") || String(issue.path[0] ?? "form");
    fields[field] ??= codeOf(issue);
  }
  return new ValidationError("VALIDATION_FAILED", {}, fields);
}

export function isZodError(error: unknown): error is ZodError {
  return error instanceof ZodError;
}
