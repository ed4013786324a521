// What Carnet's operators do with registrations (CLI and the operator section of the admin page):
// register an LMS by hand, change, activate, deactivate or remove one, rotate keys. Every action is
// audited; a platform's key pair is created when it first becomes active, never before.
import { z } from "zod";
import type { Clock } from "../clock.js";
import { AUDIT, type AuditActor, type AuditLog } from "../domain/audit/audit-log.js";
import { ValidationError } from "../errors.js";
import type { PlatformChanges, PlatformRecord, PlatformRegistry } from "../persistence/platform-registry.js";
import type { InvitationDoc, RegistrationInvitations } from "../persistence/registration-invitations.js";
import { parsePlatformUrl, type UrlPolicy } from "./platform-urls.js";
import type { ToolKeys } from "./tool-keys.js";

export const CLI_ACTOR: AuditActor = { kind: "operator", label: "cli" };

function platformUrl(policy: UrlPolicy) {
  return z
    .string()
    .trim()
    .refine((value) => parsePlatformUrl(value, policy).ok, "NOT_HTTPS_URL");
}

function origin(policy: UrlPolicy) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      const parsed = parsePlatformUrl(value, policy);
      if (parsed.ok && parsed.href === `${parsed.origin}/`) return parsed.origin;
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "must be an origin such as https://lms.example.edu",
      });
      return z.NEVER;
    });
}

export function manualPlatformSchema(policy: UrlPolicy) {
  return z.object({
    issuer: platformUrl(policy),
    clientId: z.string().trim().min(1).max(500),
    name: z.string().trim().min(1).max(200).optional(),
    authUrl: platformUrl(policy),
    tokenUrl: platformUrl(policy),
    jwksUrl: platformUrl(policy),
    authServer: z.string().trim().min(1).max(2000).optional(),
    deploymentIds: z.array(z.string().min(1).max(255)).min(1),
    origins: z.array(origin(policy)).max(20).optional(),
    operator: z.boolean().optional(),
  });
}
export type ManualPlatform = z.infer<ReturnType<typeof manualPlatformSchema>>;

function platformChangesSchema(policy: UrlPolicy) {
  return z.object({
    name: z.string().trim().min(1).max(200).optional(),
    authUrl: platformUrl(policy).optional(),
    tokenUrl: platformUrl(policy).optional(),
    jwksUrl: platformUrl(policy).optional(),
    authServer: z.string().trim().min(1).max(2000).optional(),
    origins: z.array(origin(policy)).max(20).optional(),
  });
}

/** Field → code (REQUIRED, NOT_HTTPS_URL, …): the admin page words them, the CLI prints them. */
function parseOrThrow<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const missing = issue.code === "invalid_type" && issue.received === "undefined";
    const code =
      missing || issue.code === "too_small"
        ? "REQUIRED"
        : /^[A-Z_]+$/.test(issue.message)
          ? issue.message
          : "INVALID";
    fields[issue.path.join(".")] ??= code;
  }
  throw new ValidationError("PLATFORM_INVALID", {}, fields);
}

export interface PlatformAdminDeps {
  platforms: PlatformRegistry;
  invitations: RegistrationInvitations;
  /** Carnet's Dynamic Registration URL; an invitation is this URL with a secret path segment. */
  registerUrl: string;
  keys: ToolKeys;
  audit: AuditLog;
  clock: Clock;
  urlPolicy: UrlPolicy;
}

export class PlatformAdmin {
  constructor(private readonly deps: PlatformAdminDeps) {}

  /** Registers an LMS by hand; it is active at once (an operator typed it in). */
  async add(
    input: unknown,
    method: "cli" | "admin-page",
    by: AuditActor = CLI_ACTOR,
  ): Promise<PlatformRecord> {
    const data = parseOrThrow(manualPlatformSchema(this.deps.urlPolicy), input);
    const created = await this.deps.platforms.create({
      issuer: data.issuer,
      clientId: data.clientId,
      name: data.name ?? new URL(data.issuer).host,
      authUrl: data.authUrl,
      tokenUrl: data.tokenUrl,
      jwksUrl: data.jwksUrl,
      authServer: data.authServer,
      deploymentIds: data.deploymentIds,
      ...(data.origins ? { origins: data.origins } : {}),
      ...(data.operator ? { operator: true } : {}),
      registration: { method, at: this.deps.clock.now() },
    });
    await this.record(AUDIT.platformAdded, by, created, { method, issuer: created.issuer });
    return (await this.activate(created._id, by)) ?? created;
  }

  /** Changes endpoints or origins: a new version of a registration always goes through an operator. */
  async update(id: string, input: unknown, by: AuditActor = CLI_ACTOR): Promise<PlatformRecord | null> {
    const changes: PlatformChanges = parseOrThrow(platformChangesSchema(this.deps.urlPolicy), input);
    const updated = await this.deps.platforms.update(id, changes);
    if (updated)
      await this.record(AUDIT.platformUpdated, by, updated, { fields: Object.keys(changes).join(",") });
    return updated;
  }

