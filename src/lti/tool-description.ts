// How Carnet describes itself to an LMS: lti-config/tool.json with Carnet's URLs filled in, as a
// Dynamic Registration request (LTI DR §3.5), a Canvas developer key, and the URLs the admin page shows.
import { fillJson, type LtiConfig, type ToolUrls } from "../config/lti-config.js";

export interface ToolDescription {
  baseUrl: string;
  urls: ToolUrls;
  config: LtiConfig;
  registrationRequest(scopes: readonly string[]): Record<string, unknown>;
  /** The Canvas developer key JSON (lti-config/canvas.json) served at /lti/canvas.json. */
  canvasDeveloperKey(): unknown;
}

export const CANVAS_JSON_PATH = "/lti/canvas.json";

export function describeTool(baseUrl: string, config: LtiConfig): ToolDescription {
  const { tool } = config;
  const urls: ToolUrls = {
    baseUrl,
    domain: new URL(baseUrl).host,
    login: `${baseUrl}${tool.paths.login}`,
    launch: `${baseUrl}${tool.paths.launch}`,
    keys: `${baseUrl}${tool.paths.keys}`,
    register: `${baseUrl}${tool.paths.register}`,
    deepLinking: `${baseUrl}${tool.paths.deepLinking}`,
    icon: `${baseUrl}${tool.icon}`,
    canvasJson: `${baseUrl}${CANVAS_JSON_PATH}`,
  };
  const messages = tool.messages.map((message) => ({
    type: message.type,
    target_link_uri: message.type === "LtiDeepLinkingRequest" ? urls.deepLinking : urls.launch,
    label: tool.shortName,
    "label#fr": message.label.fr,
    "label#en": message.label.en,
    ...(message.type === "LtiDeepLinkingRequest" ? { icon_uri: urls.icon } : {}),
    ...(message.placements ? { placements: message.placements } : {}),
    ...(message.supportedTypes ? { supported_types: message.supportedTypes } : {}),
  }));
  return {
    baseUrl,
    urls,
    config,
    registrationRequest: (scopes) => ({
      application_type: "web",
      response_types: ["id_token"],
      grant_types: ["implicit", "client_credentials"],
      initiate_login_uri: urls.login,
      redirect_uris: [urls.launch],
      client_name: tool.shortName,
      "client_name#fr": tool.title.fr,
      "client_name#en": tool.title.en,
      jwks_uri: urls.keys,
      logo_uri: urls.icon,
      token_endpoint_auth_method: "private_key_jwt",
      scope: scopes.join(" "),
      "https://purl.imsglobal.org/spec/lti-tool-configuration": {
        domain: urls.domain,
        target_link_uri: urls.launch,
        description: tool.description.en,
        "description#fr": tool.description.fr,
        "description#en": tool.description.en,
        claims: tool.claims,
        messages,
        ...(Object.keys(tool.customParameters).length > 0
          ? { custom_parameters: tool.customParameters }
          : {}),
      },
    }),
    canvasDeveloperKey: () => fillJson(config.presets.canvas.developerKey ?? {}, urls),
  };
}
