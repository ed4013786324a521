// OIDC third-party login initiation (LTI 1.3 core §5.1.1): checks what the platform sent, keeps a state
// and nonce for the launch, and builds the platform's authorization request.
import { z } from "zod";
import type { PlatformRegistry } from "../persistence/platform-registry.js";
import { randomToken, type SessionStore } from "../persistence/session-store.js";
import { LaunchRejected } from "./launch-validation.js";

export interface LoginDeps {
  baseUrl: string;
  platforms: PlatformRegistry;
  sessions: SessionStore;
}

export interface LoginRedirect {
  /** Also set as a cookie, so that the launch proves it comes back to the browser that started. */
  state: string;
  authorizationUrl: string;
}

const LoginParams = z.object({
  iss: z.string().min(1).max(2000),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().min(1).max(2000),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().min(1).max(500).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
});

export async function initiateLogin(deps: LoginDeps, source: unknown): Promise<LoginRedirect> {
  const parsed = LoginParams.safeParse(source);
  if (!parsed.success)
    throw new LaunchRejected(
      "LOGIN_PARAMETERS_MISSING",
      parsed.error.issues.map((i) => i.path.join(".")).join(","),
    );
  const params = parsed.data;
  if (!isOwnUrl(params.target_link_uri, deps.baseUrl)) throw new LaunchRejected("TARGET_LINK_URI_FOREIGN");
  const platform = await deps.platforms.findForLogin(params.iss, params.client_id);
  if (!platform) throw new LaunchRejected("PLATFORM_UNKNOWN", `issuer ${params.iss}`);
  if (!platform.active) throw new LaunchRejected("PLATFORM_INACTIVE", `platform ${platform._id}`);

  const state = randomToken(32);
  const nonce = randomToken(32);
  await deps.sessions.saveLoginState({
    _id: state,
    nonce,
    platformId: platform._id,
    issuer: platform.issuer,
    clientId: platform.clientId,
    loginHint: params.login_hint,
    messageHint: params.lti_message_hint,
    deploymentHint: params.lti_deployment_id,
    targetLinkUri: params.target_link_uri,
  });
  const auth = new URL(platform.authUrl);
  const query: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: `${deps.baseUrl}/lti/launch`,
    login_hint: params.login_hint,
    state,
    nonce,
  };
  if (params.lti_message_hint !== undefined) query.lti_message_hint = params.lti_message_hint;
  for (const [key, value] of Object.entries(query)) auth.searchParams.set(key, value);
  return { state, authorizationUrl: auth.toString() };
}

function isOwnUrl(candidate: string, baseUrl: string): boolean {
  try {
    const url = new URL(candidate);
    const base = new URL(baseUrl);
    return url.origin === base.origin && url.pathname.startsWith(base.pathname.replace(/\/$/, "") + "/");
  } catch {
    return false;
  }
}
