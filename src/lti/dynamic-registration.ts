// LTI Dynamic Registration 1.0, tool side: an LMS administrator pastes Carnet's registration URL in the
// LMS, the LMS opens it with its configuration URL and a one-time token, Carnet registers itself.
// Invited (an operator's one-time URL) or allowlisted registrations become active; any other is kept
// pending and does nothing until an operator activates it. No registration overwrites another one,
// and an issuer already registered cannot be claimed without an operator.
import { z } from "zod";
import type { Clock } from "../clock.js";
import { AUDIT, type AuditActor, type AuditLog } from "../domain/audit/audit-log.js";
import { AppError } from "../errors.js";
import {
  PlatformExistsError,
  type PlatformRecord,
  type PlatformRegistry,
} from "../persistence/platform-registry.js";
import type { InvitationDoc, RegistrationInvitations } from "../persistence/registration-invitations.js";
import {
  CONFIGURATION_MAX_BYTES,
  fetchPlatformJson,
  OutboundError,
  type OutboundFetch,
} from "./outbound-http.js";
import type { PlatformAdmin } from "./platform-admin.js";
import { originOf, parsePlatformUrl, type Origin, type UrlPolicy } from "./platform-urls.js";
import type { ToolDescription } from "./tool-description.js";

const PlatformConfiguration = z
  .object({
    issuer: z.string(),
    authorization_endpoint: z.string(),
    token_endpoint: z.string(),
    jwks_uri: z.string(),
    registration_endpoint: z.string(),
    authorization_server: z.string().max(2000).optional(),
    scopes_supported: z.array(z.string()).optional(),
    "https://purl.imsglobal.org/spec/lti-platform-configuration": z
      .object({
        product_family_code: z.string().max(100).optional(),
        version: z.string().max(100).optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();
type PlatformConfiguration = z.infer<typeof PlatformConfiguration>;

const RegistrationResponse = z
  .object({
    client_id: z.string().min(1).max(500),
    "https://purl.imsglobal.org/spec/lti-tool-configuration": z
      .object({ deployment_id: z.union([z.string().max(255), z.number()]).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** Pending registrations kept at most: beyond, anonymous registrations are refused. */
export const MAX_PENDING_REGISTRATIONS = 100;

const STATUS: Record<string, number> = {
  REGISTRATION_PLATFORM_UNREACHABLE: 502,
  REGISTRATION_ISSUER_TAKEN: 409,
  REGISTRATION_PLATFORM_EXISTS: 409,
  REGISTRATION_RATE_LIMITED: 429,
  REGISTRATION_PENDING_FULL: 503,
};

export class RegistrationFailed extends AppError {
  constructor(reason: string, detail?: string) {
    super(reason, STATUS[reason] ?? 400, `lti:registration.${reason}`, {}, detail);
  }
}

export interface DynamicRegistrationDeps {
  tool: ToolDescription;
  platforms: PlatformRegistry;
  admin: PlatformAdmin;
  invitations: RegistrationInvitations;
  audit: AuditLog;
  outbound: OutboundFetch;
  clock: Clock;
  urlPolicy: UrlPolicy;
  allowedOrigins: readonly string[];
}

export interface RegistrationRequest {
  openidConfiguration: string;
  registrationToken?: string;
  invitationToken?: string;
  sourceIp: string;
}

export interface RegistrationOutcome {
  platform: PlatformRecord;
  active: boolean;
}

interface Admission {
  by: "invitation" | "allowlist" | "none";
  invitation?: InvitationDoc;
}

interface CheckedConfiguration {
  issuer: Origin;
  issuerHref: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  registrationUrl: string;
  authServer?: string;
  raw: PlatformConfiguration;
}

export async function registerDynamically(
  deps: DynamicRegistrationDeps,
  request: RegistrationRequest,
): Promise<RegistrationOutcome> {
  const actor: AuditActor = { kind: "anonymous", ip: request.sourceIp };
  const configurationUrl = checkedUrl(
    deps,
    request.openidConfiguration,
    "REGISTRATION_CONFIGURATION_INVALID",
  );
  const admission = await admit(deps, request, configurationUrl.origin);
  const configuration = await fetchConfiguration(
    deps,
    configurationUrl.href,
    configurationUrl.origin,
    admission,
  );
  // Without an invitation, an LMS origin already registered cannot be claimed (its files could hold
  // the configuration); with one, the registration waits for the operator like any new version.
  const known = (await deps.platforms.list()).filter((p) => originOf(p.issuer) === configuration.issuer);
  if (known.length > 0 && admission.by !== "invitation") {
    await refuseClaim(deps, actor, configuration.issuerHref, known[0]?._id);
    throw new RegistrationFailed("REGISTRATION_ISSUER_TAKEN", configuration.issuerHref);
  }
  const response = await postRegistration(deps, configuration, request.registrationToken);
  const platform = await store(deps, configuration, response, admission, request.sourceIp, actor);
  const admitted = admission.by !== "none" && known.length === 0;
  const activate = admitted && (await consumed(deps, admission, request, platform));
  const activated = activate ? await deps.admin.activate(platform._id, actor) : null;
  return { platform: activated ?? platform, active: activated?.active === true };
}

function checkedUrl(
  deps: DynamicRegistrationDeps,
  raw: string,
  failure: string,
): { href: string; origin: Origin } {
  const parsed = parsePlatformUrl(raw, deps.urlPolicy);
  if (!parsed.ok) throw new RegistrationFailed(failure, `${parsed.problem}: ${raw.slice(0, 200)}`);
  return { href: parsed.href, origin: parsed.origin };
}

async function admit(
  deps: DynamicRegistrationDeps,
  request: RegistrationRequest,
  origin: Origin,
): Promise<Admission> {
  if (request.invitationToken !== undefined) {
    const invitation = await deps.invitations.findUsable(request.invitationToken);
    if (!invitation) throw new RegistrationFailed("REGISTRATION_INVITATION_INVALID");
    return { by: "invitation", invitation };
  }
  if (deps.allowedOrigins.includes(origin)) return { by: "allowlist" };
  if ((await deps.platforms.countPending()) >= MAX_PENDING_REGISTRATIONS) {
    throw new RegistrationFailed("REGISTRATION_PENDING_FULL");
  }
  return { by: "none" };
}

async function fetchConfiguration(
  deps: DynamicRegistrationDeps,
  url: string,
  origin: Origin,
  admission: Admission,
): Promise<CheckedConfiguration> {
  let body: unknown;
  try {
    body = await fetchPlatformJson(deps.outbound, url, { maxBytes: CONFIGURATION_MAX_BYTES });
  } catch (error) {
    throw unreachable(error);
  }
  const parsed = PlatformConfiguration.safeParse(body);
  if (!parsed.success) {
    throw new RegistrationFailed(
      "REGISTRATION_CONFIGURATION_INVALID",
      parsed.error.issues.map((i) => i.path.join(".")).join(","),
    );
  }
  const raw = parsed.data;
  const issuer = checkedUrl(deps, raw.issuer, "REGISTRATION_CONFIGURATION_INVALID");
  // DR §3.5.1: the configuration must come from the issuer it claims to be.
  if (issuer.origin !== origin)
    throw new RegistrationFailed("REGISTRATION_ISSUER_MISMATCH", `${raw.issuer} vs ${url}`);
  const endpoints = [
    raw.authorization_endpoint,
    raw.token_endpoint,
    raw.jwks_uri,
    raw.registration_endpoint,
  ].map((value) => checkedUrl(deps, value, "REGISTRATION_CONFIGURATION_INVALID"));
  // An allowlisted origin vouches for its own endpoints only, not for wherever a file on it points.
  if (
    admission.by === "allowlist" &&
    endpoints.some((e) => e.origin !== origin && !deps.allowedOrigins.includes(e.origin))
  ) {
    throw new RegistrationFailed(
      "REGISTRATION_CONFIGURATION_INVALID",
      "endpoint outside the allowlisted origins",
    );
  }
  const [auth, token, jwks, registration] = endpoints.map((e) => e.href);
  if (!auth || !token || !jwks || !registration)
    throw new RegistrationFailed("REGISTRATION_CONFIGURATION_INVALID");
  return {
    issuer: issuer.origin,
    issuerHref: raw.issuer,
    authUrl: auth,
    tokenUrl: token,
    jwksUrl: jwks,
    registrationUrl: registration,
    ...(raw.authorization_server ? { authServer: raw.authorization_server } : {}),
    raw,
  };
}

async function postRegistration(
  deps: DynamicRegistrationDeps,
  configuration: CheckedConfiguration,
  registrationToken: string | undefined,
): Promise<z.infer<typeof RegistrationResponse>> {
  const supported = configuration.raw.scopes_supported;
  const wanted = deps.tool.config.tool.scopes;
  const scopes = supported ? wanted.filter((scope) => supported.includes(scope)) : wanted;
  let response: Response;
  try {
    response = await deps.outbound(configuration.registrationUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}),
      },
      body: JSON.stringify(deps.tool.registrationRequest(scopes)),
      maxBytes: CONFIGURATION_MAX_BYTES,
      timeoutMs: 15_000,
    });
  } catch (error) {
    throw unreachable(error);
  }
  // The platform's answer is logged as a status only: its body is the platform's, not ours to echo.
  if (!response.ok) throw new RegistrationFailed("REGISTRATION_REFUSED", `status ${response.status}`);
  const parsed = RegistrationResponse.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new RegistrationFailed("REGISTRATION_RESPONSE_INVALID");
  return parsed.data;
}

async function store(
  deps: DynamicRegistrationDeps,
  configuration: CheckedConfiguration,
  response: z.infer<typeof RegistrationResponse>,
  admission: Admission,
  sourceIp: string,
  actor: AuditActor,
): Promise<PlatformRecord> {
  const deploymentId = response["https://purl.imsglobal.org/spec/lti-tool-configuration"]?.deployment_id;
  const product = configuration.raw["https://purl.imsglobal.org/spec/lti-platform-configuration"];
  const host = new URL(configuration.issuerHref).host;
  let platform: PlatformRecord;
  try {
    platform = await deps.platforms.create({
      issuer: configuration.issuerHref,
      clientId: response.client_id,
      name: product?.product_family_code ? `${product.product_family_code} ${host}` : host,
      authUrl: configuration.authUrl,
      tokenUrl: configuration.tokenUrl,
      jwksUrl: configuration.jwksUrl,
      authServer: configuration.authServer,
      deploymentIds: deploymentId !== undefined ? [String(deploymentId)] : [],
      ...(admission.invitation?.operator ? { operator: true } : {}),
      registration: {
        method: "dynamic",
        productFamily: product?.product_family_code,
        version: product?.version,
        ...(admission.by !== "none" ? { admittedBy: admission.by } : {}),
        ...(admission.invitation ? { invitationId: admission.invitation._id } : {}),
        sourceIp,
        at: deps.clock.now(),
      },
    });
  } catch (error) {
    if (!(error instanceof PlatformExistsError)) throw error;
    await refuseClaim(deps, actor, configuration.issuerHref, error.existing?._id);
    throw new RegistrationFailed(
      "REGISTRATION_PLATFORM_EXISTS",
      `${configuration.issuerHref} ${response.client_id}`,
    );
  }
  await deps.audit.record({
    action: AUDIT.registrationReceived,
    outcome: "done",
    actor,
    target: { type: "platform", id: platform._id },
    tenant: { platformId: platform._id },
    details: { issuer: platform.issuer, clientId: platform.clientId, admittedBy: admission.by },
    at: deps.clock.now(),
  });
  return platform;
}

/** Allowlisted registrations need nothing more; an invitation is used once, by the first to finish. */
async function consumed(
  deps: DynamicRegistrationDeps,
  admission: Admission,
  request: RegistrationRequest,
  platform: PlatformRecord,
): Promise<boolean> {
  if (admission.by === "allowlist") return true;
  if (request.invitationToken === undefined) return false;
  return (await deps.invitations.consume(request.invitationToken, platform._id)) !== null;
}

function unreachable(error: unknown): RegistrationFailed {
  // The same answer for a closed port, a refused address, a timeout or a bad answer: no network map.
  const reason = error instanceof OutboundError ? `${error.reason} ${error.host}` : String(error);
  return new RegistrationFailed("REGISTRATION_PLATFORM_UNREACHABLE", reason);
}

async function refuseClaim(
  deps: DynamicRegistrationDeps,
  actor: AuditActor,
  issuer: string,
  platformId: string | undefined,
): Promise<void> {
  await deps.audit.record({
    action: AUDIT.issuerClaimRefused,
    outcome: "refused",
    actor,
    ...(platformId ? { target: { type: "platform", id: platformId }, tenant: { platformId } } : {}),
    details: { issuer: issuer.slice(0, 300) },
    at: deps.clock.now(),
  });
}
