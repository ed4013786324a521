// OAuth2 client-credentials tokens for LTI Advantage services (1EdTech Security Framework §4.1),
// cached per platform and scope set until shortly before they expire.
import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Clock } from "../clock.js";
import type { PlatformRecord } from "../persistence/platform-registry.js";
import { callPlatform, PlatformCallError, type FetchLike } from "./platform-http.js";
import type { ToolKeys } from "./tool-keys.js";

interface CachedToken {
  token: string;
  expiresAt: number;
}

export class PlatformTokens {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly keys: ToolKeys,
    private readonly clock: Clock,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  async token(platform: PlatformRecord, scopes: readonly string[]): Promise<string> {
    const scope = [...new Set(scopes)].sort().join(" ");
    const cacheKey = `${platform._id} ${scope}`;
    const now = this.clock.now().getTime();
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > now) return cached.token;
    const pending = this.inFlight.get(cacheKey);
    if (pending) return pending;
    const request = this.request(platform, scope, cacheKey).finally(() => this.inFlight.delete(cacheKey));
    this.inFlight.set(cacheKey, request);
    return request;
  }

  /** After a 401 from a service: the token was revoked or the LMS restarted. */
  invalidate(platform: PlatformRecord): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${platform._id} `)) this.cache.delete(key);
  }

  private async request(platform: PlatformRecord, scope: string, cacheKey: string): Promise<string> {
    const now = this.clock.now().getTime();
    const signing = await this.keys.signingKey(platform.issuer, platform.clientId);
    const assertion = jwt.sign(
      // iat from the injected clock (jsonwebtoken would use the wall clock): exp and nbf follow it.
      {
        iss: platform.clientId,
        sub: platform.clientId,
        aud: platform.authServer ?? platform.tokenUrl,
        jti: randomUUID(),
        iat: Math.floor(now / 1000),
      },
      signing.privateKeyPem,
      {
        algorithm: "RS256",
        keyid: signing.kid,
        expiresIn: 300,
        notBefore: -5,
        header: { alg: "RS256", typ: "JWT", kid: signing.kid },
      },
    );
    const response = await callPlatform(
      this.fetchImpl,
      platform.tokenUrl,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          client_assertion: assertion,
          scope,
        }).toString(),
      },
      now,
    );
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
    };
    if (typeof body.access_token !== "string")
      throw new PlatformCallError(502, undefined, "token endpoint answered without access_token");
    const lifetimeMs = (typeof body.expires_in === "number" ? body.expires_in : 3600) * 1000;
    // Renew a minute early (or at half-life for short tokens) so no call carries a token about to expire.
    const margin = Math.min(60_000, lifetimeMs / 2);
    this.cache.set(cacheKey, { token: body.access_token, expiresAt: now + lifetimeMs - margin });
    return body.access_token;
  }
}
