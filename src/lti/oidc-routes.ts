// OIDC third-party login initiation and the launch (LTI 1.3 core §5.1, OIDC implicit flow).
// The authorization request stays a GET redirect: Moodle 4.5.12+/5.x keep their session cookie
// SameSite=Lax, which a cross-site POST would lose.
import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import type { Clock } from "../clock.js";
import { AUDIT, type AuditLog } from "../domain/audit/audit-log.js";
import type { Logger } from "../logger.js";
import type { PlatformRegistry, PlatformRecord } from "../persistence/platform-registry.js";
import { randomToken, type SessionStore } from "../persistence/session-store.js";
import { SESSION_COOKIE, cookieOptions, stateCookieName } from "../web/cookies.js";
import { setLocale } from "../web/middleware/request-context.js";
import { pickLocale } from "../i18n/i18n.js";
import { landingPath } from "../domain/launch/landing.js";
import type { JwksCache } from "./jwks-cache.js";
import type { LaunchRecorder } from "./launch-recorder.js";
import { LaunchRejected, verifyIdToken } from "./launch-validation.js";

export interface OidcDeps {
  baseUrl: string;
  secureCookies: boolean;
  clock: Clock;
  logger: Logger;
  platforms: PlatformRegistry;
  sessions: SessionStore;
  recorder: LaunchRecorder;
  jwks: JwksCache;
  audit: AuditLog;
  clockSkewSeconds: number;
  tokenMaxAgeSeconds: number;
  sessionTtlMs: number;
}

const LoginParams = z.object({
  iss: z.string().min(1).max(2000),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().min(1).max(2000),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().min(1).max(500).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
});

const LaunchBody = z.object({
  id_token: z.string().optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export function oidcRoutes(deps: OidcDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "200kb", parameterLimit: 50 });

  const login = async (req: Request, res: Response): Promise<void> => {
    const source: unknown = req.method === "POST" ? req.body : req.query;
    const parsed = LoginParams.safeParse(source);
    if (!parsed.success)
      throw new LaunchRejected(
        "LOGIN_PARAMETERS_MISSING",
        parsed.error.issues.map((i) => i.path.join(".")).join(","),
      );
    const params = parsed.data;
    if (!isOwnUrl(params.target_link_uri, deps.baseUrl)) throw new LaunchRejected("TARGET_LINK_URI_FOREIGN");
    const platform = await deps.platforms.findForLogin(params.iss, params.client_id);
    if (!platform) throw new LaunchRejected("PLATFORM_UNKNOWN", `issuer ${params.iss}`);
    if (!platform.active) throw new LaunchRejected("PLATFORM_INACTIVE", `platform ${platform._id}`);

    const state = randomToken(32);
    const nonce = randomToken(32);
    await deps.sessions.saveLoginState({
      _id: state,
      nonce,
      platformId: platform._id,
      issuer: platform.issuer,
      clientId: platform.clientId,
      loginHint: params.login_hint,
      messageHint: params.lti_message_hint,
      deploymentHint: params.lti_deployment_id,
      targetLinkUri: params.target_link_uri,
    });
    res.cookie(stateCookieName(state), state, cookieOptions(deps.secureCookies, 10 * 60_000));
    const auth = new URL(platform.authUrl);
    const query: Record<string, string> = {
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: platform.clientId,
      redirect_uri: `${deps.baseUrl}/lti/launch`,
      login_hint: params.login_hint,
      state,
      nonce,
    };
    if (params.lti_message_hint !== undefined) query.lti_message_hint = params.lti_message_hint;
    for (const [key, value] of Object.entries(query)) auth.searchParams.set(key, value);
    res.redirect(302, auth.toString());
  };

  const launch = async (req: Request, res: Response): Promise<void> => {
    const body = LaunchBody.safeParse(req.body ?? {});
    if (!body.success) throw new LaunchRejected("TOKEN_MALFORMED", "launch body");
    const { id_token: idToken, state, error } = body.data;
    if (error) throw new LaunchRejected("TOKEN_MISSING", `platform answered error=${error}`);
    if (!state) throw new LaunchRejected("STATE_MISSING");
    const stored = await deps.sessions.findLoginState(state);
    if (!stored) throw new LaunchRejected("STATE_UNKNOWN");
    if (stored.expiresAt.getTime() <= deps.clock.now().getTime()) throw new LaunchRejected("STATE_EXPIRED");

    const cookies = req.cookies as Record<string, string | undefined>;
    const stateCookie = cookies[stateCookieName(state)];
    if (!stateCookie) {
      // The state exists but the browser did not send its cookie back: third-party cookies are
      // blocked in the LMS iframe. Offer the same launch in a new window, where they are first-party.
      deps.logger.warn(launchLog(res, "STATE_COOKIE_MISSING", stored.issuer), "launch rejected");
      renderCookiesBlocked(res, relaunchUrl(deps.baseUrl, stored));
      return;
    }
    if (stateCookie !== state) throw new LaunchRejected("STATE_COOKIE_MISMATCH");
    const consumed = await deps.sessions.consumeLoginState(state);
    if (!consumed) throw new LaunchRejected("STATE_UNKNOWN", "consumed concurrently");
    res.clearCookie(stateCookieName(state), cookieOptions(deps.secureCookies));

    const platform = await deps.platforms.findById(consumed.platformId);
    if (!platform) throw new LaunchRejected("PLATFORM_UNKNOWN");
    if (!platform.active) throw new LaunchRejected("PLATFORM_INACTIVE");
    const claims = await verifyIdToken(
      idToken,
      {
        issuer: platform.issuer,
        clientId: platform.clientId,
        jwksUrl: platform.jwksUrl,
        deploymentIds: platform.deploymentIds,
        nonce: consumed.nonce,
      },
      {
        clock: deps.clock,
        jwks: deps.jwks,
        clockSkewSeconds: deps.clockSkewSeconds,
        maxAgeSeconds: deps.tokenMaxAgeSeconds,
      },
    );

    const { user, facts, ignoredServiceUrls } = await deps.recorder.record(platform, claims);
    if (ignoredServiceUrls.length > 0) {
      deps.logger.warn(
        { reqId: res.locals.requestId, platformId: platform._id, ignored: ignoredServiceUrls.map(safeUrl) },
        "service URLs outside the platform's origins ignored",
      );
    }
    const opened = await deps.sessions.openSession(platform._id, user._id, cookies[SESSION_COOKIE]);
    const saved = await deps.sessions.saveLaunch({ ...facts, sessionId: opened.session._id });
    res.cookie(SESSION_COOKIE, opened.raw, cookieOptions(deps.secureCookies, deps.sessionTtlMs));
    deps.logger.info(
      {
        reqId: res.locals.requestId,
        platformId: platform._id,
        messageType: facts.messageType,
        roles: facts.roles,
      },
      "launch accepted",
    );
    if (facts.roles.includes("admin")) await recordAdminLaunch(deps.audit, deps.clock, facts);
    const landing = landingPath({
      messageType: facts.messageType,
      roles: facts.roles,
      inCourse: facts.contextId !== null,
      view: facts.custom.view,
    });
    res.redirect(303, `/l/${saved._id}/${landing}`);
  };

  router.all("/lti/login", form, (req, res, next) => {
    if (req.method !== "GET" && req.method !== "POST") {
      res.setHeader("allow", "GET, POST");
      res.sendStatus(405);
      return;
    }
    login(req, res).catch((error: unknown) => next(logRejection(deps.logger, res, error, req)));
  });

  router.post("/lti/launch", form, (req, res, next) => {
    launch(req, res).catch((error: unknown) => next(logRejection(deps.logger, res, error, req)));
  });

  return router;
}

