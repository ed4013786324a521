// Registrations, invitations and audit events → rows of the admin page: states in words, dates in the
// reader's language, only the fields an administrator needs (no token hashes, no raw details).
import type { AuditEntry } from "../domain/audit/audit-log.js";
import type { Translate } from "../i18n/i18n.js";
import { dateTimeFormat } from "../i18n/format.js";
import {
  registrationState,
  type PlatformRecord,
  type RegistrationState,
} from "../persistence/platform-registry.js";
import type { InvitationDoc, InvitationState } from "../persistence/registration-invitations.js";

function when(locale: string, date: Date): string {
  return dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Paris" }).format(
    date,
  );
}

export interface RegistrationRow {
  id: string;
  issuer: string;
  clientId: string;
  deployments: string;
  state: RegistrationState;
  stateLabel: string;
  method: string;
  registeredAt: string;
  current: boolean;
  operator: boolean;
}

export function registrationRows(
  t: Translate,
  locale: string,
  platforms: readonly PlatformRecord[],
  currentId: string,
): RegistrationRow[] {
  return platforms.map((platform) => {
    const state = registrationState(platform);
    const admitted = platform.registration.admittedBy;
    return {
      id: platform._id,
      issuer: platform.issuer,
      clientId: platform.clientId,
      deployments: platform.deploymentIds.join(", "),
      state,
      stateLabel: t(`admin:state.${state}`),
      method:
        t(`admin:method.${platform.registration.method}`) +
        (admitted ? ` (${t(`admin:admittedBy.${admitted}`)})` : ""),
      registeredAt: when(locale, platform.registration.at),
      current: platform._id === currentId,
      operator: platform.operator === true,
    };
  });
}

export interface InvitationRow {
  id: string;
  state: InvitationState;
  stateLabel: string;
  expiresAt: string;
  createdBy: string;
  note: string;
  platformId: string;
  open: boolean;
}

export function invitationRows(
  t: Translate,
  locale: string,
  invitations: readonly InvitationDoc[],
  stateOf: (invitation: InvitationDoc) => InvitationState,
): InvitationRow[] {
  return invitations.map((invitation) => {
    const state = stateOf(invitation);
    return {
      id: invitation._id,
      state,
      stateLabel: t(`admin:invitationState.${state}`),
      expiresAt: when(locale, invitation.expiresAt),
      createdBy: invitation.createdBy,
      note: invitation.note ?? "",
      platformId: invitation.platformId ?? "",
      open: state === "open",
    };
  });
}

export interface AuditRow {
  at: string;
  action: string;
  /** The action in words, when it has a label (empty otherwise: the code alone is shown). */
  label: string;
  refused: boolean;
  actor: string;
  target: string;
  details: string;
}

export function auditRows(t: Translate, locale: string, entries: readonly AuditEntry[]): AuditRow[] {
  return entries.map((entry) => ({
    at: when(locale, entry.at),
    action: entry.action,
    // Actions with a label of their own (people's data rights) are named in words, the code beside.
    label: t(`admin:auditActions.${entry.action}`, { defaultValue: "" }),
    refused: entry.outcome === "refused",
    actor: [t(`admin:actorKind.${entry.actor.kind}`), entry.actor.label, entry.actor.userId, entry.actor.ip]
      .filter(Boolean)
      .join(" · "),
    target: entry.target ? `${entry.target.type} ${entry.target.id}` : "",
    details: Object.entries(entry.details ?? {})
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join(", "),
  }));
}
