/**
 * The platform side of LTI Dynamic Registration 1.0 (§3.5 client registration request, §3.6 response),
 * with Moodle's checks and response shape (mod/lti/classes/local/ltiopenid/registration_helper.php).
 */
import { SCOPE, TOOL_CONFIGURATION } from "./lti-vocabulary.js";
import type { Parsed } from "./ags-store.js";

export interface ValidRegistration {
  clientName: string;
  initiateLoginUri: string;
  redirectUris: string[];
  jwksUri: string;
  targetLinkUri: string;
  domain: string;
  description: string;
  logoUri: string;
  /** Scopes Moodle grants for the requested ones (see grantedScopes). */
  scopes: string[];
  customParameters: Record<string, string>;
  deepLinkingUrl: string | undefined;
  supportsDeepLinking: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function nonEmpty(value: unknown): boolean {
  return !(
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Moodle's mapping from requested scopes to service settings: any AGS read or score scope enables
 * grade sync (score, result.readonly, lineitem.readonly); `lineitem` adds line item management;
 * NRPS is granted when asked.
 */
export function grantedScopes(requested: string[]): string[] {
  const scopes: string[] = [];
  const gradeSync = [SCOPE.score, SCOPE.resultReadonly, SCOPE.lineItemReadonly, SCOPE.lineItem].some((s) =>
    requested.includes(s),
  );
  if (gradeSync) scopes.push(SCOPE.score, SCOPE.resultReadonly, SCOPE.lineItemReadonly);
  if (requested.includes(SCOPE.lineItem)) scopes.push(SCOPE.lineItem);
  if (requested.includes(SCOPE.nrps)) scopes.push(SCOPE.nrps);
  return scopes;
}

/** Validates a registration request; the failure reason uses Moodle's wording. */
export function validateRegistration(body: unknown): Parsed<ValidRegistration> {
  const fail = (reason: string): Parsed<ValidRegistration> => ({ ok: false, reason });
  if (!isRecord(body)) return fail("registration payload is not a JSON object");
  for (const key of [
    "response_types",
    "initiate_login_uri",
    "redirect_uris",
    "client_name",
    "jwks_uri",
    "token_endpoint_auth_method",
    "grant_types",
    TOOL_CONFIGURATION,
  ]) {
    if (!nonEmpty(body[key])) return fail(`missing required attribute ${key}`);
  }
  const toolConfiguration = body[TOOL_CONFIGURATION];
  if (!isRecord(toolConfiguration)) return fail(`invalid ${TOOL_CONFIGURATION}`);
  for (const key of ["domain", "target_link_uri", "messages"]) {
    if (
      toolConfiguration[key] === undefined ||
      toolConfiguration[key] === null ||
      toolConfiguration[key] === ""
    ) {
      return fail(`missing required attribute ${key}`);
    }
  }
  if (!isStringArray(body.response_types) || !body.response_types.includes("id_token")) {
    return fail("invalid_response_types");
  }
  if (!isStringArray(body.redirect_uris)) return fail("invalid_redirect_uris");
  if (body.token_endpoint_auth_method !== "private_key_jwt") {
    return fail("invalid_token_endpoint_auth_method");
  }
  if (body.application_type !== undefined && body.application_type !== "web") {
    return fail("invalid_application_type");
  }
  // LTI DR §3.5.1: a tool must ask for both grants (implicit for launches, client_credentials for services).
  const grantTypes = body.grant_types;
  if (
    !isStringArray(grantTypes) ||
    !["client_credentials", "implicit"].every((g) => grantTypes.includes(g))
  ) {
    return fail("invalid_grant_types");
  }
  const stringFields = ["initiate_login_uri", "client_name", "jwks_uri"] as const;
  for (const key of stringFields) if (typeof body[key] !== "string") return fail(`invalid ${key}`);
  const { domain, target_link_uri: targetLinkUri, messages } = toolConfiguration;
  if (typeof domain !== "string" || typeof targetLinkUri !== "string") {
    return fail("invalid target_link_uri or domain");
  }
  if (!Array.isArray(messages) || !messages.every((m) => isRecord(m) && typeof m.type === "string")) {
    return fail("invalid messages");
  }
  const deepLinking = messages.find(
    (m): m is Record<string, unknown> => isRecord(m) && m.type === "LtiDeepLinkingRequest",
  );
  const custom = isRecord(toolConfiguration.custom_parameters) ? toolConfiguration.custom_parameters : {};
  return {
    ok: true,
    value: {
      clientName: String(body.client_name),
      initiateLoginUri: String(body.initiate_login_uri),
      redirectUris: body.redirect_uris,
      jwksUri: String(body.jwks_uri),
      targetLinkUri,
      domain,
      description: typeof toolConfiguration.description === "string" ? toolConfiguration.description : "",
      logoUri: typeof body.logo_uri === "string" ? body.logo_uri : "",
      scopes: grantedScopes(typeof body.scope === "string" ? body.scope.split(" ").filter(Boolean) : []),
      customParameters: Object.fromEntries(Object.entries(custom).map(([k, v]) => [k, String(v)])),
      deepLinkingUrl:
        deepLinking && typeof deepLinking.target_link_uri === "string"
          ? deepLinking.target_link_uri
          : undefined,
      supportsDeepLinking: deepLinking !== undefined,
    },
  };
}

/**
 * Moodle's config_to_registration(): the registration as stored, with client_id and the deployment id.
 * Quirks kept on purpose: `application_type` is an array, `claims` always lists names and email.
 */
export function registrationResponse(
  registration: ValidRegistration,
  clientId: string,
  deploymentId: string,
): Record<string, unknown> {
  const toolConfiguration: Record<string, unknown> = {
    deployment_id: deploymentId,
    target_link_uri: registration.targetLinkUri,
    domain: registration.domain,
    description: registration.description,
  };
  if (registration.supportsDeepLinking) {
    const message: Record<string, string> = { type: "LtiDeepLinkingRequest" };
    if (registration.deepLinkingUrl !== undefined) message.target_link_uri = registration.deepLinkingUrl;
    toolConfiguration.messages = [message];
  }
  if (Object.keys(registration.customParameters).length > 0) {
    toolConfiguration.custom_parameters = registration.customParameters;
  }
  toolConfiguration.claims = ["sub", "iss", "name", "family_name", "middle_name", "email"];
  return {
    client_id: clientId,
    token_endpoint_auth_method: "private_key_jwt",
    response_types: ["id_token"],
    jwks_uri: registration.jwksUri,
    initiate_login_uri: registration.initiateLoginUri,
    grant_types: ["client_credentials", "implicit"],
    redirect_uris: registration.redirectUris,
    application_type: ["web"],
    client_name: registration.clientName,
    logo_uri: registration.logoUri,
    scope: registration.scopes.join(" "),
    [TOOL_CONFIGURATION]: toolConfiguration,
  };
}
