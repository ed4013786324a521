// One error type with stable codes; the web edge turns it into a localized page or JSON.
export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    /** i18n key of the message shown to people, e.g. "errors:FORBIDDEN". */
    readonly messageKey: string = `errors:${code}`,
    readonly params: ErrorParams = {},
    /** Details for the log only, never shown. */
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = "AppError";
  }
}

export class ValidationError extends AppError {
  constructor(
    code = "VALIDATION_FAILED",
    params: ErrorParams = {},
    readonly fields: Record<string, string> = {},
  ) {
    super(code, 400, `errors:${code}`, params);
  }
}
/** A refusal on one field of a form, with what its message names (the form-error pattern). */
export function fieldProblem(field: string, code: string, params: ErrorParams = {}): ValidationError {
  return new ValidationError("VALIDATION_FAILED", params, { [field]: code });
}
export class LaunchRequiredError extends AppError {
  constructor(code = "LAUNCH_REQUIRED", detail?: string) {
    super(code, 401, `errors:${code}`, {}, detail);
  }
}
export class ForbiddenError extends AppError {
  constructor(code = "FORBIDDEN", detail?: string) {
    super(code, 403, `errors:${code}`, {}, detail);
  }
}
export class NotFoundError extends AppError {
  constructor(code = "NOT_FOUND", detail?: string) {
    super(code, 404, `errors:${code}`, {}, detail);
  }
}
export class ConflictError extends AppError {
  constructor(code = "CONFLICT", params: ErrorParams = {}, detail?: string) {
    super(code, 409, `errors:${code}`, params, detail);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(code = "PAYLOAD_TOO_LARGE", params: ErrorParams = {}) {
    super(code, 413, `errors:${code}`, params);
  }
}
/** The database (or another service Carnet needs) cannot answer now; the person should try again. */
export class ServiceUnavailableError extends AppError {
  constructor(code = "SERVICE_UNAVAILABLE", detail?: string) {
    super(code, 503, `errors:${code}`, {}, detail);
  }
}

/**
 * The value, or a 404 when it is absent — also what a reader may not know exists. Only for objects, so
 * a falsy value (0, "", false) is never taken for an absent one.
 */
export function found<T extends object>(value: T | null | undefined, detail?: string): T {
  if (value === null || value === undefined) throw new NotFoundError("NOT_FOUND", detail);
  return value;
}
