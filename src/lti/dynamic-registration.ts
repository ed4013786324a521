// LTI Dynamic Registration 1.0, tool side: an LMS administrator pastes /lti/register in the LMS, the
// LMS opens it with its configuration URL and a one-time token, Carnet registers and closes the window.
import { z } from "zod";
import type { PlatformRegistry, PlatformRecord } from "../persistence/platform-registry.js";
import { AppError } from "../errors.js";
import type { ToolKeys } from "./tool-keys.js";
import type { ToolDescription } from "./tool-description.js";

const PlatformConfiguration = z
  .object({
    issuer: z.string().url(),
    authorization_endpoint: z.string().url(),
    token_endpoint: z.string().url(),
    jwks_uri: z.string().url(),
    registration_endpoint: z.string().url(),
    authorization_server: z.string().optional(),
    scopes_supported: z.array(z.string()).optional(),
    "https://purl.imsglobal.org/spec/lti-platform-configuration": z
      .object({
        product_family_code: z.string().optional(),
        version: z.string().optional(),
        messages_supported: z.array(z.object({ type: z.string() }).passthrough()).optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

const RegistrationResponse = z
  .object({
    client_id: z.string().min(1),
    "https://purl.imsglobal.org/spec/lti-tool-configuration": z
      .object({ deployment_id: z.union([z.string(), z.number()]).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

export const REQUESTED_SCOPES = [
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
];

export class RegistrationFailed extends AppError {
  constructor(reason: string, detail?: string) {
    super(
      reason,
      reason === "REGISTRATION_PLATFORM_UNREACHABLE" ? 502 : 400,
      `lti:registration.${reason}`,
      {},
      detail,
    );
  }
}

export interface DynamicRegistrationDeps {
  tool: ToolDescription;
  platforms: PlatformRegistry;
  keys: ToolKeys;
  autoActivate: boolean;
  fetchImpl?: typeof fetch;
}

export async function registerDynamically(
  deps: DynamicRegistrationDeps,
  openidConfigurationUrl: string,
  registrationToken: string | undefined,
): Promise<PlatformRecord> {
  const doFetch = deps.fetchImpl ?? fetch;
  const configuration = await fetchConfiguration(doFetch, openidConfigurationUrl);
  // DR §3.5.1: the configuration must come from the issuer it claims to be.
  if (!sameOriginPrefix(openidConfigurationUrl, configuration.issuer)) {
    throw new RegistrationFailed(
      "REGISTRATION_ISSUER_MISMATCH",
      `${configuration.issuer} vs ${openidConfigurationUrl}`,
    );
  }
  const supported = configuration.scopes_supported;
  const scopes = supported ? REQUESTED_SCOPES.filter((scope) => supported.includes(scope)) : REQUESTED_SCOPES;
  const request = deps.tool.registrationRequest(scopes);

  let response: Response;
  try {
    response = await doFetch(configuration.registration_endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}),
      },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new RegistrationFailed(
      "REGISTRATION_PLATFORM_UNREACHABLE",
      error instanceof Error ? error.message : undefined,
    );
  }
  if (!response.ok) {
    const text = (await response.text().catch(() => "")).slice(0, 500);
    throw new RegistrationFailed("REGISTRATION_REFUSED", `${response.status} ${text}`);
  }
  const parsed = RegistrationResponse.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new RegistrationFailed("REGISTRATION_RESPONSE_INVALID");
  const deploymentId = parsed.data["https://purl.imsglobal.org/spec/lti-tool-configuration"]?.deployment_id;
  const platformConfig = configuration["https://purl.imsglobal.org/spec/lti-platform-configuration"];

  const platform = await deps.platforms.upsert({
    issuer: configuration.issuer,
    clientId: parsed.data.client_id,
    name: platformConfig?.product_family_code
      ? `${platformConfig.product_family_code} ${new URL(configuration.issuer).host}`
      : new URL(configuration.issuer).host,
    authUrl: configuration.authorization_endpoint,
    tokenUrl: configuration.token_endpoint,
    jwksUrl: configuration.jwks_uri,
    authServer: configuration.authorization_server,
    deploymentIds: deploymentId !== undefined ? [String(deploymentId)] : [],
    active: deps.autoActivate,
    registration: {
      method: "dynamic",
      productFamily: platformConfig?.product_family_code,
      version: platformConfig?.version,
      at: new Date(),
    },
  });
  await deps.keys.ensurePlatform({
    issuer: platform.issuer,
    clientId: platform.clientId,
    name: platform.name,
    authUrl: platform.authUrl,
    tokenUrl: platform.tokenUrl,
    jwksUrl: platform.jwksUrl,
    authServer: platform.authServer,
  });
  return platform;
}

async function fetchConfiguration(
  doFetch: typeof fetch,
  url: string,
): Promise<z.infer<typeof PlatformConfiguration>> {
  let body: unknown;
  try {
    const response = await doFetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`answered ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw new RegistrationFailed(
      "REGISTRATION_PLATFORM_UNREACHABLE",
      error instanceof Error ? error.message : undefined,
    );
  }
  const parsed = PlatformConfiguration.safeParse(body);
  if (!parsed.success) {
    throw new RegistrationFailed(
      "REGISTRATION_CONFIGURATION_INVALID",
      parsed.error.issues.map((i) => i.path.join(".")).join(","),
    );
  }
  return parsed.data;
}

function sameOriginPrefix(configurationUrl: string, issuer: string): boolean {
  try {
    return new URL(configurationUrl).origin === new URL(issuer).origin;
  } catch {
    return false;
  }
}
