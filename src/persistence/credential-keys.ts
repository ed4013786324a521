// The issuer keys Carnet signs credentials with (RS256, as OB 3.0 requires at least): one active key
// signs, keys rotated out stay published so credentials they signed still verify, retired keys are
// withdrawn. Private halves are encrypted at rest with a key derived from LTI_KEY.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import {
  CompactSign,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
} from "jose";
import type { Clock } from "../clock.js";
import { parseJsonObject, type Json } from "../domain/credentials/achievement-credential.js";
import type { CredentialSigner } from "../domain/credentials/ports.js";
import type { CredentialKeyDoc, CredentialModels } from "./models/credential-models.js";

const ALG = "RS256";

export interface KeyListing {
  kid: string;
  status: CredentialKeyDoc["status"];
  createdAt: Date;
}

function cipherKey(secret: string): Buffer {
  return createHash("sha256").update(`carnet credential keys\n${secret}`).digest();
}

function encrypt(secret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", cipherKey(secret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((part) => part.toString("base64")).join(".");
}

function decrypt(secret: string, sealed: string): string {
  const [iv = "", tag = "", data = ""] = sealed.split(".");
  const decipher = createDecipheriv("aes-256-gcm", cipherKey(secret), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}

export class CredentialKeyStore implements CredentialSigner {
  private signing: { kid: string; key: CryptoKey } | undefined;

  constructor(
    private readonly models: Pick<CredentialModels, "Key">,
    private readonly secret: string,
    private readonly clock: Clock,
    /** The dereferenceable URI of a key, which the JOSE header's kid names (OB 3.0 §8.2.1). */
    private readonly keyUrl: (kid: string) => string,
    private readonly newId: () => string,
  ) {}

  /** Creates a new signing key; the previous one stays published for what it signed. */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
    const kid = this.newId();
    const jwk = { ...(await exportJWK(publicKey)), kid: this.keyUrl(kid), alg: ALG, use: "sig" };
    await this.models.Key.updateMany({ status: "active" }, { $set: { status: "published" } });
    await this.models.Key.create({
      _id: kid,
      status: "active",
      publicJwk: JSON.stringify(jwk),
      privateKey: encrypt(this.secret, await exportPKCS8(privateKey)),
      createdAt: this.clock.now(),
    });
    this.signing = undefined;
    return kid;
  }

  /** Withdraws a key from the key set: what it signed no longer verifies. */
  async retire(kid: string): Promise<boolean> {
    const result = await this.models.Key.updateOne(
      { _id: kid, status: "published" },
      { $set: { status: "retired" } },
    );
    return result.matchedCount > 0;
  }

  async list(): Promise<KeyListing[]> {
    const docs = await this.models.Key.find().sort({ createdAt: 1 }).lean<CredentialKeyDoc[]>();
    return docs.map((doc) => ({ kid: doc._id, status: doc.status, createdAt: doc.createdAt }));
  }

  /** Public halves of the keys that still verify (active and rotated out), as a JWKS. */
  async publicJwks(): Promise<{ keys: { [key: string]: Json }[] }> {
    const docs = await this.models.Key.find({ status: { $in: ["active", "published"] } })
      .sort({ createdAt: 1 })
      .lean<CredentialKeyDoc[]>();
    return { keys: docs.map((doc) => parseJsonObject(doc.publicJwk)) };
  }

  async publicKey(kid: string): Promise<{ [key: string]: Json } | null> {
    const doc = await this.models.Key.findOne({
      _id: kid,
      status: { $in: ["active", "published"] },
    }).lean<CredentialKeyDoc>();
    return doc ? parseJsonObject(doc.publicJwk) : null;
  }

  /** The active key, read each time: another instance (or the CLI) may have rotated it. */
  private async signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    let doc = await this.models.Key.findOne({ status: "active" }).lean<CredentialKeyDoc>();
    if (doc && this.signing?.kid === doc._id) return this.signing;
    if (!doc) {
      await this.rotate();
      doc = await this.models.Key.findOne({ status: "active" }).lean<CredentialKeyDoc>();
    }
    if (!doc) throw new Error("no active credential key");
    this.signing = { kid: doc._id, key: await importPKCS8(decrypt(this.secret, doc.privateKey), ALG) };
    return this.signing;
  }

  async sign(payload: { [key: string]: Json }): Promise<string> {
    const { kid, key } = await this.signingKey();
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: ALG, kid: this.keyUrl(kid), typ: "JWT" })
      .sign(key);
  }

  async verify(
    jwt: string,
  ): Promise<
    | { ok: true; payload: unknown; kid: string }
    | { ok: false; reason: "SIGNATURE" | "MALFORMED" | "UNKNOWN_KEY" }
  > {
    let kidUrl: string | undefined;
    try {
      kidUrl = decodeProtectedHeader(jwt).kid;
    } catch {
      return { ok: false, reason: "MALFORMED" };
    }
    const kid = kidUrl?.split("/").at(-1);
    const jwk = kid && kidUrl === this.keyUrl(kid) ? await this.publicKey(kid) : null;
    if (!kid || !jwk) return { ok: false, reason: "UNKNOWN_KEY" };
    try {
      const key = await importJWK(jwk, ALG);
      const { payload } = await compactVerify(jwt, key, { algorithms: [ALG] });
      return { ok: true, payload: JSON.parse(new TextDecoder().decode(payload)), kid };
    } catch (error) {
      const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
      return {
        ok: false,
        reason: code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" ? "SIGNATURE" : "MALFORMED",
      };
    }
  }
}
