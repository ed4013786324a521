// The tool's signing keys per platform, on top of the ToolKeyStore: a key pair is created when a
// platform is first activated, rotated and retired by operators, published at /lti/keys (public halves
// only, as JWKs) and read to sign client assertions and deep-linking responses.
import { createPublicKey } from "node:crypto";
import type { PlatformRecord, PlatformRegistry } from "../persistence/platform-registry.js";
import type { SigningKey, ToolKeyStore } from "./tool-key-store.js";

export type { SigningKey } from "./tool-key-store.js";
export { startLtijs } from "./ltijs-provider.js";

export interface PublishedKey {
  kid: string;
  kty: string;
  n?: string;
  e?: string;
  alg: "RS256";
  use: "sig";
}

export interface ToolKeyListing {
  kid: string;
  platformId: string;
  platformUrl: string;
  clientId: string;
  current: boolean;
}

type KeyOwner = Pick<PlatformRecord, "_id" | "issuer" | "clientId" | "signingKid">;

/** How long /lti/keys is cached: a key added by another instance must be published before it is used. */
const JWKS_CACHE_MS = 5_000;

export class ToolKeys {
  private jwksCache: { value: { keys: PublishedKey[] }; at: number } | undefined;
  private readonly signingKeys = new Map<string, SigningKey>();

  constructor(
    private readonly store: ToolKeyStore,
    private readonly platforms: Pick<
      PlatformRegistry,
      "findById" | "findByIssuerAndClient" | "list" | "setSigningKid"
    >,
  ) {}

  /** The key a platform signs with, created on its first activation (or adopted from ltijs's old records). */
  async ensurePlatform(platform: KeyOwner): Promise<string> {
    const current = await this.currentKid(platform);
    if (current) return current;
    const kid = await this.store.create(platform._id);
    this.jwksCache = undefined;
    return kid;
  }

  async signingKeyFor(platform: KeyOwner): Promise<SigningKey> {
    const kid = await this.currentKid(platform);
    const cached = kid ? this.signingKeys.get(kid) : undefined;
    if (cached) return cached;
    const key = kid ? await this.store.signingKey(kid) : undefined;
    if (!key) throw new Error(`no tool key for platform ${platform._id}`);
    this.signingKeys.set(key.kid, key);
    return key;
  }

  /** For callers that know the platform by issuer and client id (service tokens). */
  async signingKey(issuer: string, clientId: string): Promise<SigningKey> {
    const platform = await this.platforms.findByIssuerAndClient(issuer, clientId);
    if (!platform) throw new Error(`no platform ${issuer} / ${clientId}`);
    return this.signingKeyFor(platform);
  }

  /** Adds a new key for the platform; the caller makes it the signing one. The old key stays published. */
  async rotate(platform: KeyOwner): Promise<{ oldKid: string; newKid: string }> {
    const oldKid = await this.currentKid(platform);
    if (!oldKid) throw new Error(`platform ${platform._id} has no key to rotate`);
    const newKid = await this.store.create(platform._id);
    this.jwksCache = undefined;
    return { oldKid, newKid };
  }

  /** Stops publishing a key. The key a platform currently signs with cannot be retired. */
  async retire(kid: string): Promise<"retired" | "in-use" | "unknown"> {
    if ((await this.listKeys()).some((key) => key.kid === kid && key.current)) return "in-use";
    if (!(await this.store.delete(kid))) return "unknown";
    this.signingKeys.delete(kid);
    this.jwksCache = undefined;
    return "retired";
  }

  async listKeys(): Promise<ToolKeyListing[]> {
    const [keys, platforms] = await Promise.all([this.store.list(), this.platforms.list()]);
    const byId = new Map(platforms.map((platform) => [platform._id, platform]));
    return keys.map((key) => {
      const owner = key.platformId
        ? byId.get(key.platformId)
        : platforms.find((p) => p.issuer === key.legacy?.issuer && p.clientId === key.legacy.clientId);
      return {
        kid: key.kid,
        platformId: owner?._id ?? key.platformId ?? "",
        platformUrl: owner?.issuer ?? key.legacy?.issuer ?? "",
        clientId: owner?.clientId ?? key.legacy?.clientId ?? "",
        // A platform from before key holders signs with its ltijs key until it is adopted.
        current: owner !== undefined && (owner.signingKid ?? (key.legacy ? key.kid : undefined)) === key.kid,
      };
    });
  }

  /** A removed platform's keys stop being published. */
  async removePlatform(platform: KeyOwner): Promise<void> {
    for (const key of await this.store.list()) {
      const legacyOwner = key.legacy?.issuer === platform.issuer && key.legacy.clientId === platform.clientId;
      if (key.platformId === platform._id || legacyOwner) await this.store.delete(key.kid);
    }
    this.jwksCache = undefined;
  }

  /** The public key set served at /lti/keys. */
  async jwks(nowMs: number): Promise<{ keys: PublishedKey[] }> {
    if (this.jwksCache && nowMs - this.jwksCache.at < JWKS_CACHE_MS) return this.jwksCache.value;
    const keys = (await this.store.list()).map((key) => publish(key.kid, key.publicKeyPem));
    const value = { keys };
    this.jwksCache = { value, at: nowMs };
    return value;
  }

  private async currentKid(platform: KeyOwner): Promise<string | undefined> {
    if (platform.signingKid) return platform.signingKid;
    // A platform registered before key holders: ltijs kept its key under the LMS's issuer and client id.
    const legacy = await this.store.legacyKid(platform.issuer, platform.clientId);
    if (legacy) await this.platforms.setSigningKid(platform._id, legacy);
    return legacy;
  }
}

function publish(kid: string, publicKeyPem: string): PublishedKey {
  const jwk = createPublicKey(publicKeyPem).export({ format: "jwk" });
  return { kty: jwk.kty ?? "RSA", n: jwk.n, e: jwk.e, kid, alg: "RS256", use: "sig" };
}
