// Verifies an LTI 1.3 id_token the way the spec and 1EdTech's certification require — including the
// checks ltijs 5.9 skips (token issued in the future, missing or foreign nonce).
import type { KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Clock } from "../clock.js";
import { AppError } from "../errors.js";
import { CLAIM, LaunchClaimsSchema, MESSAGE_TYPES, type LaunchClaims } from "./claims.js";
import { UnknownKeyError, type JwksCache } from "./jwks-cache.js";

/** Stable reason codes, logged for every refused launch and shown (translated) on the error page. */
export type LaunchRejectionCode =
  | "LOGIN_PARAMETERS_MISSING"
  | "TARGET_LINK_URI_FOREIGN"
  | "PLATFORM_UNKNOWN"
  | "PLATFORM_INACTIVE"
  | "STATE_MISSING"
  | "STATE_UNKNOWN"
  | "STATE_EXPIRED"
  | "STATE_COOKIE_MISSING"
  | "STATE_COOKIE_MISMATCH"
  | "TOKEN_MISSING"
  | "TOKEN_TOO_LARGE"
  | "TOKEN_MALFORMED"
  | "ALG_NOT_ALLOWED"
  | "KID_MISSING"
  | "KID_UNKNOWN"
  | "PLATFORM_KEYS_UNAVAILABLE"
  | "SIGNATURE_INVALID"
  | "ISSUER_MISMATCH"
  | "AUDIENCE_MISMATCH"
  | "AZP_MISMATCH"
  | "TOKEN_EXPIRED"
  | "TOKEN_NOT_YET_VALID"
  | "TOKEN_ISSUED_IN_FUTURE"
  | "TOKEN_TOO_OLD"
  | "NONCE_MISSING"
  | "NONCE_MISMATCH"
  | "SUB_MISSING"
  | "MESSAGE_TYPE_MISSING"
  | "MESSAGE_TYPE_UNSUPPORTED"
  | "VERSION_MISSING"
  | "VERSION_UNSUPPORTED"
  | "DEPLOYMENT_ID_MISSING"
  | "DEPLOYMENT_UNKNOWN"
  | "ROLES_MISSING"
  | "RESOURCE_LINK_MISSING"
  | "DEEP_LINKING_SETTINGS_MISSING"
  | "CLAIMS_INVALID";

const STATUS_BY_CODE: Partial<Record<LaunchRejectionCode, number>> = {
  LOGIN_PARAMETERS_MISSING: 400,
  TARGET_LINK_URI_FOREIGN: 400,
  PLATFORM_UNKNOWN: 400,
  PLATFORM_INACTIVE: 403,
  TOKEN_MISSING: 400,
  TOKEN_TOO_LARGE: 413,
  TOKEN_MALFORMED: 400,
  PLATFORM_KEYS_UNAVAILABLE: 502,
};

export class LaunchRejected extends AppError {
  constructor(
    readonly reason: LaunchRejectionCode,
    detail?: string,
  ) {
    super(reason, STATUS_BY_CODE[reason] ?? 401, `lti:rejected.${reason}`, {}, detail);
    this.name = "LaunchRejected";
  }
}

/** Real id_tokens are a few kB; D2L key sets aside, nothing legitimate comes near this. */
export const MAX_ID_TOKEN_BYTES = 64 * 1024;

export interface TokenExpectations {
  issuer: string;
  clientId: string;
  jwksUrl: string;
  deploymentIds: readonly string[];
  nonce: string;
}

export interface VerificationPolicy {
  clock: Clock;
  jwks: JwksCache;
  clockSkewSeconds: number;
  maxAgeSeconds: number;
}

interface DecodedToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export async function verifyIdToken(
  raw: unknown,
  expected: TokenExpectations,
  policy: VerificationPolicy,
): Promise<LaunchClaims> {
  if (typeof raw !== "string" || raw.length === 0) throw new LaunchRejected("TOKEN_MISSING");
  if (Buffer.byteLength(raw) > MAX_ID_TOKEN_BYTES) throw new LaunchRejected("TOKEN_TOO_LARGE");
  const { header, payload } = decode(raw);

  if (header.alg !== "RS256") throw new LaunchRejected("ALG_NOT_ALLOWED", `alg ${String(header.alg)}`);
  if (typeof header.kid !== "string" || header.kid === "") throw new LaunchRejected("KID_MISSING");
  if (payload.iss !== expected.issuer) throw new LaunchRejected("ISSUER_MISMATCH");
  checkAudience(payload, expected.clientId);

  const key = await platformKey(policy.jwks, expected.jwksUrl, header.kid);
  try {
    jwt.verify(raw, key, { algorithms: ["RS256"], ignoreExpiration: true, ignoreNotBefore: true });
  } catch (error) {
    throw new LaunchRejected("SIGNATURE_INVALID", error instanceof Error ? error.message : undefined);
  }

  checkTimes(payload, policy);
  if (typeof payload.nonce !== "string" || payload.nonce === "") throw new LaunchRejected("NONCE_MISSING");
  if (payload.nonce !== expected.nonce) throw new LaunchRejected("NONCE_MISMATCH");
  return checkClaims(payload, expected.deploymentIds);
}

