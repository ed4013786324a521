// Verifying an Open Badges 3.0 VC-JWT as any verifier would (OB 3.0 §8.2.4): the signature with the
// issuer's published key, the JWT claims against the credential, then its revocation status in the
// issuer's Bitstring Status List.
import type { CredentialSigner } from "./ports.js";

export type VerificationOutcome =
  | "VALID"
  | "MALFORMED"
  | "UNKNOWN_KEY"
  | "TAMPERED"
  | "CLAIMS_MISMATCH"
  | "NOT_YET_VALID"
  | "REVOKED"
  | "STATUS_UNKNOWN";

export interface Verification {
  outcome: VerificationOutcome;
  valid: boolean;
  /** The credential as signed (absent when the signature does not hold). */
  credential?: Record<string, unknown>;
  kid?: string;
}

export interface VerifyDeps {
  signer: Pick<CredentialSigner, "verify">;
  /** The status bit at `index` of the list published at `url` (verified there too); undefined if unreadable. */
  statusBit(url: string, index: number): Promise<boolean | undefined>;
  now: Date;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>) // checked just above: a JSON object
    : undefined;
}

/** iss, jti, sub and nbf must repeat the credential's issuer, id, subject and validFrom. */
function claimsMatch(payload: Record<string, unknown>): boolean {
  const issuer = payload["issuer"];
  const issuerId = typeof issuer === "string" ? issuer : record(issuer)?.["id"];
  const subjectId = record(payload["credentialSubject"])?.["id"];
  const validFrom = payload["validFrom"];
  const nbf = payload["nbf"];
  return (
    typeof issuerId === "string" &&
    payload["iss"] === issuerId &&
    payload["jti"] === payload["id"] &&
    payload["sub"] === subjectId &&
    typeof validFrom === "string" &&
    typeof nbf === "number" &&
    nbf === Math.floor(new Date(validFrom).getTime() / 1000)
  );
}

export async function verifyCredentialJwt(jwt: string, deps: VerifyDeps): Promise<Verification> {
  const signed = await deps.signer.verify(jwt.trim());
  if (!signed.ok) {
    const outcome =
      signed.reason === "SIGNATURE"
        ? "TAMPERED"
        : signed.reason === "UNKNOWN_KEY"
          ? "UNKNOWN_KEY"
          : "MALFORMED";
    return { outcome, valid: false };
  }
  const payload = record(signed.payload);
  const types = payload?.["type"];
  if (!payload || !Array.isArray(types) || !types.includes("OpenBadgeCredential"))
    return { outcome: "MALFORMED", valid: false };
  const base = { credential: payload, kid: signed.kid };
  if (!claimsMatch(payload)) return { ...base, outcome: "CLAIMS_MISMATCH", valid: false };
  const validFrom = new Date(String(payload["validFrom"]));
  if (validFrom.getTime() > deps.now.getTime()) return { ...base, outcome: "NOT_YET_VALID", valid: false };
  const status = record(payload["credentialStatus"]);
  const url = status?.["statusListCredential"];
  const index = Number(status?.["statusListIndex"]);
  if (status) {
    const bit =
      typeof url === "string" && Number.isInteger(index) ? await deps.statusBit(url, index) : undefined;
    if (bit === undefined) return { ...base, outcome: "STATUS_UNKNOWN", valid: false };
    if (bit) return { ...base, outcome: "REVOKED", valid: false };
  }
  return { ...base, outcome: "VALID", valid: true };
}