function recordAdminLaunch(
  audit: AuditLog,
  clock: Clock,
  facts: {
    platformId: string;
    deploymentId: string;
    contextId: string | null;
    userId: string;
    ltiRoles: string[];
  },
): Promise<void> {
  return audit.record({
    action: AUDIT.roleElevated,
    outcome: "done",
    actor: { kind: "user", platformId: facts.platformId, userId: facts.userId },
    tenant: {
      platformId: facts.platformId,
      deploymentId: facts.deploymentId,
      ...(facts.contextId ? { contextId: facts.contextId } : {}),
    },
    details: { roles: facts.ltiRoles.filter((role) => role.includes("Administrator")).join(" ") },
    at: clock.now(),
  });
}

/** Service URLs may carry tokens in their query: the log keeps origin and path. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`.slice(0, 300);
  } catch {
    return "(malformed)";
  }
}

function isOwnUrl(candidate: string, baseUrl: string): boolean {
  try {
    const url = new URL(candidate);
    const base = new URL(baseUrl);
    return url.origin === base.origin && url.pathname.startsWith(base.pathname.replace(/\/$/, "") + "/");
  } catch {
    return false;
  }
}

function relaunchUrl(
  baseUrl: string,
  stored: {
    issuer: string;
    loginHint: string;
    targetLinkUri: string;
    messageHint?: string;
    clientId: string;
    deploymentHint?: string;
  },
): string {
  const url = new URL(`${baseUrl}/lti/login`);
  url.searchParams.set("iss", stored.issuer);
  url.searchParams.set("login_hint", stored.loginHint);
  url.searchParams.set("target_link_uri", stored.targetLinkUri);
  url.searchParams.set("client_id", stored.clientId);
  if (stored.messageHint) url.searchParams.set("lti_message_hint", stored.messageHint);
  if (stored.deploymentHint) url.searchParams.set("lti_deployment_id", stored.deploymentHint);
  return url.toString();
}

function renderCookiesBlocked(res: Response, href: string): void {
  res.status(401).render("lti/cookies-blocked", { layout: "bare", relaunchHref: href });
}

function launchLog(res: Response, reason: string, issuer?: string, detail?: string): Record<string, unknown> {
  return { reqId: res.locals.requestId, reason, issuer, detail };
}

function logRejection(logger: Logger, res: Response, error: unknown, req: Request): unknown {
  if (error instanceof LaunchRejected) {
    // Error pages follow the browser's language: no launch locale exists yet.
    setLocale(res, pickLocale(undefined, req.get("accept-language")));
    logger.warn(launchLog(res, error.reason, undefined, error.detail), "launch rejected");
  }
  return error;
}

export type { PlatformRecord };
