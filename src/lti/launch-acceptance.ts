// The launch (LTI 1.3 core §5.1.2, OIDC implicit flow): state and its cookie, the id_token verified
// against the platform's keys, the launch recorded, a session opened. Rejections are LaunchRejected.
import { z } from "zod";
import type { Clock } from "../clock.js";
import { AUDIT, type AuditLog } from "../domain/audit/audit-log.js";
import { landingPath } from "../domain/launch/landing.js";
import type { Logger } from "../logger.js";
import type { PlatformRegistry } from "../persistence/platform-registry.js";
import type { LoginState, SessionStore } from "../persistence/session-store.js";
import type { JwksCache } from "./jwks-cache.js";
import type { LaunchFacts, LaunchRecorder } from "./launch-recorder.js";
import { LaunchRejected, verifyIdToken } from "./launch-validation.js";

export interface LaunchDeps {
  baseUrl: string;
  clock: Clock;
  logger: Logger;
  platforms: PlatformRegistry;
  sessions: SessionStore;
  recorder: LaunchRecorder;
  jwks: JwksCache;
  audit: AuditLog;
  clockSkewSeconds: number;
  tokenMaxAgeSeconds: number;
}

export interface LaunchRequest {
  body: unknown;
  /** The state cookie for this launch's state, if the browser sent it. */
  stateCookie(state: string): string | undefined;
  /** The browser's current Carnet session cookie (a relaunch keeps its session). */
  sessionCookie: string | undefined;
  requestId: unknown;
}

export type LaunchOutcome =
  | { kind: "accepted"; state: string; sessionCookie: string; landingPath: string }
  /** Third-party cookies blocked in the LMS iframe: the same launch in a new window works. */
  | { kind: "cookies-blocked"; issuer: string; relaunchHref: string };

const LaunchBody = z.object({
  id_token: z.string().optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export async function acceptLaunch(deps: LaunchDeps, request: LaunchRequest): Promise<LaunchOutcome> {
  const body = LaunchBody.safeParse(request.body ?? {});
  if (!body.success) throw new LaunchRejected("TOKEN_MALFORMED", "launch body");
  const { id_token: idToken, state, error } = body.data;
  if (error) throw new LaunchRejected("TOKEN_MISSING", `platform answered error=${error}`);
  if (!state) throw new LaunchRejected("STATE_MISSING");
  const stored = await deps.sessions.findLoginState(state);
  if (!stored) throw new LaunchRejected("STATE_UNKNOWN");
  if (stored.expiresAt.getTime() <= deps.clock.now().getTime()) throw new LaunchRejected("STATE_EXPIRED");
  const stateCookie = request.stateCookie(state);
  if (!stateCookie) {
    return {
      kind: "cookies-blocked",
      issuer: stored.issuer,
      relaunchHref: relaunchUrl(deps.baseUrl, stored),
    };
  }
  if (stateCookie !== state) throw new LaunchRejected("STATE_COOKIE_MISMATCH");
  const consumed = await deps.sessions.consumeLoginState(state);
  if (!consumed) throw new LaunchRejected("STATE_UNKNOWN", "consumed concurrently");

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
      { reqId: request.requestId, platformId: platform._id, ignored: ignoredServiceUrls.map(safeUrl) },
      "service URLs outside the platform's origins ignored",
    );
  }
  const opened = await deps.sessions.openSession(platform._id, user._id, request.sessionCookie);
  const saved = await deps.sessions.saveLaunch({ ...facts, sessionId: opened.session._id });
  deps.logger.info(
    {
      reqId: request.requestId,
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
  return { kind: "accepted", state, sessionCookie: opened.raw, landingPath: `/l/${saved._id}/${landing}` };
}

function recordAdminLaunch(audit: AuditLog, clock: Clock, facts: LaunchFacts): Promise<void> {
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

function relaunchUrl(baseUrl: string, stored: LoginState): string {
  const url = new URL(`${baseUrl}/lti/login`);
  url.searchParams.set("iss", stored.issuer);
  url.searchParams.set("login_hint", stored.loginHint);
  url.searchParams.set("target_link_uri", stored.targetLinkUri);
  url.searchParams.set("client_id", stored.clientId);
  if (stored.messageHint) url.searchParams.set("lti_message_hint", stored.messageHint);
  if (stored.deploymentHint) url.searchParams.set("lti_deployment_id", stored.deploymentHint);
  return url.toString();
}
