// The portfolio routes still to move onto route() (sharing, exchanges, files): thin handlers that parse
// the form, call the portfolio's services (which apply the policy) and redirect.
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { isPortfolioErrorCode, PortfolioError } from "../../domain/portfolio/errors.js";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.js";
import { actorOf } from "../render.js";
import {
  CommentFormSchema,
  decodeCourse,
  DecisionFormSchema,
  LinkFormSchema,
  many,
  ShareFormSchema,
  single,
  TRACE_ID_PATTERN,
} from "../schemas/portfolio.js";
import { bytesOf } from "../uploads.js";
import type { LaunchedDeps } from "./launched.js";

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 4 does not await handlers: errors go to next(). */
function h(handler: Handler) {
  return (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };
}

/**
 * Multipart bodies skip the launch-wide CSRF check (their routes check after parsing): the portfolio's
 * urlencoded forms refuse them, so that skip can never reach a handler here.
 */
function urlencodedOnly(req: Request): void {
  if (req.is("multipart/form-data"))
    throw new ForbiddenError("CSRF_TOKEN_INVALID", "multipart on a urlencoded route");
}

function bodyOf(req: Request): Record<string, unknown> {
  return typeof req.body === "object" && req.body !== null ? (req.body as Record<string, unknown>) : {};
}

function traceIdOf(req: Request): string {
  const id = req.params.traceId ?? "";
  if (!TRACE_ID_PATTERN.test(id)) throw new NotFoundError("NOT_FOUND", `malformed trace id`);
  return id;
}

