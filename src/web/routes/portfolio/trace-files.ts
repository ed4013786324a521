// What a trace points to besides its text: web links and attached files. Files stream to storage
// through the declared upload route (the one place multipart is accepted); a refused file sends the
// author back to the trace with the reason, the trace untouched. Downloads can run nothing.
import express, { type Response, type Router } from "express";
import type { Actor } from "../../../domain/actor.js";
import { isPortfolioErrorCode } from "../../../domain/portfolio/errors.js";
import { servedInline } from "../../../domain/portfolio/files.js";
import type { StoredFile } from "../../../domain/portfolio/ports.js";
import type { Portfolio } from "../../../domain/portfolio/portfolio.js";
import { AppError } from "../../../errors.js";
import type { Logger } from "../../../logger.js";
import { guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import { actorOf } from "../../render.js";
import { handled, redirect, route, type RedirectResult } from "../../route.js";
import { FileInput, LinkDeleteInput, LinkInput, TRACE_ID_PATTERN } from "../../schemas/portfolio.js";
import { onField } from "../../schemas/trace-form.js";
import { bytesOf, type UploadRoutes } from "../../uploads.js";
import { tracePage, traceIdOf, type TracePageDeps } from "./trace-page.js";

export interface TraceFileRoutesDeps extends Omit<TracePageDeps, "reading" | "types"> {
  portfolio: Pick<Portfolio, "files" | "reading" | "types">;
  uploads: UploadRoutes;
  logger: Logger;
}

const LINK_REFUSALS = ["TRACE_LINK_INVALID", "TRACE_LINK_LIMIT"] as const;

export function traceFileRoutes({ portfolio, uploads, logger, ...deps }: TraceFileRoutesDeps): Router {
  const router = express.Router();
  const { files } = portfolio;
  const pageDeps = { ...deps, reading: portfolio.reading, types: portfolio.types };
  // Only the author adds or removes; who may download is the trace's read rule (404 otherwise).
  const own = guard(portfolioPolicy, "keep");
  const read = guard(portfolioPolicy, "read");
  const backToFiles = (traceId: string, done: string): RedirectResult =>
    redirect(`/traces/${traceId}`, { done }, "#files");

  route(router, {
    method: "post",
    path: "/traces/:traceId/links",
    guard: own,
    input: LinkInput,
    messages: "portfolio",
    invalid: (ctx, problem) => tracePage(pageDeps, ctx, traceIdOf(ctx.req), { problem }),
    handle: async ({ actor, input }) => {
      const { traceId } = input.params;
      await onField(files.addLink(actor, traceId, input.body), "url", LINK_REFUSALS);
      return backToFiles(traceId, "linked");
    },
  });

  route(router, {
    method: "post",
    path: "/traces/:traceId/links/:index/delete",
    guard: own,
    input: LinkDeleteInput,
    form: "button",
    handle: async ({ actor, input }) => {
      await files.removeLink(actor, input.params.traceId, input.params.index);
      return backToFiles(input.params.traceId, "unlinked");
    },
  });

  attachmentUpload(router, uploads, { files, logger, maxFileBytes: deps.uploadMaxBytes });

  route(router, {
    method: "get",
    path: "/traces/:traceId/attachments/:fileId",
    guard: read,
    input: FileInput,
    handle: async ({ actor, input, res }) => {
      const file = await files.open(actor, input.params.traceId, input.params.fileId);
      sendFile(res, file, logger);
      return handled;
    },
  });

  route(router, {
    method: "post",
    path: "/traces/:traceId/attachments/:fileId/delete",
    guard: own,
    input: FileInput,
    form: "button",
    handle: async ({ actor, input }) => {
      await files.detach(actor, input.params.traceId, input.params.fileId);
      return backToFiles(input.params.traceId, "detached");
    },
  });

  return router;
}

/**
 * Files stream to storage as they arrive; the guard is the launch-level one, checked before a byte is
 * stored (the upload route is not on route()). Refusals the author can act on come back on the trace.
 */
function attachmentUpload(
  router: Router,
  uploads: UploadRoutes,
  { files, logger, maxFileBytes }: { files: Portfolio["files"]; logger: Logger; maxFileBytes: number },
): void {
  uploads.post(
    router,
    "/traces/:traceId/attachments",
    {
      field: "file",
      maxFileBytes,
      maxFields: 5,
      maxFieldBytes: 1024,
      receive: (file, req, res) =>
        files.receiveAttachment(authorOf(res), traceIdOf(req), {
          content: bytesOf(file.stream),
          declaredName: file.originalname,
        }),
      discard: (received, req, res) => files.discardAttachment(authorOf(res), traceIdOf(req), received),
    },
    async (req, res, received) => {
      const author = authorOf(res);
      const traceId = traceIdOf(req);
      const [file] = received;
      if (file) await files.linkAttachment(author, traceId, file);
      sendBack(res, traceId, file ? { done: "uploaded" } : { error: "FILE_MISSING" });
    },
    (error: unknown, req, res, next) => {
      const traceId = req.params.traceId ?? "";
      const code = error instanceof AppError ? error.code : "";
      if (!TRACE_ID_PATTERN.test(traceId) || !isPortfolioErrorCode(code) || code === "TRACE_LOCKED")
        return next(error);
      logger.info({ reqId: res.locals.requestId, code }, "portfolio: upload refused");
      sendBack(res, traceId, { error: code });
    },
  );
}

/** The author of an upload: the launch-level guard of the upload route, which is not on route(). */
function authorOf(res: Response): Actor {
  const actor = actorOf(res);
  guard(portfolioPolicy, "keep").check(actor);
  return actor;
}

function sendBack(res: Response, traceId: string, query: Record<string, string>): void {
  const search = new URLSearchParams(query).toString();
  res.redirect(303, `${res.locals.base ?? ""}/traces/${traceId}?${search}#files`);
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
