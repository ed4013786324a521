// LTI 1.3 claim names and a runtime schema for the id_token payload Carnet relies on.
import { z } from "zod";

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
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  dlContentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  dlData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  dlMessage: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
  dlErrorMessage: "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg",
} as const;

export const MESSAGE_TYPES = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** LMSs send ids and titles as numbers too (Moodle's context id); Carnet keeps them as strings. */
const stringOrNumber = z.union([z.string(), z.number()]).transform((value) => String(value));
const optionalString = stringOrNumber.optional();

const ContextClaim = z
  .object({
    id: stringOrNumber,
    label: optionalString,
    title: optionalString,
    type: z.array(z.string()).optional(),
  })
  .passthrough();

const ResourceLinkClaim = z
  .object({
    id: stringOrNumber,
    title: optionalString,
    description: optionalString,
  })
  .passthrough();

const AgsClaim = z
  .object({
    scope: z.array(z.string()).default([]),
    lineitems: z.string().url().optional(),
    lineitem: z.string().url().optional(),
  })
  .passthrough();

const NrpsClaim = z
  .object({
    context_memberships_url: z.string().url(),
    service_versions: z.array(z.string()).optional(),
  })
  .passthrough();

const DeepLinkingSettingsClaim = z
  .object({
    deep_link_return_url: z.string().url(),
    accept_types: z.array(z.string()).default([]),
    accept_presentation_document_targets: z.array(z.string()).default([]),
    accept_media_types: z.string().optional(),
    accept_multiple: z.union([z.boolean(), z.string()]).optional(),
    accept_lineitem: z.union([z.boolean(), z.string()]).optional(),
    auto_create: z.union([z.boolean(), z.string()]).optional(),
    title: z.string().optional(),
    text: z.string().optional(),
    data: z.string().optional(),
  })
  .passthrough();

const LaunchPresentationClaim = z
  .object({
    locale: z.string().optional(),
    document_target: z.string().optional(),
    return_url: z.string().optional(),
  })
  .passthrough();

/** What Carnet reads from a verified id_token; other claims are ignored. */
export const LaunchClaimsSchema = z
  .object({
    iss: z.string().min(1),
    sub: z.string().min(1).max(255),
    aud: z.union([z.string(), z.array(z.string())]),
    azp: z.string().optional(),
    exp: z.number(),
    iat: z.number(),
    nonce: z.string().min(1),
    name: z.string().max(500).optional(),
    given_name: z.string().max(250).optional(),
    family_name: z.string().max(250).optional(),
    email: z.string().max(320).optional(),
    picture: z.string().max(2000).optional(),
    locale: z.string().optional(),
    [CLAIM.messageType]: z.enum(MESSAGE_TYPES),
    [CLAIM.version]: z.literal("1.3.0"),
    [CLAIM.deploymentId]: z.string().min(1).max(255),
    [CLAIM.targetLinkUri]: z.string().optional(),
    [CLAIM.roles]: z.array(z.string()),
    [CLAIM.roleScopeMentor]: z.array(z.string()).optional(),
    [CLAIM.context]: ContextClaim.optional(),
    [CLAIM.resourceLink]: ResourceLinkClaim.optional(),
    [CLAIM.launchPresentation]: LaunchPresentationClaim.optional(),
    [CLAIM.custom]: z.record(z.unknown()).optional(),
    [CLAIM.toolPlatform]: z.record(z.unknown()).optional(),
    [CLAIM.ags]: AgsClaim.optional(),
    [CLAIM.nrps]: NrpsClaim.optional(),
    [CLAIM.deepLinkingSettings]: DeepLinkingSettingsClaim.optional(),
  })
  .passthrough();

export type LaunchClaims = z.infer<typeof LaunchClaimsSchema>;
export type DeepLinkingSettings = z.infer<typeof DeepLinkingSettingsClaim>;

/** Custom parameters arrive as strings (Moodle) or any JSON value (others); Carnet keeps strings. */
export function customParameters(claims: LaunchClaims): Record<string, string> {
  const custom = claims[CLAIM.custom] ?? {};
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(custom)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      result[key] = String(value);
    }
  }
  return result;
}