export function legacyPortfolioRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const portfolio = deps.services.portfolio;

  const base = (res: Response): string => res.locals.base ?? `/l/${actorOf(res).launchId}`;

  const redirect = (res: Response, path: string, query: Record<string, string> = {}, hash = ""): void => {
    const search = new URLSearchParams(query).toString();
    res.redirect(303, `${base(res)}${path}${search ? `?${search}` : ""}${hash}`);
  };

  router.post(
    "/traces/:traceId/share",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const body = bodyOf(req);
      const parsed = ShareFormSchema.safeParse({
        visibility: single(body, "visibility"),
        course: many(body, "course"),
      });
      if (!parsed.success) throw new ValidationError("VALIDATION_FAILED");
      const courses = parsed.data.course.flatMap((value) => {
        const course = decodeCourse(value);
        return course ? [course] : [];
      });
      const trace = await portfolio.sharing.share(actor, traceId, parsed.data.visibility, courses);
      redirect(
        res,
        `/traces/${traceId}`,
        { done: trace.visibility === "private" ? "unshared" : "shared" },
        "#share",
      );
    }),
  );

  router.post(
    "/traces/:traceId/comments",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const parsed = CommentFormSchema.safeParse({ body: single(bodyOf(req), "body") });
      if (!parsed.success) throw new ValidationError("VALIDATION_FAILED");
      try {
        await portfolio.exchanges.comment(actor, traceId, parsed.data.body);
      } catch (error) {
        if (error instanceof PortfolioError && error.code.startsWith("COMMENT_")) {
          redirect(res, `/traces/${traceId}`, { error: error.code }, "#comments");
          return;
        }
        throw error;
      }
      redirect(res, `/traces/${traceId}`, { done: "commented" }, "#comments");
    }),
  );

  router.post(
    "/traces/:traceId/decision",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const body = bodyOf(req);
      const parsed = DecisionFormSchema.safeParse({
        outcome: single(body, "outcome"),
        reason: single(body, "reason"),
      });
      if (!parsed.success) throw new ValidationError("VALIDATION_FAILED");
      await portfolio.exchanges.decide(actor, traceId, parsed.data.outcome, parsed.data.reason);
      redirect(res, `/traces/${traceId}`, { done: "decided" }, "#decisions");
    }),
  );

  router.post(
    "/traces/:traceId/links",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const body = bodyOf(req);
      const parsed = LinkFormSchema.safeParse({ url: single(body, "url"), label: single(body, "label") });
      if (!parsed.success) {
        redirect(res, `/traces/${traceId}`, { error: "TRACE_LINK_INVALID" }, "#files");
        return;
      }
      try {
        await portfolio.files.addLink(actor, traceId, { url: parsed.data.url, label: parsed.data.label });
      } catch (error) {
        if (error instanceof PortfolioError && error.code !== "TRACE_LOCKED") {
          redirect(res, `/traces/${traceId}`, { error: error.code }, "#files");
          return;
        }
        throw error;
      }
      redirect(res, `/traces/${traceId}`, { done: "linked" }, "#files");
    }),
  );

  router.post(
    "/traces/:traceId/links/:index/delete",
    h(async (req, res) => {
      urlencodedOnly(req);
      const traceId = traceIdOf(req);
      await portfolio.files.removeLink(actorOf(res), traceId, Number.parseInt(req.params.index ?? "", 10));
      redirect(res, `/traces/${traceId}`, { done: "unlinked" }, "#files");
    }),
  );

  // Files stream to storage as they arrive (size and type checked on the way, the token before);
  // a refused file sends the learner back to the trace with the reason, the trace untouched.
  deps.uploads.post(
    router,
    "/traces/:traceId/attachments",
    {
      field: "file",
      maxFileBytes: deps.config.uploadMaxBytes,
      maxFields: 5,
      maxFieldBytes: 1024,
      receive: (file, req, res) =>
        portfolio.files.receiveAttachment(actorOf(res), traceIdOf(req), {
          content: bytesOf(file.stream),
          declaredName: file.originalname,
        }),
      discard: (received, req, res) =>
        portfolio.files.discardAttachment(actorOf(res), traceIdOf(req), received),
    },
    async (req, res, files) => {
      const traceId = traceIdOf(req);
      const [file] = files;
      if (!file) {
        redirect(res, `/traces/${traceId}`, { error: "FILE_MISSING" }, "#files");
        return;
      }
      await portfolio.files.linkAttachment(actorOf(res), traceId, file);
      redirect(res, `/traces/${traceId}`, { done: "uploaded" }, "#files");
    },
    (error: unknown, req, res, next) => {
      // Refusals the learner can act on come back on the trace page; anything else is an error page.
      const traceId = req.params.traceId ?? "";
      const code = error instanceof AppError ? error.code : "";
      if (!TRACE_ID_PATTERN.test(traceId) || !isPortfolioErrorCode(code) || code === "TRACE_LOCKED")
        return next(error);
      deps.logger.info({ reqId: res.locals.requestId, code }, "portfolio: upload refused");
      redirect(res, `/traces/${traceId}`, { error: code }, "#files");
    },
  );

  router.get(
    "/traces/:traceId/attachments/:fileId",
    h(async (req, res) => {
      const file = await portfolio.files.open(actorOf(res), traceIdOf(req), req.params.fileId ?? "");
      const inline = file.mime.startsWith("image/");
      const ascii = file.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
      res.status(200);
      res.setHeader("Content-Type", file.mime);
      res.setHeader("Content-Length", String(file.size));
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader(
        "Content-Disposition",
        `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      );
      // Even if a browser rendered it, the file could run nothing and load nothing.
      res.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; img-src 'self'; style-src 'none'; sandbox",
      );
      res.setHeader("Cache-Control", "private, no-store");
      file.stream.on("error", (error: unknown) => {
        deps.logger.error(
          { reqId: res.locals.requestId, err: String(error) },
          "portfolio: file stream failed",
        );
        res.destroy();
      });
      file.stream.pipe(res);
    }),
  );

  router.post(
    "/traces/:traceId/attachments/:fileId/delete",
    h(async (req, res) => {
      urlencodedOnly(req);
      const traceId = traceIdOf(req);
      await portfolio.files.detach(actorOf(res), traceId, req.params.fileId ?? "");
      redirect(res, `/traces/${traceId}`, { done: "detached" }, "#files");
    }),
  );

  return router;
}
