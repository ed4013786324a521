// Every page after a launch lives under /l/<launchId>/: the launch says who and where, the session
// cookie proves this browser made it. Builds the Actor and the CSRF token for forms.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { CARNET_ROLES, type Actor, type CarnetRole } from "../../domain/actor.js";
import { AppError, LaunchRequiredError, ForbiddenError } from "../../errors.js";
import { pickLocale } from "../../i18n/i18n.js";
import type { Launch, SessionStore } from "../../persistence/session-store.js";
import { SESSION_COOKIE } from "../cookies.js";
import { setLocale } from "./request-context.js";
import { stopwatchOf } from "./request-log.js";

export function csrfTokenFor(secret: string, launchId: string): string {
  return createHmac("sha256", secret).update(`csrf:${launchId}`).digest("base64url");
}

export function requireLaunch(sessions: SessionStore): RequestHandler {
  return (req, res, next) => {
    const launchId = req.params.launchId;
    stopwatchOf(res)
      .time("launch", () => load(sessions, req, res, launchId))
      .then(() => next())
      .catch(next);
  };
}

async function load(
  sessions: SessionStore,
  req: Request,
  res: Response,
  launchId: string | undefined,
): Promise<void> {
  if (!launchId || !/^[\w-]{10,64}$/.test(launchId)) throw new LaunchRequiredError("LAUNCH_REQUIRED");
  const cookies = req.cookies as Record<string, string | undefined>;
  const raw = cookies[SESSION_COOKIE];
  const [launch, session] = await Promise.all([
    sessions.findLaunch(launchId),
    raw ? sessions.findSession(raw) : Promise.resolve(null),
  ]);
  if (!launch) throw new LaunchRequiredError("LAUNCH_EXPIRED");
  setLocale(res, pickLocale(launch.locale, req.get("accept-language")));
  if (!session || session._id !== launch.sessionId) throw new LaunchRequiredError("SESSION_MISSING");
  // Only a GET takes the newcomer's first page: what a form sends must see everything.
  const newcomer = req.method === "GET" && sessions.takeNewcomer(launch._id);
  res.locals.actor = actorOfLaunch(launch, newcomer);
  res.locals.launch = launch;
  res.locals.base = `/l/${launch._id}`;
  res.locals.csrfToken = csrfTokenFor(session.csrfSecret, launch._id);
}

/** Who acts in a launch, in which tenant. */
export function actorOfLaunch(launch: Launch, newcomer = false): Actor {
  return {
    ...(newcomer ? { newcomer: true as const } : {}),
    platformId: launch.platformId,
    deploymentId: launch.deploymentId,
    contextId: launch.contextId,
    resourceLinkId: launch.resourceLinkId,
    userId: launch.userId,
    roles: launch.roles.filter(isCarnetRole),
    launchId: launch._id,
  };
}

/** The token a request carries: the form's `_csrf` field, else the X-CSRF-Token header. */
export function csrfTokenSent(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  return (typeof body?._csrf === "string" ? body._csrf : undefined) ?? req.get("x-csrf-token");
}

export function csrfTokenValid(res: Response, sent: string | undefined): boolean {
  const expected = res.locals.csrfToken;
  return Boolean(expected && sent && safeEqual(expected, sent));
}

/**
 * State-changing requests must carry the form's token (the session cookie is SameSite=None). A
 * multipart body goes on unchecked only to a route that declared an upload: that route's parser
 * checks the token before it stores anything. Anywhere else multipart is refused, never skipped.
 */
export function verifyCsrf(options: { uploads?: { accepts(req: Request): boolean } } = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (req.is("multipart/form-data")) {
      if (options.uploads?.accepts(req)) return next();
      return next(new AppError("MULTIPART_NOT_ACCEPTED", 415, "errors:MULTIPART_NOT_ACCEPTED", {}, req.path));
    }
    if (!csrfTokenValid(res, csrfTokenSent(req))) return next(new ForbiddenError("CSRF_TOKEN_INVALID"));
    next();
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function isCarnetRole(role: string): role is CarnetRole {
  return (CARNET_ROLES as readonly string[]).includes(role);
}
