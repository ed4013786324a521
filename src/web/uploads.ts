// Multipart bodies exist only on routes that declare an upload. There the CSRF token (a field sent
// before the file, or the X-CSRF-Token header) is checked before a byte of a file is stored, files
// stream to their store as they arrive, and every malformed or oversized body is a clear 4xx.
import type { Readable } from "node:stream";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response, Router } from "express";
import multer from "multer";
import { AppError, ForbiddenError, PayloadTooLargeError } from "../errors.js";
import { cleanFormBody } from "./input-text.js";
import { megabytes } from "./middleware/form-body.js";
import { csrfTokenSent, csrfTokenValid } from "./middleware/launch-session.js";

/** A file as the parser hands it over: its bytes as they arrive and the name the browser sent. */
export interface IncomingUpload {
  stream: Readable;
  originalname: string;
}

/** The bytes of an uploaded file's stream, typed for the stores that take them. */
export async function* bytesOf(stream: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    if (chunk instanceof Uint8Array) yield chunk;
    else if (typeof chunk === "string") yield Buffer.from(chunk);
  }
}

export interface UploadSpec<T> {
  /** The form field of the file; a file under any other name is refused. */
  field: string;
  maxFileBytes: number;
  /** Text fields besides the file, the CSRF token included. */
  maxFields?: number;
  maxFieldBytes?: number;
  /** Stores one file as it arrives, once the token has been checked; throws to refuse it. */
  receive(file: IncomingUpload, req: Request, res: Response): Promise<T>;
  /** Removes a stored file when the rest of the request fails. */
  discard(received: T, req: Request, res: Response): Promise<void>;
}

/** Runs once the whole body is read: `files` holds what `receive` returned (empty if no file came). */
export type UploadHandler<T> = (req: Request, res: Response, files: T[]) => Promise<void>;

/** A failure of the route's own storage (a refused type, the database): passed on as it is. */
class ReceiveFailure extends Error {
  constructor(readonly failure: unknown) {
    super("upload storage failed");
  }
}

function toPattern(path: string): RegExp {
  const escaped = path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  // As Express matches by default: case-insensitive, an optional trailing slash.
  return new RegExp(`^${escaped}/?$`, "i");
}

/** What a parser error means for the person who sent the form. */
function asAppError(error: unknown, spec: { maxFileBytes: number; maxFields: number }): unknown {
  if (error instanceof ReceiveFailure) return error.failure;
  if (error instanceof AppError) return error;
  if (error instanceof multer.MulterError) {
    switch (error.code) {
      case "LIMIT_FILE_SIZE":
        return new PayloadTooLargeError("FILE_TOO_LARGE", { max: megabytes(spec.maxFileBytes) });
      case "LIMIT_FIELD_COUNT":
      case "LIMIT_PART_COUNT":
        return new PayloadTooLargeError("FORM_TOO_MANY_FIELDS", { max: spec.maxFields });
      default:
        return new AppError("UPLOAD_INVALID", 400, "errors:UPLOAD_INVALID", {}, error.code);
    }
  }
  // busboy's: no boundary, a body cut short, malformed part headers, the client gone.
  const message = error instanceof Error ? error.message : String(error);
  return new AppError("UPLOAD_INVALID", 400, "errors:UPLOAD_INVALID", {}, message);
}

export class UploadRoutes {
  private readonly patterns: RegExp[] = [];

  /** Whether a multipart body may go on to this request's route (paths relative to the launch). */
  accepts(req: Request): boolean {
    return req.method === "POST" && this.patterns.some((pattern) => pattern.test(req.path));
  }

  /**
   * Declares POST `path` on `router` as taking files: multipart is accepted there, and only there.
   * `onError` sees the route's refusals (a type refused, a file too large) to answer in its own way.
   */
  post<T>(
    router: Router,
    path: string,
    spec: UploadSpec<T>,
    handler: UploadHandler<T>,
    onError?: ErrorRequestHandler,
  ): RequestHandler {
    this.patterns.push(toPattern(path));
    const parse = multipartParser(spec, (req, res, next, files) => handler(req, res, files));
    if (onError) router.post(path, parse, onError);
    else router.post(path, parse);
    return parse;
  }

