// Where the tool's RSA key pairs live: the ToolKeyStore port, and its implementation on ltijs's public
// API. ltijs keeps keys per "platform" record: Carnet registers one key-holder record per key (a
// placeholder URL, a client id naming the Carnet platform it belongs to, no endpoints), so Carnet's
// PlatformRegistry stays the only registry of LMSs. ltijs generates each pair (RSA 4096, synchronously)
// and encrypts the private key with LTI_KEY; Carnet reads them back and publishes the public halves.
import { randomBytes } from "node:crypto";
import type { LtijsPlatform, LtijsProvider } from "ltijs";

export interface SigningKey {
  kid: string;
  privateKeyPem: string;
}

export interface StoredToolKey {
  kid: string;
  publicKeyPem: string;
  /** The Carnet platform the key belongs to (undefined for a key ltijs held before Carnet 0.2). */
  platformId: string | undefined;
  /** Keys from before: the ltijs record named the LMS itself (issuer and client id). */
  legacy?: { issuer: string; clientId: string };
}

export interface ToolKeyStore {
  /** Generates and stores a new key pair for the platform; returns its kid. */
  create(platformId: string): Promise<string>;
  signingKey(kid: string): Promise<SigningKey | undefined>;
  list(): Promise<StoredToolKey[]>;
  /** Deletes one key pair; false when there was none. */
  delete(kid: string): Promise<boolean>;
  /** The kid of the key ltijs kept for an LMS before key holders existed. */
  legacyKid(issuer: string, clientId: string): Promise<string | undefined>;
}

/** The placeholder "platform URL" of key-holder records: not an endpoint, never called. */
export const KEY_HOLDER_URL = "urn:carnet:tool-key";

export class LtijsToolKeyStore implements ToolKeyStore {
  constructor(private readonly lti: LtijsProvider) {}

  async create(platformId: string): Promise<string> {
    const holder = await this.lti.registerPlatform({
      url: KEY_HOLDER_URL,
      clientId: `${platformId}/${randomBytes(6).toString("hex")}`,
      name: "Carnet tool key",
      // ltijs requires these fields; a key holder has no endpoints, so they repeat the placeholder.
      authenticationEndpoint: KEY_HOLDER_URL,
      accesstokenEndpoint: KEY_HOLDER_URL,
      authConfig: { method: "JWK_SET", key: KEY_HOLDER_URL },
    });
    return holder.platformKid();
  }

  async signingKey(kid: string): Promise<SigningKey | undefined> {
    const holder = await this.lti.getPlatformById(kid);
    const privateKeyPem = holder ? await readKey(() => holder.platformPrivateKey()) : undefined;
    return privateKeyPem ? { kid, privateKeyPem } : undefined;
  }

  async list(): Promise<StoredToolKey[]> {
    const holders = await this.lti.getAllPlatforms();
    const keys = await Promise.all(holders.map((holder) => this.describe(holder)));
    return keys.filter((key): key is StoredToolKey => key !== undefined);
  }

  async delete(kid: string): Promise<boolean> {
    if (!(await this.lti.getPlatformById(kid))) return false;
    await this.lti.deletePlatformById(kid);
    return true;
  }

  async legacyKid(issuer: string, clientId: string): Promise<string | undefined> {
    const legacy = await this.lti.getPlatform(issuer, clientId);
    return legacy ? legacy.platformKid() : undefined;
  }

  private async describe(holder: LtijsPlatform): Promise<StoredToolKey | undefined> {
    const [kid, url, clientId, publicKeyPem] = await Promise.all([
      holder.platformKid(),
      holder.platformUrl(),
      holder.platformClientId(),
      readKey(() => holder.platformPublicKey()),
    ]);
    if (!publicKeyPem) return undefined;
    if (url === KEY_HOLDER_URL) return { kid, publicKeyPem, platformId: clientId.split("/")[0] };
    return { kid, publicKeyPem, platformId: undefined, legacy: { issuer: url, clientId } };
  }
}

/** ltijs reads `key[0].key` of a lookup that may find nothing: a missing key is undefined, not a TypeError. */
async function readKey(read: () => Promise<string>): Promise<string | undefined> {
  try {
    const key = await read();
    return typeof key === "string" && key !== "" ? key : undefined;
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}
