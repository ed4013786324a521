// What a trace points to besides its text: web links and attached files. Files stream to storage
// through the declared upload route (the one place multipart is accepted); a refused link or file comes
// back on the trace page with the reason, the trace untouched. Downloads can run nothing.
import type { Response, Router } from "express";
import type { PortfolioErrorCode } from "../../../domain/portfolio/errors.js";
import { servedInline } from "../../../domain/portfolio/files.js";
import type { StoredFile } from "../../../domain/portfolio/ports.js";
import type { Portfolio } from "../../../domain/portfolio/portfolio.js";
import { ValidationError } from "../../../errors.js";
import type { Logger } from "../../../logger.js";
import { guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import type { ZodType, ZodTypeDef } from "zod";
import type { Actor } from "../../../domain/actor.js";
import {
  guardedRoutes,
  handled,
  redirect,
  uploadRoute,
  type GuardedRouteSpec,
  type RedirectResult,
} from "../../route.js";
import { AttachInput, FileInput, LinkDeleteInput, LinkInput } from "../../schemas/portfolio.js";
import { onField } from "../../schemas/trace-form.js";
import { bytesOf, type UploadRoutes } from "../../uploads.js";
import { onTracePage, traceIdIn, type OnTracePage, type TracePageDeps } from "./trace-page.js";

export interface TraceFileRoutesDeps extends TracePageDeps {
  portfolio: Pick<Portfolio, "files" | "reading" | "types">;
  uploads: UploadRoutes;
  logger: Logger;
}

const LINK_REFUSALS = ["TRACE_LINK_INVALID", "TRACE_LINK_LIMIT"] as const;
/** Refusals of an attached file for what it is, or for one file too many. */
const FILE_REFUSALS: readonly PortfolioErrorCode[] = [
  "FILE_EMPTY",
  "FILE_TOO_LARGE",
  "FILE_TYPE_REFUSED",
  "FILE_LIMIT_REACHED",
];

export function traceFileRoutes(deps: TraceFileRoutesDeps): Router {
  const { portfolio, uploads, logger } = deps;
  const { files } = portfolio;
  const onPage = onTracePage(deps);
  // Only the author adds or removes; who may download is the trace's read rule (404 otherwise).
  const own = guardedRoutes(guard(portfolioPolicy, "keep"));
  const read = guardedRoutes(guard(portfolioPolicy, "read"), own.router);

  own.post("/traces/:traceId/links", {
    input: LinkInput,
    ...onPage,
    handle: async ({ actor, input }) => {
      const { traceId } = input.params;
      await onField(files.addLink(actor, traceId, input.body), "url", LINK_REFUSALS);
      return backToFiles(traceId, "linked");
    },
  });

  own.post(
    "/traces/:traceId/links/:index/delete",
    removal(LinkDeleteInput, "unlinked", (actor, { traceId, index }) =>
      files.removeLink(actor, traceId, index),
    ),
  );

  attachmentUpload(own.router, uploads, { files, onPage, maxFileBytes: deps.uploadMaxBytes });

  read.get("/traces/:traceId/attachments/:fileId", {
    input: FileInput,
    handle: async ({ actor, input, res }) => {
      const file = await files.open(actor, input.params.traceId, input.params.fileId);
      sendFile(res, file, logger);
      return handled;
    },
  });

  own.post(
    "/traces/:traceId/attachments/:fileId/delete",
    removal(FileInput, "detached", (actor, { traceId, fileId }) => files.detach(actor, traceId, fileId)),
  );

  return own.router;
}

/** Back to the trace's files, saying what was done. */
function backToFiles(traceId: string, done: string): RedirectResult {
  return redirect(`/traces/${traceId}`, { done }, "#files");
}

/** A delete button of the trace's files: the removal, then back to the files. */
function removal<Params extends { traceId: string }>(
  input: ZodType<{ params: Params }, ZodTypeDef, unknown>,
  done: string,
  remove: (actor: Actor, params: Params) => Promise<unknown>,
): GuardedRouteSpec<ZodType<{ params: Params }, ZodTypeDef, unknown>> {
  return {
    input,
    form: "button",
    handle: async ({ actor, input: { params } }) => {
      await remove(actor, params);
      return backToFiles(params.traceId, done);
    },
  };
}

/**
 * Files stream to storage as they arrive, once the guard and the token are checked; who may attach to
 * this trace and how many files it has are checked before a byte is stored. A file refused for what it
 * is comes back on the trace page next to the file field, the trace untouched.
 */
function attachmentUpload(
  router: Router,
  uploads: UploadRoutes,
  { files, onPage, maxFileBytes }: { files: Portfolio["files"]; onPage: OnTracePage; maxFileBytes: number },
): void {
  uploadRoute(router, uploads, {
    path: "/traces/:traceId/attachments",
    guard: guard(portfolioPolicy, "keep"),
    input: AttachInput,
    ...onPage,
    upload: {
      field: "file",
      maxFileBytes,
      maxFields: 5,
      maxFieldBytes: 1024,
      refusals: FILE_REFUSALS,
      receive: (file, author, params) =>
        files.receiveAttachment(author, traceIdIn(params), {
          content: bytesOf(file.stream),
          declaredName: file.originalname,
        }),
      discard: (received, author, params) => files.discardAttachment(author, traceIdIn(params), received),
    },
    handle: async ({ actor, input, files: received }) => {
      const { traceId } = input.params;
      const [file] = received;
      if (!file) throw new ValidationError("VALIDATION_FAILED", {}, { file: "FILE_MISSING" });
      await files.linkAttachment(actor, traceId, file);
      return redirect(`/traces/${traceId}`, { done: "uploaded" }, "#files");
    },
  });
}

/** Served with the type sniffed when stored; even if a browser rendered it, it could run nothing. */
function sendFile(res: Response, file: StoredFile, logger: Logger): void {
  const inline = servedInline(file.mime);
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  res.status(200);
  res.setHeader("Content-Type", file.mime);
  res.setHeader("Content-Length", String(file.size));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader(
    "Content-Disposition",
    `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  res.setHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'none'; sandbox");
  res.setHeader("Cache-Control", "private, no-store");
  file.stream.on("error", (error: unknown) => {
    logger.error({ reqId: res.locals.requestId, err: String(error) }, "portfolio: file stream failed");
    res.destroy();
  });
  file.stream.pipe(res);
}