  /**
   * Declares POST `path` as taking files for a route() of the same path (its `before`): the body is
   * parsed and the files stored before the route runs. A refused file (too large, a type refused, a
   * malformed body) waits for the route, which gets it from `received()` and can answer with its form;
   * a missing or wrong token never reaches it.
   */
  before<T>(path: string, spec: UploadSpec<T>): UploadStep<T> {
    this.patterns.push(toPattern(path));
    const outcomes = new WeakMap<Request, { files: T[]; refusal?: unknown }>();
    const parse = multipartParser(spec, async (req, _res, next, files) => {
      outcomes.set(req, { files });
      next();
    });
    return {
      parse: (req, res, next) => {
        parse(req, res, (error?: unknown) => {
          if (error === undefined || error instanceof ForbiddenError) return next(error);
          outcomes.set(req, { files: [], refusal: error });
          next();
        });
      },
      received(req) {
        const outcome = outcomes.get(req);
        if (outcome?.refusal !== undefined) throw outcome.refusal;
        return outcome?.files ?? [];
      },
      async discard(req, res) {
        const files = outcomes.get(req)?.files ?? [];
        outcomes.delete(req);
        await Promise.all(files.map((file) => spec.discard(file, req, res)));
      },
    };
  }
}

/** An upload route's parsing step, for route()'s `before` (see UploadRoutes.before). */
export interface UploadStep<T> {
  readonly parse: RequestHandler;
  /** The files stored for this request; throws the refusal of a file that was not. */
  received(req: Request): T[];
  /** Removes this request's stored files (the route did not use them). */
  discard(req: Request, res: Response): Promise<void>;
}

/** What runs once the body is read and the files are stored. */
type OnParsed<T> = (req: Request, res: Response, next: NextFunction, files: T[]) => Promise<void>;

function multipartParser<T>(spec: UploadSpec<T>, handler: OnParsed<T>): RequestHandler {
  const maxFields = spec.maxFields ?? 20;
  const maxFieldBytes = spec.maxFieldBytes ?? 64 * 1024;
  // The file, the fields and their part headers: a body announcing more is refused unread.
  const maxBody = spec.maxFileBytes + maxFields * (maxFieldBytes + 512) + 64 * 1024;
  const limits = { maxFileBytes: spec.maxFileBytes, maxFields };

  return (req, res, next) => {
    const received: T[] = [];
    const discardAll = async (): Promise<void> => {
      await Promise.all(received.map((item) => spec.discard(item, req, res).catch(() => undefined)));
    };
    const fail = (error: unknown): void => {
      // The rest of an unread body is not worth reading: the connection goes with the answer.
      res.setHeader("Connection", "close");
      discardAll().then(
        () => next(asAppError(error, limits)),
        () => next(asAppError(error, limits)),
      );
    };
    if (!req.is("multipart/form-data")) {
      // An urlencoded post to an upload route: its token was checked launch-wide; no file came.
      handler(req, res, next, []).catch(next);
      return;
    }
    const declared = Number(req.get("content-length"));
    if (Number.isFinite(declared) && declared > maxBody) {
      fail(new multer.MulterError("LIMIT_FILE_SIZE", spec.field));
      return;
    }
    let tokenChecked = false;
    const checkToken = (): ForbiddenError | null => {
      const valid = csrfTokenValid(res, csrfTokenSent(req));
      if (valid) tokenChecked = true;
      return valid
        ? null
        : new ForbiddenError("CSRF_TOKEN_INVALID", "multipart: token missing before the file");
    };
    const storage: multer.StorageEngine = {
      _handleFile(request, file, callback) {
        spec.receive({ stream: file.stream, originalname: file.originalname }, request, res).then(
          (value) => {
            received.push(value);
            callback(null, {});
          },
          (error: unknown) => callback(new ReceiveFailure(error)),
        );
      },
      // Received files are discarded by `fail`, which knows what `receive` returned.
      _removeFile(_request, _file, callback) {
        callback(null);
      },
    };
    const parser = multer({
      storage,
      limits: {
        fileSize: spec.maxFileBytes,
        files: 1,
        fields: maxFields,
        fieldSize: maxFieldBytes,
        parts: maxFields + 1,
      },
      fileFilter: (_request, file, accept) => {
        if (file.fieldname !== spec.field) return accept(new multer.MulterError("LIMIT_UNEXPECTED_FILE"));
        // Fields sent before the file are parsed by now: a form puts its token first.
        const refusal = checkToken();
        if (refusal) accept(refusal);
        else accept(null, true);
      },
    }).any();
    parser(req, res, (error?: unknown) => {
      if (error) return fail(error);
      cleanFormBody(req.body);
      const refusal = tokenChecked ? null : checkToken();
      if (refusal) return fail(refusal);
      handler(req, res, next, received).catch((handlerError: unknown) => {
        discardAll().then(
          () => next(handlerError),
          () => next(handlerError),
        );
      });
    });
  };
}
