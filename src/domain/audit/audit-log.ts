// The audit log port: security-relevant events (who did what, to what, in which tenant, when), kept
// apart from application logs and readable by Carnet's operators. Any area records through it.

/** `area.verb`, e.g. "registration.invited", "platform.activated", "export.created". */
export type AuditAction = string;

export interface AuditActor {
  /** operator: CLI or operator page; user: a launched person; anonymous: an unauthenticated request. */
  kind: "operator" | "user" | "anonymous" | "system";
  platformId?: string;
  userId?: string;
  /** A short human label (the CLI's OS user, "admin page"); never an e-mail or a name. */
  label?: string;
  /** Source address of an anonymous request. */
  ip?: string;
}

export interface AuditTenant {
  platformId?: string;
  deploymentId?: string;
  contextId?: string;
}

export interface AuditTarget {
  type: string;
  id: string;
}

export type AuditDetails = Record<string, string | number | boolean>;

export interface AuditEvent {
  action: AuditAction;
  outcome: "done" | "refused";
  actor: AuditActor;
  target?: AuditTarget;
  tenant?: AuditTenant;
  details?: AuditDetails;
  at: Date;
}

export interface AuditEntry extends AuditEvent {
  id: string;
}

export interface AuditQuery {
  /** Only these tenants' events (an LMS administrator's view); all tenants when absent (operators). */
  platformIds?: readonly string[];
  /** An action or an area prefix ("registration." matches every registration event). */
  action?: string;
  before?: Date;
  limit: number;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  list(query: AuditQuery): Promise<AuditEntry[]>;
}

/** The events Carnet's registration and key management record (other areas add their own). */
export const AUDIT = {
  invitationCreated: "registration.invited",
  invitationRevoked: "registration.invitation_revoked",
  registrationReceived: "registration.received",
  registrationRefused: "registration.refused",
  issuerClaimRefused: "registration.issuer_claim_refused",
  platformAdded: "platform.added",
  platformUpdated: "platform.updated",
  platformActivated: "platform.activated",
  platformDeactivated: "platform.deactivated",
  platformRemoved: "platform.removed",
  keyCreated: "key.created",
  keyRotated: "key.rotated",
  keyRetired: "key.retired",
  roleElevated: "launch.admin_role",
  personExported: "person.exported",
  personErased: "person.erased",
} as const;

const MAX_DETAIL_LENGTH = 300;

/** Details are short scalars: no remote bodies, no personal data, nothing that grows without bound. */
export function boundedDetails(details: Record<string, unknown> | undefined): AuditDetails | undefined {
  if (!details) return undefined;
  const bounded: AuditDetails = {};
  for (const [key, value] of Object.entries(details).slice(0, 20)) {
    if (typeof value === "number" || typeof value === "boolean") bounded[key] = value;
    else if (typeof value === "string") bounded[key] = value.slice(0, MAX_DETAIL_LENGTH);
  }
  return bounded;
}
