// Caches each platform's JWKS and refreshes it on an unknown kid: one fetch in flight per URL, and at
// most one refresh per interval, so a flood of forged kids cannot turn Carnet against the LMS.
import { createPublicKey, type KeyObject, type JsonWebKey } from "node:crypto";
import type { Clock } from "../clock.js";

export interface JwksCacheOptions {
  clock: Clock;
  fetchJson?: (url: string) => Promise<unknown>;
  /** Minimum time between two refreshes of one URL caused by unknown kids. */
  minRefreshIntervalMs?: number;
  /** Keys are re-fetched in the background of a launch after this age, even when the kid is known. */
  maxAgeMs?: number;
}

interface Entry {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
  inFlight?: Promise<void>;
}

export class UnknownKeyError extends Error {
  constructor(readonly kid: string) {
    super(`no key with kid ${kid}`);
  }
}

export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly fetchJson: (url: string) => Promise<unknown>;
  private readonly minRefreshIntervalMs: number;
  private readonly maxAgeMs: number;

  constructor(private readonly options: JwksCacheOptions) {
    this.fetchJson = options.fetchJson ?? defaultFetchJson;
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 3600_000;
  }

  /** The public key for kid, fetching or refreshing the key set when needed. */
  async key(jwksUrl: string, kid: string): Promise<KeyObject> {
    const now = this.options.clock.now().getTime();
    let entry = this.entries.get(jwksUrl);
    if (!entry) {
      entry = { keys: new Map(), fetchedAt: Number.NEGATIVE_INFINITY };
      this.entries.set(jwksUrl, entry);
    }
    const cached = entry.keys.get(kid);
    const stale = now - entry.fetchedAt > this.maxAgeMs;
    if (cached && !stale) return cached;
    if (cached || now - entry.fetchedAt >= this.minRefreshIntervalMs) {
      try {
        await this.refresh(jwksUrl, entry);
      } catch (error) {
        // A stale key still verifies; an LMS key endpoint that is down must not stop launches.
        if (!cached) throw error;
      }
    }
    const key = entry.keys.get(kid) ?? cached;
    if (!key) throw new UnknownKeyError(kid);
    return key;
  }

  invalidate(jwksUrl: string): void {
    this.entries.delete(jwksUrl);
  }

  private refresh(jwksUrl: string, entry: Entry): Promise<void> {
    if (entry.inFlight) return entry.inFlight;
    entry.inFlight = (async () => {
      try {
        const body = await this.fetchJson(jwksUrl);
        entry.keys = parseKeySet(body);
        entry.fetchedAt = this.options.clock.now().getTime();
      } finally {
        entry.inFlight = undefined;
      }
    })();
    return entry.inFlight;
  }
}

function parseKeySet(body: unknown): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  if (typeof body !== "object" || body === null || !("keys" in body) || !Array.isArray(body.keys)) {
    throw new Error("the platform's key set has no keys array");
  }
  for (const candidate of body.keys as unknown[]) {
    if (typeof candidate !== "object" || candidate === null) continue;
    const jwk = candidate as JsonWebKey & { kid?: unknown; use?: unknown };
    if (typeof jwk.kid !== "string" || jwk.kty !== "RSA") continue;
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: jwk, format: "jwk" }));
    } catch {
      // A malformed key must not hide the good ones next to it.
    }
  }
  return keys;
}

async function defaultFetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`key set fetch answered ${response.status}`);
  return response.json();
}
