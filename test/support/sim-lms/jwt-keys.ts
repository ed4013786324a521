/**
 * Compact JWS (RFC 7515) signing and verification with Node's crypto, plus the platform's key pairs
 * and a cache of remote JWKS (the tool's key set).
 *
 * Why not jsonwebtoken: the simulator must be able to forge tokens a library refuses to produce
 * (`alg: none`, HS256 keyed with the RSA public key, foreign keys with a known kid), and to verify only
 * what the LTI Security Framework allows (RS256, §6.1). A few lines of crypto make that explicit.
 */
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import type { KeyObject } from "node:crypto";

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  [name: string]: unknown;
}

export type JwtPayload = Record<string, unknown>;

export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  signingInput: string;
  signature: Buffer;
}

/** A public RSA key as published in a JWKS. */
export interface PublicJwk {
  kty: "RSA";
  alg: "RS256";
  use: "sig";
  kid: string;
  n: string;
  e: string;
}

export interface Jwks {
  keys: PublicJwk[];
}

/** One of the platform's signing keys. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: PublicJwk;
}

/** What is persisted for a key (dev server): the kid and the PKCS#8 PEM. */
export interface SerializedSigningKey {
  kid: string;
  privateKeyPem: string;
}

export function base64UrlEncode(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

/** Moodle's kids are 20 hex characters (see the fixtures); keep the same shape. */
export function newKid(): string {
  return randomBytes(10).toString("hex");
}

export async function generateSigningKey(kid: string = newKid()): Promise<SigningKey> {
  const privateKey = await new Promise<KeyObject>((resolve, reject) => {
    generateKeyPair("rsa", { modulusLength: 2048 }, (error, _publicKey, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
  return signingKeyFromPrivateKey(kid, privateKey);
}

export function serializeSigningKey(key: SigningKey): SerializedSigningKey {
  return { kid: key.kid, privateKeyPem: key.privateKey.export({ format: "pem", type: "pkcs8" }).toString() };
}

export function deserializeSigningKey(serialized: SerializedSigningKey): SigningKey {
  return signingKeyFromPrivateKey(serialized.kid, createPrivateKey(serialized.privateKeyPem));
}

function signingKeyFromPrivateKey(kid: string, privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: "jwk" });
  if (typeof jwk.n !== "string" || typeof jwk.e !== "string") throw new Error("not an RSA key");
  return {
    kid,
    privateKey,
    publicKey,
    publicJwk: { kty: "RSA", alg: "RS256", use: "sig", kid, n: jwk.n, e: jwk.e },
  };
}

export function publicKeyPem(key: SigningKey): string {
  return key.publicKey.export({ format: "pem", type: "spki" }).toString();
}

function signingInputOf(header: JwtHeader, payload: JwtPayload): string {
  return `${base64UrlEncode(JSON.stringify(header))}.${base64UrlEncode(JSON.stringify(payload))}`;
}

/** RS256 = RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3). */
export function signRs256(header: JwtHeader, payload: JwtPayload, privateKey: KeyObject): string {
  const input = signingInputOf(header, payload);
  return `${input}.${base64UrlEncode(sign("sha256", Buffer.from(input), privateKey))}`;
}

/** HS256 with an arbitrary secret: used to forge the classic "RSA public key as HMAC secret" attack. */
export function signHs256(header: JwtHeader, payload: JwtPayload, secret: string | Buffer): string {
  const input = signingInputOf(header, payload);
  return `${input}.${base64UrlEncode(createHmac("sha256", secret).update(input).digest())}`;
}

/** An Unsecured JWS (RFC 7515 §A.5): empty signature. */
export function unsignedJwt(header: JwtHeader, payload: JwtPayload): string {
  return `${signingInputOf(header, payload)}.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Decodes without verifying; throws on anything that is not three base64url JSON parts. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("a JWT has three parts");
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  const header: unknown = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8"));
  const payload: unknown = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
  if (!isRecord(header) || typeof header.alg !== "string") throw new Error("JWT header without alg");
  if (!isRecord(payload)) throw new Error("JWT payload is not an object");
  return {
    header: { ...header, alg: header.alg },
    payload,
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, "base64url"),
  };
}

export function verifyRs256Signature(decoded: DecodedJwt, publicKey: KeyObject): boolean {
  if (decoded.header.alg !== "RS256") return false;
  return verify("sha256", Buffer.from(decoded.signingInput), publicKey, decoded.signature);
}

/** True when `aud` (a string or an array, RFC 7519 §4.1.3) contains `expected`. */
export function audienceIncludes(aud: unknown, expected: string): boolean {
  if (typeof aud === "string") return aud === expected;
  return Array.isArray(aud) && aud.includes(expected);
}

export interface JwksFetchRecord {
  url: string;
  at: number;
  ok: boolean;
  error?: string;
}

/**
 * Cache of remote key sets by URL, then by kid. An unknown kid triggers one refetch: that is how a
 * platform notices the tool rotated its key (LTI Security Framework §6.3, "key rotation").
 */
export class RemoteJwksCache {
  private readonly byUrl = new Map<string, Map<string, KeyObject>>();
  readonly fetches: JwksFetchRecord[] = [];

  constructor(private readonly now: () => number) {}

  /** Keys that may have signed a token with this `kid` (all keys of the set when there is no kid). */
  async keysFor(url: string, kid: string | undefined): Promise<KeyObject[]> {
    const cached = this.byUrl.get(url);
    const hit = cached && this.pick(cached, kid);
    if (hit && hit.length > 0) return hit;
    const fresh = await this.fetchSet(url);
    return this.pick(fresh, kid);
  }

  private pick(keys: Map<string, KeyObject>, kid: string | undefined): KeyObject[] {
    if (kid === undefined) return [...keys.values()];
    const key = keys.get(kid);
    return key ? [key] : [];
  }

  private async fetchSet(url: string): Promise<Map<string, KeyObject>> {
    const record: JwksFetchRecord = { url, at: this.now(), ok: false };
    this.fetches.push(record);
    try {
      const response = await fetch(url, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body: unknown = await response.json();
      const keys = new Map<string, KeyObject>();
      const list = isRecord(body) && Array.isArray(body.keys) ? body.keys : [];
      list.forEach((jwk: unknown, index) => {
        if (!isRecord(jwk) || jwk.kty !== "RSA") return;
        const kid = typeof jwk.kid === "string" ? jwk.kid : `#${index}`;
        keys.set(kid, createPublicKey({ key: jwk, format: "jwk" }));
      });
      this.byUrl.set(url, keys);
      record.ok = true;
      return keys;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      return new Map();
    }
  }
}