function decode(raw: string): DecodedToken {
  const parts = raw.split(".");
  if (parts.length !== 3) throw new LaunchRejected("TOKEN_MALFORMED", "not three segments");
  const [headerPart = "", payloadPart = ""] = parts;
  const header = parseSegment(headerPart);
  const payload = parseSegment(payloadPart);
  if (!header || !payload) throw new LaunchRejected("TOKEN_MALFORMED", "segments are not JSON objects");
  return { header, payload };
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** OIDC Core 3.1.3.7: aud must contain our client id; with several audiences, azp must be ours. */
function checkAudience(payload: Record<string, unknown>, clientId: string): void {
  const aud = payload.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(clientId)) throw new LaunchRejected("AUDIENCE_MISMATCH");
  const azp = payload.azp;
  if (azp !== undefined && azp !== clientId) throw new LaunchRejected("AZP_MISMATCH");
  if (audiences.length > 1 && azp === undefined)
    throw new LaunchRejected("AZP_MISMATCH", "several audiences, no azp");
}

async function platformKey(jwks: JwksCache, jwksUrl: string, kid: string): Promise<KeyObject> {
  try {
    return await jwks.key(jwksUrl, kid);
  } catch (error) {
    if (error instanceof UnknownKeyError) throw new LaunchRejected("KID_UNKNOWN", `kid ${kid}`);
    throw new LaunchRejected("PLATFORM_KEYS_UNAVAILABLE", error instanceof Error ? error.message : undefined);
  }
}

function checkTimes(payload: Record<string, unknown>, policy: VerificationPolicy): void {
  const now = policy.clock.now().getTime() / 1000;
  const skew = policy.clockSkewSeconds;
  const { exp, iat, nbf } = payload;
  if (typeof exp !== "number" || typeof iat !== "number")
    throw new LaunchRejected("CLAIMS_INVALID", "exp/iat");
  if (now > exp + skew) throw new LaunchRejected("TOKEN_EXPIRED");
  if (typeof nbf === "number" && nbf > now + skew) throw new LaunchRejected("TOKEN_NOT_YET_VALID");
  if (iat > now + skew) throw new LaunchRejected("TOKEN_ISSUED_IN_FUTURE");
  if (now - iat > policy.maxAgeSeconds + skew) throw new LaunchRejected("TOKEN_TOO_OLD");
}

function checkClaims(payload: Record<string, unknown>, deploymentIds: readonly string[]): LaunchClaims {
  if (typeof payload.sub !== "string" || payload.sub.trim() === "") throw new LaunchRejected("SUB_MISSING");
  const messageType = payload[CLAIM.messageType];
  if (messageType === undefined || messageType === "") throw new LaunchRejected("MESSAGE_TYPE_MISSING");
  if (!MESSAGE_TYPES.includes(messageType as (typeof MESSAGE_TYPES)[number])) {
    throw new LaunchRejected("MESSAGE_TYPE_UNSUPPORTED", `message type ${String(messageType)}`);
  }
  const version = payload[CLAIM.version];
  if (version === undefined || version === "") throw new LaunchRejected("VERSION_MISSING");
  if (version !== "1.3.0") throw new LaunchRejected("VERSION_UNSUPPORTED", `version ${String(version)}`);
  const deploymentId = payload[CLAIM.deploymentId];
  if (typeof deploymentId !== "string" || deploymentId === "")
    throw new LaunchRejected("DEPLOYMENT_ID_MISSING");
  if (!deploymentIds.includes(deploymentId))
    throw new LaunchRejected("DEPLOYMENT_UNKNOWN", `deployment ${deploymentId}`);
  if (!Array.isArray(payload[CLAIM.roles])) throw new LaunchRejected("ROLES_MISSING");
  if (messageType === "LtiResourceLinkRequest") {
    const link = payload[CLAIM.resourceLink];
    if (typeof link !== "object" || link === null || !("id" in link) || (link as { id: unknown }).id === "") {
      throw new LaunchRejected("RESOURCE_LINK_MISSING");
    }
  }
  if (messageType === "LtiDeepLinkingRequest" && payload[CLAIM.deepLinkingSettings] === undefined) {
    throw new LaunchRejected("DEEP_LINKING_SETTINGS_MISSING");
  }
  const parsed = LaunchClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new LaunchRejected(
      "CLAIMS_INVALID",
      first ? `${first.path.join(".")}: ${first.message}` : undefined,
    );
  }
  return parsed.data;
}
