// Signed, expiring links for people without an LMS account (jury members, placement supervisors):
// an HS256 JWT naming one stored link, with a key derived from Carnet's secret. The signature proves
// Carnet wrote the link; the stored record (revocation, period, who claimed it) decides if it still works.
import { hkdfSync } from "node:crypto";
import jwt from "jsonwebtoken";

export type LinkKind = "jury" | "placement";

export interface LinkClaims {
  kind: LinkKind;
  /** The stored link's id. */
  linkId: string;
}

export type TokenCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: "altered" | "expired" };

export class LinkTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync("sha256", secret, "carnet", "dossier-access-links", 32));
  }

  /** iat and exp from the injected clock: the link dies at the end of its period. */
  sign(claims: LinkClaims, validUntil: Date, now: Date): string {
    const payload = {
      kind: claims.kind,
      jti: claims.linkId,
      iat: Math.floor(now.getTime() / 1000),
      exp: Math.floor(validUntil.getTime() / 1000),
    };
    return jwt.sign(payload, this.key, { algorithm: "HS256" });
  }

  verify(token: string, now: Date): TokenCheck {
    try {
      const payload = jwt.verify(token, this.key, {
        algorithms: ["HS256"],
        clockTimestamp: Math.floor(now.getTime() / 1000),
      });
      if (typeof payload === "string") return { ok: false, reason: "altered" };
      const kind = payload.kind;
      const linkId = payload.jti;
      if ((kind !== "jury" && kind !== "placement") || typeof linkId !== "string")
        return { ok: false, reason: "altered" };
      return { ok: true, claims: { kind, linkId } };
    } catch (error) {
      return { ok: false, reason: error instanceof jwt.TokenExpiredError ? "expired" : "altered" };
    }
  }
}
