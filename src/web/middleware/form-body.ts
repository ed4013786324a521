// Urlencoded form bodies of launched pages: bounded in bytes and fields, the declared length checked
// before a byte is read, parse failures turned into clear 4xx answers, text cleaned at the edge.
import express, { type RequestHandler } from "express";
import { AppError, PayloadTooLargeError } from "../../errors.js";
import { cleanFormBody } from "../input-text.js";

/** A trace with four RSCA sections of 50,000 characters, accents and punctuation encoded, fits. */
export const FORM_MAX_BYTES = 2 * 1024 * 1024;
/** The largest real form (bulk validation of a framework's items) has a few hundred fields. */
export const FORM_MAX_FIELDS = 2000;

export function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

interface ParserFailure {
  type?: unknown;
  status?: unknown;
}

/** The form is refused before its body is read: the client is told at once and the socket closed. */
export function formTooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError("FORM_TOO_LARGE", { max: megabytes(maxBytes) });
}

/** body-parser's errors, each as the page a person should see. */
function asAppError(error: unknown, limits: { bytes: number; fields: number }): unknown {
  const failure = (typeof error === "object" && error !== null ? error : {}) as ParserFailure;
  if (failure.type === "entity.too.large") return formTooLarge(limits.bytes);
  if (failure.type === "parameters.too.many")
    return new PayloadTooLargeError("FORM_TOO_MANY_FIELDS", { max: limits.fields });
  if (failure.type === "encoding.unsupported" || failure.type === "charset.unsupported")
    return new AppError("UNSUPPORTED_ENCODING", 415);
  // Bad gzip or deflate data, an aborted upload, a malformed body: the request, not Carnet, is at fault.
  if (typeof failure.status === "number" && failure.status >= 400 && failure.status < 500)
    return new AppError("BAD_REQUEST_BODY", 400, "errors:BAD_REQUEST_BODY", {}, String(failure.type ?? ""));
  return error;
}

export function formBody(limits = { bytes: FORM_MAX_BYTES, fields: FORM_MAX_FIELDS }): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: limits.bytes, parameterLimit: limits.fields });
  return (req, res, next) => {
    if (req.is("application/x-www-form-urlencoded")) {
      const declared = Number(req.get("content-length"));
      if (Number.isFinite(declared) && declared > limits.bytes) {
        // Nothing is read: the rest of the body goes with the connection.
        res.setHeader("Connection", "close");
        next(formTooLarge(limits.bytes));
        return;
      }
    }
    parse(req, res, (error?: unknown) => {
      if (error) {
        res.setHeader("Connection", "close");
        next(asAppError(error, limits));
        return;
      }
      cleanFormBody(req.body);
      next();
    });
  };
}