  /** Activates a registration, creating its key pair the first time. */
  async activate(id: string, by: AuditActor = CLI_ACTOR): Promise<PlatformRecord | null> {
    const platform = await this.deps.platforms.findById(id);
    if (!platform) return null;
    const kid = await this.deps.keys.ensurePlatform(platform);
    await this.deps.platforms.setActive(id, true, kid);
    await this.record(AUDIT.platformActivated, by, platform, { issuer: platform.issuer, kid });
    return this.deps.platforms.findById(id);
  }

  async deactivate(id: string, by: AuditActor = CLI_ACTOR): Promise<PlatformRecord | null> {
    const platform = await this.deps.platforms.findById(id);
    if (!platform) return null;
    await this.deps.platforms.setActive(id, false);
    await this.record(AUDIT.platformDeactivated, by, platform, { issuer: platform.issuer });
    return platform;
  }

  async setOperator(
    id: string,
    operator: boolean,
    by: AuditActor = CLI_ACTOR,
  ): Promise<PlatformRecord | null> {
    const updated = await this.deps.platforms.update(id, { operator });
    if (updated) await this.record(AUDIT.platformUpdated, by, updated, { operator });
    return updated;
  }

  list(): Promise<PlatformRecord[]> {
    return this.deps.platforms.list();
  }

  async remove(id: string, by: AuditActor = CLI_ACTOR): Promise<PlatformRecord | null> {
    const removed = await this.deps.platforms.remove(id);
    if (!removed) return null;
    await this.deps.keys.removePlatform(removed);
    await this.record(AUDIT.platformRemoved, by, removed, { issuer: removed.issuer });
    return removed;
  }

  async rotateKey(
    id: string,
    by: AuditActor = CLI_ACTOR,
  ): Promise<{ oldKid: string; newKid: string } | null> {
    const platform = await this.deps.platforms.findById(id);
    if (!platform?.activatedAt) return null;
    const rotated = await this.deps.keys.rotate(platform);
    await this.deps.platforms.setSigningKid(id, rotated.newKid);
    await this.record(AUDIT.keyRotated, by, platform, rotated);
    return rotated;
  }

  async retireKey(kid: string, by: AuditActor = CLI_ACTOR): Promise<"retired" | "in-use" | "unknown"> {
    const result = await this.deps.keys.retire(kid);
    if (result === "retired") {
      await this.deps.audit.record({
        action: AUDIT.keyRetired,
        outcome: "done",
        actor: by,
        target: { type: "key", id: kid },
        at: this.deps.clock.now(),
      });
    }
    return result;
  }

  /** A one-time registration URL; the secret is shown once, here. */
  async invite(
    input: { validForMs: number; note?: string; operator?: boolean },
    by: AuditActor = CLI_ACTOR,
  ): Promise<{ invitation: InvitationDoc; url: string }> {
    const { invitation, token } = await this.deps.invitations.create({
      validForMs: input.validForMs,
      createdBy: actorLabel(by),
      ...(input.note ? { note: input.note.slice(0, 200) } : {}),
      ...(input.operator ? { operator: true } : {}),
    });
    await this.deps.audit.record({
      action: AUDIT.invitationCreated,
      outcome: "done",
      actor: by,
      target: { type: "invitation", id: invitation._id },
      details: { expiresAt: invitation.expiresAt.toISOString(), operator: input.operator === true },
      at: this.deps.clock.now(),
    });
    return { invitation, url: `${this.deps.registerUrl}/${token}` };
  }

  async revokeInvitation(id: string, by: AuditActor = CLI_ACTOR): Promise<InvitationDoc | null> {
    const revoked = await this.deps.invitations.revoke(id);
    if (revoked) {
      await this.deps.audit.record({
        action: AUDIT.invitationRevoked,
        outcome: "done",
        actor: by,
        target: { type: "invitation", id },
        at: this.deps.clock.now(),
      });
    }
    return revoked;
  }

  private record(
    action: string,
    by: AuditActor,
    platform: PlatformRecord,
    details: Record<string, string | number | boolean>,
  ): Promise<void> {
    return this.deps.audit.record({
      action,
      outcome: "done",
      actor: by,
      target: { type: "platform", id: platform._id },
      tenant: { platformId: platform._id },
      details,
      at: this.deps.clock.now(),
    });
  }
}

function actorLabel(actor: AuditActor): string {
  if (actor.kind === "user") return `${actor.platformId ?? "?"}/${actor.userId ?? "?"}`;
  return actor.label ?? actor.kind;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 };
/** Invitations live at most this long: an unused one is a standing key to register a tenant. */
export const MAX_INVITATION_MS = 90 * 86_400_000;

/** "30m", "12h", "7d", "2w" → milliseconds, within 90 days; undefined when unreadable or too long. */
export function parseValidity(text: string): number | undefined {
  const match = /^(\d{1,4})([mhdw])$/.exec(text.trim());
  const unit = match?.[2] ? UNITS[match[2]] : undefined;
  if (!match || unit === undefined) return undefined;
  const ms = Number(match[1]) * unit;
  return ms > 0 && ms <= MAX_INVITATION_MS ? ms : undefined;
}
