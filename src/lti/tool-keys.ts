// The tool's signing keys, kept by ltijs (encrypted with LTI_KEY, one key pair per platform, each with
// a kid). Carnet adds what ltijs 5.9 lacks: non-blocking key generation, rotation and retirement.
import { generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import ltijs, { type LtijsProvider } from "ltijs";
import Keyset from "ltijs/dist/Utils/Keyset.js";
import type { Logger } from "../logger.js";
import type { DatabaseTimeouts } from "../persistence/connection.js";
import {
  defaultConnectionListeners,
  detachLtijsRecovery,
  ltijsConnectionOptions,
} from "../persistence/ltijs-connection.js";

const generateKeyPairAsync = promisify(generateKeyPair);

export interface PlatformEndpoints {
  issuer: string;
  clientId: string;
  name: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  authServer?: string;
}

export interface SigningKey {
  kid: string;
  privateKeyPem: string;
}

interface StoredKey {
  kid: string;
  platformUrl?: string;
  clientId?: string;
}

// Kept on globalThis: ltijs is one per process even if a loader instantiates this module twice.
const PROVIDER = Symbol.for("carnet.ltijs.provider");
type ProviderHolder = { [PROVIDER]?: Promise<LtijsProvider> };

/** ltijs is a process-wide singleton: set it up and connect it once, on mongoose's default connection. */
export function startLtijs(
  encryptionKey: string,
  mongoUri: string,
  routes: { baseUrl: string },
  database: { logger?: Logger; timeouts?: Partial<DatabaseTimeouts> } = {},
): Promise<LtijsProvider> {
  const holder = globalThis as ProviderHolder;
  holder[PROVIDER] ??= setupLtijs(encryptionKey, mongoUri, routes, database);
  return holder[PROVIDER];
}

async function setupLtijs(
  encryptionKey: string,
  mongoUri: string,
  routes: { baseUrl: string },
  database: { logger?: Logger; timeouts?: Partial<DatabaseTimeouts> },
): Promise<LtijsProvider> {
  const lti = ltijs.Provider;
  const listenersBefore = defaultConnectionListeners();
  lti.setup(
    encryptionKey,
    { url: mongoUri, connection: ltijsConnectionOptions(database.timeouts) },
    {
      appRoute: "/lti/launch",
      loginRoute: "/lti/login",
      keysetRoute: "/lti/keys",
      dynRegRoute: "/lti/register",
      cors: false,
      devMode: false,
      tokenMaxAge: 90,
      cookies: { secure: routes.baseUrl.startsWith("https://"), sameSite: "None" },
    },
  );
  await lti.deploy({ serverless: true, silent: true });
  // ltijs must not close and reopen connections on errors (Carnet crashed when the database came back).
  detachLtijsRecovery(listenersBefore, database.logger);
  return lti;
}

export class ToolKeys {
  private jwksCache: { value: { keys: Record<string, unknown>[] }; at: number } | undefined;
  private readonly signingKeys = new Map<string, SigningKey>();

  constructor(
    private readonly lti: LtijsProvider,
    private readonly encryptionKey: string,
    private readonly keyBits = 2048,
  ) {}

  /** Creates the platform's key pair on first registration; updates its endpoints otherwise. */
  async ensurePlatform(platform: PlatformEndpoints): Promise<string> {
    const existing = await this.lti.getPlatform(platform.issuer, platform.clientId);
    const fields = {
      platformName: platform.name,
      authEndpoint: platform.authUrl,
      accesstokenEndpoint: platform.tokenUrl,
      authorizationServer: platform.authServer ?? platform.tokenUrl,
      authConfig: { method: "JWK_SET", key: platform.jwksUrl },
    };
    const query = { platformUrl: platform.issuer, clientId: platform.clientId };
    if (existing) {
      for (const [field, value] of Object.entries(fields)) {
        await this.lti.Database.Modify(false, "platform", query, { [field]: value });
      }
      return existing.platformKid();
    }
    const kid = await this.storeNewKeyPair(platform.issuer, platform.clientId);
    await this.lti.Database.Replace(false, "platform", query, { ...query, ...fields, kid });
    this.jwksCache = undefined;
    return kid;
  }

  async signingKey(issuer: string, clientId: string): Promise<SigningKey> {
    const cacheKey = `${issuer} ${clientId}`;
    const cached = this.signingKeys.get(cacheKey);
    if (cached) return cached;
    const platform = await this.lti.getPlatform(issuer, clientId);
    if (!platform) throw new Error(`no tool key for platform ${issuer} / ${clientId}`);
    const key = { kid: await platform.platformKid(), privateKeyPem: await platform.platformPrivateKey() };
    this.signingKeys.set(cacheKey, key);
    return key;
  }

  /** Adds a new key for the platform and signs with it from now on; the old key stays published. */
  async rotate(issuer: string, clientId: string): Promise<{ oldKid: string; newKid: string }> {
    const platform = await this.lti.getPlatform(issuer, clientId);
    if (!platform) throw new Error(`no tool key for platform ${issuer} / ${clientId}`);
    const oldKid = await platform.platformKid();
    const newKid = await this.storeNewKeyPair(issuer, clientId);
    await this.lti.Database.Modify(false, "platform", { platformUrl: issuer, clientId }, { kid: newKid });
    this.signingKeys.delete(`${issuer} ${clientId}`);
    this.jwksCache = undefined;
    return { oldKid, newKid };
  }

  /** Stops publishing a key. The key a platform currently signs with cannot be retired. */
  async retire(kid: string): Promise<"retired" | "in-use" | "unknown"> {
    const inUse = await this.lti.Database.Get(false, "platform", { kid });
    if (inUse) return "in-use";
    const found = await this.lti.Database.Get(false, "publickey", { kid });
    if (!found) return "unknown";
    await this.lti.Database.Delete("publickey", { kid });
    await this.lti.Database.Delete("privatekey", { kid });
    this.jwksCache = undefined;
    return "retired";
  }

  async listKeys(): Promise<{ kid: string; platformUrl: string; clientId: string; current: boolean }[]> {
    const index = ((await this.lti.Database.Get(false, "publickey")) || []) as StoredKey[];
    const platforms = ((await this.lti.Database.Get(false, "platform")) || []) as { kid: string }[];
    const current = new Set(platforms.map((p) => p.kid));
    return index.map((key) => ({
      kid: key.kid,
      platformUrl: key.platformUrl ?? "",
      clientId: key.clientId ?? "",
      current: current.has(key.kid),
    }));
  }

  async removePlatform(issuer: string, clientId: string): Promise<void> {
    await this.lti.Database.Delete("publickey", { platformUrl: issuer, clientId });
    await this.lti.Database.Delete("privatekey", { platformUrl: issuer, clientId });
    await this.lti.Database.Delete("platform", { platformUrl: issuer, clientId });
    this.signingKeys.delete(`${issuer} ${clientId}`);
    this.jwksCache = undefined;
  }

  /**
   * The public key set served at /lti/keys, cached for a few seconds only: a key added by another
   * instance (a registration, a rotation) must be published before the LMS's first token request.
   */
  async jwks(nowMs: number): Promise<{ keys: Record<string, unknown>[] }> {
    if (this.jwksCache && nowMs - this.jwksCache.at < 5_000) return this.jwksCache.value;
    const value = await Keyset.build(this.lti.Database, this.encryptionKey);
    this.jwksCache = { value, at: nowMs };
    return value;
  }

  get deepLinking(): LtijsProvider["DeepLinking"] {
    return this.lti.DeepLinking;
  }

  private async storeNewKeyPair(issuer: string, clientId: string): Promise<string> {
    const kid = randomBytes(16).toString("hex");
    const { publicKey, privateKey } = await generateKeyPairAsync("rsa", {
      modulusLength: this.keyBits,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
    });
    const index = { kid, platformUrl: issuer, clientId };
    // Same shape as ltijs's own generatePlatformKeyPair, so ltijs reads these keys unchanged.
    await this.lti.Database.Insert(this.encryptionKey, "publickey", { key: publicKey, kid }, index);
    await this.lti.Database.Insert(this.encryptionKey, "privatekey", { key: privateKey, kid }, index);
    return kid;
  }
}
