// The launch (LTI 1.3 core §5.1.2, OIDC implicit flow): state and its cookie, the id_token verified
// against the platform's keys, the launch recorded, a session opened. Rejections are LaunchRejected.
import { z } from "zod";
import type { Clock } from "../clock.js";
import { AUDIT, type AuditLog } from "../domain/audit/audit-log.js";
import { landingPath } from "../domain/launch/landing.js";
import type { Logger } from "../logger.js";
import { untimed, type Stopwatch } from "../observability/stage-timings.js";
import type { PlatformRecord, PlatformRegistry } from "../persistence/platform-registry.js";
import type { LoginState, OpenedLaunch, SessionStore } from "../persistence/session-store.js";
import type { LaunchClaims } from "./claims.js";
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
  /** Times the launch's stages (Server-Timing); nothing is timed without one. */
  stopwatch?: Stopwatch;
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
  const timed = request.stopwatch ?? untimed;
  const body = LaunchBody.safeParse(request.body ?? {});
  if (!body.success) throw new LaunchRejected("TOKEN_MALFORMED", "launch body");
  const { id_token: idToken, state, error } = body.data;
  if (error) throw new LaunchRejected("TOKEN_MISSING", `platform answered error=${error}`);
  if (!state) throw new LaunchRejected("STATE_MISSING");
  const stateCookie = request.stateCookie(state);
  if (!stateCookie) return cookiesBlocked(deps, state);
  if (stateCookie !== state) throw new LaunchRejected("STATE_COOKIE_MISMATCH");
  // Read and consumed in one round trip: the cookie already proved this browser started the login.
  const consumed = await timed.time("state", () => deps.sessions.consumeLoginState(state));
  if (!consumed) throw new LaunchRejected("STATE_UNKNOWN");
  if (expired(deps, consumed)) throw new LaunchRejected("STATE_EXPIRED");

  const platform = await timed.time("platform", () => deps.platforms.findById(consumed.platformId));
  if (!platform) throw new LaunchRejected("PLATFORM_UNKNOWN");
  if (!platform.active) throw new LaunchRejected("PLATFORM_INACTIVE");
  const claims = await timed.time("verify", () =>
    verifyIdToken(
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
    ),
  );

  const { facts, opened } = await recordLaunch(deps, platform, claims, request, timed);
  deps.logger.info(
    {
      reqId: request.requestId,
      platformId: platform._id,
      messageType: facts.messageType,
      roles: facts.roles,
    },
    "launch accepted",
  );
  if (facts.roles.includes("admin"))
    await timed.time("audit", () => recordAdminLaunch(deps.audit, deps.clock, facts));
  const landing = landingPath({
    messageType: facts.messageType,
    roles: facts.roles,
    inCourse: facts.contextId !== null,
    view: facts.custom.view,
  });
  return {
    kind: "accepted",
    state,
    sessionCookie: opened.raw,
    landingPath: `/l/${opened.launch._id}/${landing}`,
  };
}

/**
 * The person, the course's records and the session, written at once under the id the person most
 * likely has (expectedPersonId): one database round trip. When the person's upsert says they have
 * another id (stored before ids were derived, or forgotten by this process), the membership and the
 * launch are written again under theirs and the guessed ones removed: rare, and never left behind.
 */
async function recordLaunch(
  deps: LaunchDeps,
  platform: PlatformRecord,
  claims: LaunchClaims,
  request: LaunchRequest,
  timed: Stopwatch,
): Promise<{ facts: LaunchFacts; opened: OpenedLaunch }> {
  const guessedId = deps.recorder.expectedPersonId(platform, claims);
  const guessed = deps.recorder.facts(platform, claims, guessedId);
  if (guessed.ignoredServiceUrls.length > 0) {
    deps.logger.warn(
      {
        reqId: request.requestId,
        platformId: platform._id,
        ignored: guessed.ignoredServiceUrls.map(safeUrl),
      },
      "service URLs outside the platform's origins ignored",
    );
  }
  const [user, , firstOpened] = await Promise.all([
    timed.time("person", () => deps.recorder.person(platform, claims)),
    timed.time("enrol", () => deps.recorder.enrol(platform, claims, guessedId)),
    timed.time("session", () => deps.sessions.openLaunch(guessed.facts, request.sessionCookie)),
  ]);
  let facts = guessed.facts;
  let opened = firstOpened;
  if (user._id !== guessedId) {
    facts = deps.recorder.facts(platform, claims, user._id).facts;
    const [, reopened] = await timed.time("corrected", () =>
      Promise.all([
        deps.recorder.enrol(platform, claims, user._id),
        deps.sessions.openLaunch(facts, request.sessionCookie),
        deps.recorder.unenrol(platform, claims, guessedId),
        deps.sessions.discardLaunch(firstOpened),
      ]),
    );
    opened = reopened;
  }
  // The mentees' relations name the mentor: written once the id is certain (Mentor launches only).
  await deps.recorder.mentees(platform, claims, user._id);
  if (user.firstSeen) deps.sessions.markNewcomer(opened.launch._id);
  return { facts, opened };
}

/** No state cookie came back (third-party cookies blocked in the iframe): offer the launch in a new window. */
async function cookiesBlocked(deps: LaunchDeps, state: string): Promise<LaunchOutcome> {
  const stored = await deps.sessions.findLoginState(state);
  if (!stored) throw new LaunchRejected("STATE_UNKNOWN");
  if (expired(deps, stored)) throw new LaunchRejected("STATE_EXPIRED");
  return { kind: "cookies-blocked", issuer: stored.issuer, relaunchHref: relaunchUrl(deps.baseUrl, stored) };
}

function expired(deps: { clock: Clock }, state: LoginState): boolean {
  return state.expiresAt.getTime() <= deps.clock.now().getTime();
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
