// The one error handler: people get a localized page, /api/ gets JSON; never a stack trace.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import multer from "multer";
import {
  AppError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  ValidationError,
} from "../errors.js";
import { isDuplicateKey } from "../persistence/errors.js";
import { fieldErrorsOf, inputErrorOf, isZodError } from "./form-problem.js";
import type { Logger } from "../logger.js";
import { safePath } from "../logger.js";
import { isDatabaseUnavailable } from "../persistence/unavailable.js";

/** Seconds a person (or a client honouring Retry-After) should wait before trying again after a 503. */
const RETRY_AFTER_SECONDS = 5;

interface BodyParserError {
  type?: string;
  status?: unknown;
}

/** Every error Carnet knows how to explain becomes an AppError; anything else is a 500. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (isZodError(error)) return inputErrorOf(error);
  if (error instanceof multer.MulterError) {
    return error.code === "LIMIT_FILE_SIZE"
      ? new PayloadTooLargeError("UPLOAD_TOO_LARGE")
      : new ValidationError("UPLOAD_INVALID");
  }
  if (isDuplicateKey(error)) return new ConflictError("CONFLICT", {}, "duplicate key");
  const parserError = error as BodyParserError;
  if (parserError?.type === "entity.too.large") return new AppError("PAYLOAD_TOO_LARGE", 413);
  if (parserError?.type === "entity.parse.failed") return new AppError("BAD_REQUEST_BODY", 400);
  if (parserError?.type === "parameters.too.many") return new AppError("BAD_REQUEST_BODY", 400);
  if (isDatabaseUnavailable(error)) {
    return new ServiceUnavailableError(
      "SERVICE_UNAVAILABLE",
      error instanceof Error ? error.message : undefined,
    );
  }
  // Other client faults raised by Express or its parsers (a bad %-escape in the path, a body that is
  // not the gzip it claims): 400, never a 500 with a stack.
  const status = parserError?.status;
  if (typeof status === "number" && status >= 400 && status < 500 && status !== 404)
    return new AppError(status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", status === 413 ? 413 : 400);
  return undefined;
}

export function wantsJson(req: Request): boolean {
  return (
    req.path.startsWith("/api/") ||
    req.originalUrl.includes("/api/") ||
    req.accepts(["html", "json"]) === "json"
  );
}

export function sendError(req: Request, res: Response, error: AppError): void {
  const message = res.locals.t(error.messageKey, error.params);
  res.status(error.status);
  if (error.status === 503) res.set("Retry-After", String(RETRY_AFTER_SECONDS));
  if (wantsJson(req)) {
    res.json({ error: { code: error.code, message, requestId: res.locals.requestId } });
    return;
  }
  const fields =
    error instanceof ValidationError
      ? Object.values(fieldErrorsOf(error, res.locals.t, res.locals.locale))
      : [];
  res.render("errors/error", {
    layout: "bare",
    status: error.status,
    code: error.code,
    message,
    fields,
    requestId: res.locals.requestId,
    retryHref: res.locals.base,
    kept: res.locals.keptText,
  });
}

export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => next(new NotFoundError("PAGE_NOT_FOUND"));
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = toAppError(error);
    const context = { reqId: res.locals.requestId, method: req.method, path: safePath(req.originalUrl) };
    if (known) {
      if (known.status >= 500)
        logger.error({ ...context, code: known.code, detail: known.detail }, "request failed");
      else
        logger.info(
          { ...context, code: known.code, status: known.status, detail: known.detail },
          "request refused",
        );
    } else {
      const err =
        error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
      logger.error({ ...context, err }, "unexpected error");
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(req, res, known ?? new AppError("INTERNAL", 500));
  };
}
