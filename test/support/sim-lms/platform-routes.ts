/**
 * Browser-facing and discovery endpoints of the platform: OpenID configuration, JWKS, Dynamic
 * Registration, the OIDC authorization endpoint, the deep-linking return and the launch return URL.
 */
import express from "express";
import type { Request, Response, Router } from "express";
import { MOODLE_PLATFORM } from "./claims.js";
import { receiveDeepLinkingResponse } from "./deep-linking.js";
import { escapeHtml, renderAutoSubmitForm } from "./html-form.js";
import type { Jwks } from "./jwt-keys.js";
import { ALL_SERVICE_SCOPES, PLATFORM_CONFIGURATION } from "./lti-vocabulary.js";
import type { PlatformState } from "./platform-state.js";
import { registrationResponse, validateRegistration } from "./registration.js";
import { stringParams } from "./service-routes.js";
import type { AuthRequestRecord, RegistrationRecord, ToolRegistration } from "./types.js";

export function publicJwks(state: PlatformState): Jwks {
  return { keys: state.keys.map((key) => key.publicJwk) };
}

/** Shaped like Moodle's mod/lti/openid-configuration.php (fixture moodle-openid-configuration.json). */
export function openidConfiguration(state: PlatformState): Record<string, unknown> {
  return {
    issuer: state.issuer,
    token_endpoint: state.tokenUrl,
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ["RS256"],
    jwks_uri: state.jwksUrl,
    authorization_endpoint: state.authUrl,
    registration_endpoint: state.registrationEndpoint,
    scopes_supported: [...ALL_SERVICE_SCOPES, "openid"],
    response_types_supported: ["id_token"],
    subject_types_supported: ["public", "pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: ["sub", "iss", "name", "given_name", "family_name", "email"],
    [PLATFORM_CONFIGURATION]: {
      product_family_code: MOODLE_PLATFORM.product_family_code,
      version: "5.1+ (Build: 20251017)",
      messages_supported: [
        { type: "LtiResourceLinkRequest" },
        { type: "LtiDeepLinkingRequest", placements: ["ContentArea"] },
      ],
      variables: [
        "Context.id",
        "Context.title",
        "Context.label",
        "ResourceLink.id",
        "ResourceLink.title",
        "User.id",
      ],
    },
  };
}

export function platformRouter(state: PlatformState): Router {
  const router = express.Router();
  router.get("/openid-configuration", (_req, res) => {
    res.json(openidConfiguration(state));
  });
  router.get("/jwks", (_req, res) => {
    res.json(publicJwks(state));
  });
  router.post("/registration", express.text({ type: () => true, limit: "1mb" }), (req, res) => {
    handleRegistration(state, req, res);
  });
  router.all("/auth", express.urlencoded({ extended: false }), (req, res, next) => {
    handleAuth(state, req, res).catch(next);
  });
  router.post(
    "/deep-linking/return",
    express.urlencoded({ extended: false, limit: "1mb" }),
    (req, res, next) => {
      const jwt = stringParams(req.body).JWT;
      receiveDeepLinkingResponse(state, jwt)
        .then((record) => {
          if (record.status !== 200) {
            res
              .status(record.status)
              .type("text/plain")
              .send(record.error ?? "refused");
            return;
          }
          const titles = record.createdResourceLinks
            .map((link) => `<li>${escapeHtml(link.title)}</li>`)
            .join("");
          res
            .type("html")
            .send(
              `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Contenu ajouté</title></head>` +
                `<body><h1>Contenu ajouté au cours</h1><ul>${titles}</ul></body></html>`,
            );
        })
        .catch(next);
    },
  );
  // launch_presentation.return_url: Moodle shows lti_msg / lti_errormsg on the course page.
  router.get("/return", (req, res) => {
    const q = stringParams(req.query);
    const message = q.lti_errormsg ?? q.lti_msg ?? "";
    res
      .type("html")
      .send(
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Retour au cours</title></head>` +
          `<body><h1>Retour au cours</h1><p>${escapeHtml(message)}</p></body></html>`,
      );
  });
  router.all("/basic-outcome", (_req, res) => {
    res.status(501).type("text/plain").send("LTI 1.1 Basic Outcomes is not simulated; use AGS");
  });
  return router;
}

/**
 * LTI Dynamic Registration §3.5: bearer registration token (single use, one hour, like Moodle's), tool
 * registration JSON validated as Moodle does, answer = stored registration + client_id + deployment_id.
 * Moodle answers errors as plain text.
 */
function handleRegistration(state: PlatformState, req: Request, res: Response): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
  const tokenValue = match?.[1];
  let request: unknown = req.body;
  try {
    request = typeof req.body === "string" && req.body !== "" ? JSON.parse(req.body) : undefined;
  } catch {
    // Recorded as received (text); validation refuses it below.
  }
  const record: RegistrationRecord = { at: state.now(), registrationToken: tokenValue, status: 0, request };
  state.registrations.push(record);
  const fail = (status: number, error: string): void => {
    Object.assign(record, { status, error });
    res.status(status).type("text/plain").send(error);
  };

  if (tokenValue === undefined) return fail(401, "missing_registration_token");
  const token = state.registrationTokens.get(tokenValue);
  if (!token) return fail(401, "invalid_registration_token");
  if (token.used) return fail(401, "token_already_used");
  if (token.expiresAt <= state.now()) return fail(401, "registration_token_expired");
  const parsed = validateRegistration(request);
  if (!parsed.ok) return fail(400, parsed.reason);
  token.used = true;

  const registration = parsed.value;
  const deploymentId = state.allocateDeploymentId();
  const tool: ToolRegistration = {
    clientId: token.clientId,
    deploymentIds: [deploymentId],
    issuer: state.issuer,
    authUrl: state.authUrl,
    tokenUrl: state.tokenUrl,
    jwksUrl: state.jwksUrl,
    openidConfigurationUrl: state.openidConfigurationUrl,
    scopes: registration.scopes,
    source: "dynamic",
    tool: {
      baseUrl: new URL(registration.initiateLoginUri).origin,
      name: registration.clientName,
      loginUrl: registration.initiateLoginUri,
      redirectUris: registration.redirectUris,
      jwksUrl: registration.jwksUri,
      targetLinkUri: registration.targetLinkUri,
      deepLinkingUrl: registration.deepLinkingUrl ?? registration.targetLinkUri,
      customParameters: registration.customParameters,
    },
  };
  state.tools.set(tool.clientId, tool);
  const response = registrationResponse(registration, tool.clientId, deploymentId);
  Object.assign(record, { status: 200, response, clientId: tool.clientId, deploymentId });
  res.status(200).json(response);
}

/**
 * OIDC authorization endpoint (LTI Security Framework §5.1.1.2-3, Moodle's mod/lti/auth.php): checks
 * the authentication request against the launch the test prepared, then answers the auto-submitted
 * form carrying id_token and state to the redirect_uri. Errors are 400 with a short text.
 */
async function handleAuth(state: PlatformState, req: Request, res: Response): Promise<void> {
  const params = req.method === "POST" ? stringParams(req.body) : stringParams(req.query);
  const record: AuthRequestRecord = { at: state.now(), method: req.method, params, status: 0 };
  state.authRequests.push(record);
  const fail = (error: string): void => {
    Object.assign(record, { status: 400, error });
    res.status(400).type("text/plain").send(error);
  };

  if (req.method !== "GET" && req.method !== "POST") return fail("invalid_request: use GET or POST");
  if (params.scope !== "openid") return fail("invalid_scope: scope must be openid");
  if (params.response_type !== "id_token") {
    return fail("unsupported_response_type: response_type must be id_token");
  }
  const tool = params.client_id === undefined ? undefined : state.tools.get(params.client_id);
  if (!tool) return fail("unauthorized_client: unknown client_id");
  const redirectUri = params.redirect_uri;
  if (redirectUri === undefined || !tool.tool.redirectUris.includes(redirectUri)) {
    return fail("invalid_request: redirect_uri is not registered for this client");
  }
  if (params.response_mode !== "form_post") return fail("invalid_request: response_mode must be form_post");
  if (params.prompt !== "none") return fail("invalid_request: prompt must be none");
  if (!params.nonce) return fail("invalid_request: missing nonce");
  if (!params.login_hint) return fail("invalid_request: missing login_hint");
  const pending =
    params.lti_message_hint === undefined ? undefined : state.pendingLaunches.get(params.lti_message_hint);
  if (!pending) return fail("invalid_request: lti_message_hint does not name a pending launch");
  if (pending.used) {
    return fail("invalid_request: this launch was already used (lti_message_hint is single use)");
  }
  if (pending.prepared.tool.clientId !== tool.clientId) {
    return fail("unauthorized_client: client_id does not match the launch");
  }
  if (params.login_hint !== pending.prepared.loginHint) {
    return fail("access_denied: login_hint is not the launching user");
  }
  pending.used = true;

  const tamper = pending.prepared.spec.tamper ?? {};
  const signed = await state.signIdToken(pending, params.nonce, tamper);
  const postedState = tamper.state ?? params.state;
  state.idTokens.push({
    launchId: pending.prepared.launchId,
    at: state.now(),
    idToken: signed.idToken,
    header: signed.header,
    payload: signed.payload,
    redirectUri,
    state: postedState,
  });
  const fields: Record<string, string> = { id_token: signed.idToken };
  if (postedState !== undefined) fields.state = postedState;
  record.status = 200;
  res.status(200).type("html").send(renderAutoSubmitForm(redirectUri, fields));
}
