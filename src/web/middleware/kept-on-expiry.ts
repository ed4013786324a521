// A trace form posted after the session ran out is not lost: its text is read and shown on the 401 page
// to copy. When the browser still presents the lapsed session of that very launch, with the form's own
// token, the text is also kept as the person's draft, restored when they open that editor again.
import { timingSafeEqual } from "node:crypto";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import type { Actor } from "../../domain/actor.js";
import type { DraftTarget, TraceDrafts } from "../../domain/portfolio/drafts.js";
import { LaunchRequiredError } from "../../errors.js";
import { pickLocale } from "../../i18n/i18n.js";
import type { Logger } from "../../logger.js";
import type { SessionStore } from "../../persistence/session-store.js";
import { SESSION_COOKIE } from "../cookies.js";
import { keptTextOf, sectionKeysOf } from "../kept-text.js";
import { CreateTraceInput, firstOf, TRACE_ID_PATTERN } from "../schemas/portfolio.js";
import { expectedRevision, traceInputOf } from "../schemas/trace-form.js";
import { formBody } from "./form-body.js";
import { actorOfLaunch, csrfTokenFor, csrfTokenSent, requireLaunch } from "./launch-session.js";
import { setLocale } from "./request-context.js";

/** How long after a session lapsed its browser may still leave a draft with it. */
export const LAPSED_DRAFT_GRACE_MS = 12 * 60 * 60 * 1000;

interface KeptOnExpiryDeps {
  sessions: Pick<SessionStore, "lapsed">;
  drafts: Pick<TraceDrafts, "save">;
  logger: Logger;
}

type Fields = Record<string, string | string[] | undefined>;

/** The trace editor a form path belongs to: /traces, /traces/<id>, and their /draft. */
function editorOf(path: string, fields: Fields): DraftTarget | null {
  const saved = /^\/traces\/([^/]+)(?:\/draft)?\/?$/.exec(path);
  if (saved?.[1] && TRACE_ID_PATTERN.test(saved[1])) return { traceId: saved[1] };
  const fresh = /^\/traces\/new\/([^/]+)\/draft\/?$/.exec(path);
  if (fresh?.[1]) return { typeKey: fresh[1] };
  return /^\/traces\/?$/.test(path) ? { typeKey: firstOf(fields.typeKey) } : null;
}

interface KeptOnExpiryServices {
  sessions: SessionStore;
  portfolio: { drafts: KeptOnExpiryDeps["drafts"] };
}

/** The launch check, then, only when it fails, the rescue of a trace form's text. */
export function requireLaunchKeepingText(
  services: KeptOnExpiryServices,
  logger: Logger,
): [RequestHandler, ErrorRequestHandler] {
  return [requireLaunch(services.sessions), keptOnExpiry(services, logger)];
}

export function keptOnExpiry(services: KeptOnExpiryServices, logger: Logger): ErrorRequestHandler {
  const deps: KeptOnExpiryDeps = { sessions: services.sessions, drafts: services.portfolio.drafts, logger };
  const parse = formBody();
  return (error: unknown, req, res, next) => {
    const isTraceForm =
      error instanceof LaunchRequiredError &&
      req.method === "POST" &&
      req.is("application/x-www-form-urlencoded") &&
      /^\/traces(\/|$)/.test(req.path);
    if (!isTraceForm) return next(error);
    parse(req, res, (parseError?: unknown) => {
      if (parseError) return next(error);
      keep(deps, req, res)
        .catch((failure: unknown) => {
          deps.logger.warn({ err: String(failure) }, "kept text: draft not kept");
        })
        .finally(() => next(error));
    });
  };
}

async function keep(deps: KeptOnExpiryDeps, req: Request, res: Response): Promise<void> {
  const parsed = CreateTraceInput.safeParse({ body: req.body as unknown });
  if (!parsed.success) return;
  const fields: Fields = parsed.data.body;
  const target = editorOf(req.path, fields);
  if (!target) return;
  const actor = await lapsedActor(deps, req).catch((failure: unknown) => {
    deps.logger.warn({ err: String(failure) }, "kept text: lapsed launch not read");
    return null;
  });
  if (actor) setLocale(res, pickLocale(actor.locale, req.get("accept-language")));
  const input = traceInputOf(fields, sectionKeysOf(fields));
  const typeKey = "typeKey" in target ? target.typeKey : firstOf(fields.typeKey);
  const text = keptTextOf(input, typeKey, res.locals.locale);
  if (text === "") return;
  res.locals.keptText = { text, asDraft: false };
  if (!actor) return;
  const revision = "traceId" in target ? expectedRevision(fields) : null;
  await deps.drafts.save(actor.actor, target, input, revision);
  res.locals.keptText = { text, asDraft: true };
}

/** The person of the lapsed launch, only when this browser made it and the form is that launch's. */
async function lapsedActor(
  deps: KeptOnExpiryDeps,
  req: Request,
): Promise<{ actor: Actor; locale: string | undefined } | null> {
  const launchId = req.params.launchId;
  const cookies = req.cookies as Record<string, string | undefined>;
  const raw = cookies[SESSION_COOKIE];
  if (!launchId || !raw) return null;
  const lapsed = await deps.sessions.lapsed(launchId, raw, LAPSED_DRAFT_GRACE_MS);
  if (!lapsed) return null;
  const { launch, session } = lapsed;
  if (!sameToken(csrfTokenSent(req), csrfTokenFor(session.csrfSecret, launch._id))) return null;
  return { actor: actorOfLaunch(launch), locale: launch.locale };
}

function sameToken(sent: string | undefined, expected: string): boolean {
  if (!sent) return false;
  const [left, right] = [Buffer.from(sent), Buffer.from(expected)];
  return left.length === right.length && timingSafeEqual(left, right);
}
