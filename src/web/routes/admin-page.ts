// The administration page's view model: tool URLs and keys, the own issuer's registrations and audit
// events, and for operators every registration, the invitations and the manual registration form.
import type { Actor } from "../../domain/actor.js";
import type { AuditActor, AuditLog } from "../../domain/audit/audit-log.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import type { PlatformAdmin } from "../../lti/platform-admin.js";
import type { ToolDescription } from "../../lti/tool-description.js";
import type { ToolKeys } from "../../lti/tool-keys.js";
import type { PlatformRecord, PlatformRegistry } from "../../persistence/platform-registry.js";
import type { RegistrationInvitations } from "../../persistence/registration-invitations.js";
import { can } from "../../policies/policy.js";
import { operationPolicy } from "../../policies/administration.js";
import { auditRows, invitationRows, registrationRows } from "../../presenters/admin-presenter.js";
import { presetViews } from "../../presenters/lti-presets.js";
import type { Clock } from "../../clock.js";
import { page, type PageResult } from "../route.js";

export interface AdminDeps {
  platforms: PlatformRegistry;
  platformAdmin: PlatformAdmin;
  invitations: RegistrationInvitations;
  audit: AuditLog;
  keys: ToolKeys;
  tool: ToolDescription;
  clock: Clock;
}

/** Who is administering, from which platform. */
export interface AdminScope {
  own: PlatformRecord | null;
  operator: boolean;
  by: AuditActor;
}

export const VALIDITY_CHOICES = ["1d", "7d", "30d"] as const;

export async function adminScope(deps: Pick<AdminDeps, "platforms">, actor: Actor): Promise<AdminScope> {
  const own = await deps.platforms.findById(actor.platformId);
  return {
    own,
    operator: own !== null && can(actor, operationPolicy, "operate", own),
    by: { kind: "user", platformId: actor.platformId, userId: actor.userId },
  };
}

export async function adminPage(
  deps: AdminDeps,
  context: { t: Translate; locale: Locale },
  scope: AdminScope,
  extra: Record<string, unknown> = {},
): Promise<PageResult> {
  const { t, locale } = context;
  const ownId = scope.own?._id ?? "";
  const sameIssuer = scope.own ? await deps.platforms.findByIssuer(scope.own.issuer) : [];
  const events = await deps.audit.list({
    limit: scope.operator ? 50 : 20,
    ...(scope.operator ? {} : { platformIds: sameIssuer.map((platform) => platform._id) }),
  });
  const operator = scope.operator
    ? {
        platforms: registrationRows(t, locale, await deps.platforms.list(), ownId),
        invitations: invitationRows(t, locale, await deps.invitations.list(30), (invitation) =>
          deps.invitations.stateOf(invitation),
        ),
        validity: VALIDITY_CHOICES.map((value) => ({ value, label: t(`admin:validity.${value}`) })),
      }
    : undefined;
  return page("pages/admin/index", "admin", {
    title: t("admin:title"),
    urls: deps.tool.urls,
    presets: presetViews(deps.tool.config, deps.tool.urls, locale),
    jwks: JSON.stringify(await deps.keys.jwks(deps.clock.now().getTime()), null, 2),
    registrations: registrationRows(t, locale, sameIssuer, ownId),
    audit: auditRows(t, locale, events),
    operator,
    ...extra,
  });
}
