// Links for one person without an LMS account (a jury member, a placement supervisor): issued for a
// period, revocable, and single-person — the first browser that opens a link claims it (a secret in a
// cookie, only its hash stored); anyone else holding the link later is refused.
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../clock.js";
import type { CourseScope } from "../course.js";
import type { LinkKind, LinkTokens } from "./link-tokens.js";

export interface AccessLink extends CourseScope {
  id: string;
  kind: LinkKind;
  /** The jury or the placement invitation the link opens. */
  parentId: string;
  holder: { name: string; email: string };
  validFrom: Date;
  validUntil: Date;
  createdBy: string;
  createdAt: Date;
  claim?: { hash: string; at: Date };
  revokedAt?: Date;
}

export interface AccessLinkStore {
  insert(link: AccessLink): Promise<void>;
  byId(id: string): Promise<AccessLink | null>;
  forParent(platformId: string, kind: LinkKind, parentId: string): Promise<AccessLink[]>;
  /** Sets the claim if the link has none yet; false when someone claimed it first. */
  claim(id: string, claim: { hash: string; at: Date }): Promise<boolean>;
  revoke(platformId: string, id: string, at: Date): Promise<boolean>;
}

/** Why a link does not open: each gets its own sentence, none shows any data. */
export type LinkRefusal = "altered" | "expired" | "revoked" | "not_yet" | "claimed" | "unknown";

export type LinkOutcome =
  | { ok: true; link: AccessLink; secret: string }
  | { ok: false; reason: LinkRefusal; link: AccessLink | null };

const SESSION_SEPARATOR = ".";

export class AccessLinks {
  constructor(
    private readonly deps: {
      store: AccessLinkStore;
      tokens: LinkTokens;
      clock: Clock;
      newId: () => string;
    },
  ) {}

  async issue(link: Omit<AccessLink, "id" | "createdAt">): Promise<AccessLink> {
    const stored: AccessLink = { ...link, id: this.deps.newId(), createdAt: this.deps.clock.now() };
    await this.deps.store.insert(stored);
    return stored;
  }

  /** The token of a stored link (signed again on demand: the record, not the token, is the truth). */
  tokenOf(link: AccessLink): string {
    return this.deps.tokens.sign(
      { kind: link.kind, linkId: link.id },
      link.validUntil,
      this.deps.clock.now(),
    );
  }

  forParent(platformId: string, kind: LinkKind, parentId: string): Promise<AccessLink[]> {
    return this.deps.store.forParent(platformId, kind, parentId);
  }

  byId(id: string): Promise<AccessLink | null> {
    return this.deps.store.byId(id);
  }

  revoke(platformId: string, id: string): Promise<boolean> {
    return this.deps.store.revoke(platformId, id, this.deps.clock.now());
  }

  /**
   * Opens a link from its token. The first opening claims it for this browser (a new secret for its
   * cookie); the same browser may open it again (it presents its session); anyone else is refused.
   */
  async open(token: string, kind: LinkKind, session: string | undefined): Promise<LinkOutcome> {
    const now = this.deps.clock.now();
    const checked = this.deps.tokens.verify(token, now);
    if (!checked.ok) return { ok: false, reason: checked.reason, link: null };
    if (checked.claims.kind !== kind) return { ok: false, reason: "altered", link: null };
    const link = await this.deps.store.byId(checked.claims.linkId);
    const refusal = link ? usable(link, now) : "unknown";
    if (!link || refusal) return { ok: false, reason: refusal ?? "unknown", link };
    const presented = parseSession(session);
    if (link.claim) {
      if (presented?.linkId === link.id && hashOf(presented.secret) === link.claim.hash)
        return { ok: true, link, secret: presented.secret };
      return { ok: false, reason: "claimed", link };
    }
    const secret = randomBytes(24).toString("base64url");
    if (!(await this.deps.store.claim(link.id, { hash: hashOf(secret), at: now })))
      return { ok: false, reason: "claimed", link };
    return { ok: true, link, secret };
  }

  /** The link behind a browser's session cookie, if it still works now. */
  async session(value: string | undefined, kind: LinkKind): Promise<LinkOutcome> {
    const presented = parseSession(value);
    if (!presented) return { ok: false, reason: "unknown", link: null };
    const link = await this.deps.store.byId(presented.linkId);
    if (!link || link.kind !== kind) return { ok: false, reason: "unknown", link: null };
    if (!link.claim || link.claim.hash !== hashOf(presented.secret))
      return { ok: false, reason: "claimed", link };
    const refusal = usable(link, this.deps.clock.now());
    if (refusal) return { ok: false, reason: refusal, link };
    return { ok: true, link, secret: presented.secret };
  }
}

export function sessionValue(link: AccessLink, secret: string): string {
  return `${link.id}${SESSION_SEPARATOR}${secret}`;
}

function parseSession(value: string | undefined): { linkId: string; secret: string } | null {
  if (!value || value.length > 200) return null;
  const at = value.lastIndexOf(SESSION_SEPARATOR);
  if (at <= 0) return null;
  return { linkId: value.slice(0, at), secret: value.slice(at + 1) };
}

function usable(link: AccessLink, now: Date): LinkRefusal | null {
  if (link.revokedAt) return "revoked";
  if (now.getTime() > link.validUntil.getTime()) return "expired";
  if (now.getTime() < link.validFrom.getTime()) return "not_yet";
  return null;
}

function hashOf(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
