// Verifiable credentials: issuers (one per course: the programme), credentials with their status-list
// position, and the issuer signing keys (private halves encrypted at rest).
import { Schema, type Connection } from "mongoose";
import type { CredentialPolicy, StoredCredential } from "../../domain/credentials/ports.js";
import type { Stored } from "./stored.js";
import { bindModels, collection, type ModelsOf } from "./collection.js";
import { courseScopeFields, required } from "./fields.js";

export interface CredentialIssuerDoc {
  _id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  name: string;
  url?: string;
  description?: string;
  policy: CredentialPolicy;
  /** Next free position in the issuer's status list. */
  nextStatusIndex: number;
  createdAt: Date;
}

/** A credential as stored: its JSON kept as the text the JWT signs, so it is re-read as it was. */
export type CredentialDoc = Omit<Stored<StoredCredential>, "credential"> & { credential: string };

export interface CredentialKeyDoc {
  _id: string;
  /** active: signs; published: verifies (rotated out); retired: gone from the key set. */
  status: "active" | "published" | "retired";
  /** The public half as a JWK (JSON text). */
  publicJwk: string;
  /** AES-256-GCM of the PKCS#8 PEM, with the key derived from LTI_KEY: `iv.tag.ciphertext` in base64. */
  privateKey: string;
  createdAt: Date;
}

const credentialCollections = {
  Issuer: collection<CredentialIssuerDoc>("CarnetCredentialIssuer", "credential_issuers", {
    ...courseScopeFields(),
    name: { type: String, required: true },
    url: String,
    description: String,
    policy: { type: String, required: true, default: "competence" },
    nextStatusIndex: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
  }).index({ platformId: 1, deploymentId: 1, contextId: 1 }, { unique: true }),
  Credential: collection<CredentialDoc>(
    "CarnetCredential",
    "credentials",
    {
      ...required<CredentialDoc>(String, "issuerId", "learnerId", "frameworkId", "credential", "jwt"),
      ...courseScopeFields(),
      competenceCode: { type: String, default: null },
      statusIndex: { type: Number, required: true },
      issuedAt: { type: Date, required: true },
      revokedAt: Date,
      revokedReason: String,
      evidence: { type: Schema.Types.Mixed, default: [] },
    },
    { minimize: false },
  )
    .index({ platformId: 1, deploymentId: 1, contextId: 1, learnerId: 1 })
    .index({ issuerId: 1, revokedAt: 1 })
    .index({ issuerId: 1, statusIndex: 1 }, { unique: true }),
  Key: collection<CredentialKeyDoc>("CarnetCredentialKey", "credential_keys", {
    ...required<CredentialKeyDoc>(String, "status", "publicJwk", "privateKey"),
    createdAt: { type: Date, required: true },
  }),
};

export type CredentialModels = ModelsOf<typeof credentialCollections>;

export function credentialModels(connection: Connection): CredentialModels {
  return bindModels(connection, credentialCollections);
}
