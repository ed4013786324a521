/**
 * The id_token payload of a launch, shaped like Moodle 5.1's (fixtures LtiResourceLinkRequest-*.json):
 * same claims, same order, same conventions (full role URIs, context.type ["CourseSection"], string
 * deployment id, exp = iat + 60, custom carrying context_memberships_url, `type_id` on AGS URLs).
 */
import type { JwtPayload } from "./jwt-keys.js";
import { CLAIM } from "./lti-vocabulary.js";
import type { LaunchUser, LtiMessageType } from "./types.js";

/** Moodle 5.1+ (Build: 20251017), as in the fixtures' tool_platform claim. */
export const MOODLE_PLATFORM = {
  product_family_code: "moodle",
  version: "2025100600.02",
  name: "lab",
  description: "Moodle Lab (simulated)",
} as const;

/** Moodle's id_token lifetime: exp = iat + 60 (fixtures). */
export const ID_TOKEN_LIFETIME_SECONDS = 60;

export interface LaunchClaimsInput {
  issuer: string;
  clientId: string;
  deploymentId: string;
  targetLinkUri: string;
  messageType: LtiMessageType;
  user: LaunchUser;
  /** Full role URIs. */
  roles: string[];
  /** LTI 1.3 role_scope_mentor: the user ids a Mentor mentors (sent only when given). */
  roleScopeMentor?: string[];
  context: { id: string; label: string; title: string; type: string[] } | undefined;
  resourceLink: { id: string; title: string; description: string } | undefined;
  custom: Record<string, string>;
  launchPresentation: { locale: string; document_target: string; return_url: string };
  platformGuid: string;
  ags: { scope: string[]; lineitems: string; lineitem?: string } | undefined;
  nrpsUrl: string | undefined;
  deepLinkingSettings: Record<string, unknown> | undefined;
  basicOutcome: { lis_result_sourcedid: string; lis_outcome_service_url: string } | undefined;
}

export function buildIdTokenPayload(
  input: LaunchClaimsInput,
  nonce: string | undefined,
  iat: number,
): JwtPayload {
  const { user } = input;
  const payload: JwtPayload = {};
  if (nonce !== undefined) payload.nonce = nonce;
  Object.assign(payload, {
    iat,
    exp: iat + ID_TOKEN_LIFETIME_SECONDS,
    iss: input.issuer,
    aud: input.clientId,
    [CLAIM.deploymentId]: input.deploymentId,
    [CLAIM.targetLinkUri]: input.targetLinkUri,
    sub: user.sub,
    [CLAIM.lis]: { person_sourcedid: "", course_section_sourcedid: "" },
    [CLAIM.roles]: input.roles,
  });
  if (input.roleScopeMentor) payload[CLAIM.roleScopeMentor] = input.roleScopeMentor;
  if (input.context) payload[CLAIM.context] = input.context;
  payload[CLAIM.messageType] = input.messageType;
  if (input.resourceLink) {
    const { id, title, description } = input.resourceLink;
    payload[CLAIM.resourceLink] = { title, description, id };
  }
  if (input.basicOutcome) payload[CLAIM.basicOutcome] = input.basicOutcome;
  const name = user.name ?? ([user.given_name, user.family_name].filter(Boolean).join(" ") || undefined);
  if (user.given_name !== undefined) payload.given_name = user.given_name;
  if (user.family_name !== undefined) payload.family_name = user.family_name;
  if (name !== undefined) payload.name = name;
  payload[CLAIM.ext] = { user_username: user.username ?? `user${user.sub}`, lms: "moodle-2" };
  if (user.email !== undefined) payload.email = user.email;
  if (user.picture !== undefined) payload.picture = user.picture;
  payload[CLAIM.launchPresentation] = input.launchPresentation;
  payload[CLAIM.toolPlatform] = { ...MOODLE_PLATFORM, guid: input.platformGuid };
  payload[CLAIM.version] = "1.3.0";
  if (Object.keys(input.custom).length > 0) payload[CLAIM.custom] = input.custom;
  if (input.deepLinkingSettings) payload[CLAIM.deepLinkingSettings] = input.deepLinkingSettings;
  if (input.ags) payload[CLAIM.agsEndpoint] = input.ags;
  if (input.nrpsUrl !== undefined) {
    payload[CLAIM.nrps] = { context_memberships_url: input.nrpsUrl, service_versions: ["1.0", "2.0"] };
  }
  return payload;
}
