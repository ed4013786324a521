/** Claim names, scopes, media types and roles of LTI 1.3 and its services, in one place. */

/** LTI Core 1.3 §5 and the service specs: claim names of the id_token. */
export const CLAIM = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  roleScopeMentor: "https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
  toolPlatform: "https://purl.imsglobal.org/spec/lti/claim/tool_platform",
  launchPresentation: "https://purl.imsglobal.org/spec/lti/claim/launch_presentation",
  custom: "https://purl.imsglobal.org/spec/lti/claim/custom",
  lis: "https://purl.imsglobal.org/spec/lti/claim/lis",
  ext: "https://purl.imsglobal.org/spec/lti/claim/ext",
  basicOutcome: "https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome",
  agsEndpoint: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  deepLinkingMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
  deepLinkingLog: "https://purl.imsglobal.org/spec/lti-dl/claim/log",
  deepLinkingErrorMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg",
  deepLinkingErrorLog: "https://purl.imsglobal.org/spec/lti-dl/claim/errorlog",
} as const;

export const TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
export const PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";

export const SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

/** AGS scopes in the order Moodle lists them in the launch claim (see the fixtures). */
export const AGS_SCOPES: readonly string[] = [
  SCOPE.lineItem,
  SCOPE.lineItemReadonly,
  SCOPE.resultReadonly,
  SCOPE.score,
];
export const ALL_SERVICE_SCOPES: readonly string[] = [...AGS_SCOPES, SCOPE.nrps];

export const MEDIA_TYPE = {
  lineItemContainer: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  score: "application/vnd.ims.lis.v1.score+json",
  resultContainer: "application/vnd.ims.lis.v2.resultcontainer+json",
  membershipContainer: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

const MEMBERSHIP_ROLE_PREFIX = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
const SYSTEM_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator";
const INSTITUTION_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator";

/**
 * Expands short role names to the full URIs Moodle sends in launches (LTI Core §A.2.3 context roles).
 * "Administrator" stands for Moodle's site administrator, which Moodle sends as the system and
 * institution person roles. Full URIs pass through unchanged.
 */
export function toRoleUris(roles: readonly string[]): string[] {
  const uris = roles.flatMap((role) => {
    if (role.includes(":") || role.includes("#")) return [role];
    if (role === "Administrator") return [INSTITUTION_ADMIN, SYSTEM_ADMIN];
    return [`${MEMBERSHIP_ROLE_PREFIX}${role}`];
  });
  return [...new Set(uris)];
}

/**
 * The short form NRPS uses for context roles (Moodle lists members with "Learner", "Instructor"; see
 * nrps-members.json). Other roles stay full URIs.
 */
export function toNrpsRole(role: string): string {
  const [uri] = toRoleUris([role]);
  const full = uri ?? role;
  return full.startsWith(MEMBERSHIP_ROLE_PREFIX) ? full.slice(MEMBERSHIP_ROLE_PREFIX.length) : full;
}

/** Whether `roles` (short or full) include the given context role (e.g. "Learner"). */
export function hasContextRole(roles: readonly string[], shortRole: string): boolean {
  return toRoleUris(roles).includes(`${MEMBERSHIP_ROLE_PREFIX}${shortRole}`);
}
