// How Carnet describes itself to an LMS: names in French and English, icon, messages, URLs, scopes.
export interface ToolDescription {
  baseUrl: string;
  urls: { login: string; launch: string; keys: string; register: string; icon: string; deepLinking: string };
  registrationRequest(scopes: string[]): Record<string, unknown>;
}

export function describeTool(baseUrl: string): ToolDescription {
  const urls = {
    login: `${baseUrl}/lti/login`,
    launch: `${baseUrl}/lti/launch`,
    keys: `${baseUrl}/lti/keys`,
    register: `${baseUrl}/lti/register`,
    icon: `${baseUrl}/static/carnet-icon.png`,
    deepLinking: `${baseUrl}/lti/launch`,
  };
  const domain = new URL(baseUrl).host;
  return {
    baseUrl,
    urls,
    registrationRequest: (scopes) => ({
      application_type: "web",
      response_types: ["id_token"],
      grant_types: ["implicit", "client_credentials"],
      initiate_login_uri: urls.login,
      redirect_uris: [urls.launch],
      client_name: "Carnet",
      "client_name#fr": "Carnet — portfolio et validation des compétences",
      "client_name#en": "Carnet — portfolio and competence validation",
      jwks_uri: urls.keys,
      logo_uri: urls.icon,
      token_endpoint_auth_method: "private_key_jwt",
      scope: scopes.join(" "),
      "https://purl.imsglobal.org/spec/lti-tool-configuration": {
        domain,
        target_link_uri: urls.launch,
        description: "Portfolio of evidence, self-assessment and competence validation.",
        "description#fr": "Portfolio de traces, auto-positionnement et validation des compétences.",
        "description#en": "Portfolio of evidence, self-assessment and competence validation.",
        claims: ["iss", "sub", "name", "given_name", "family_name", "email", "picture", "locale"],
        messages: [
          {
            type: "LtiResourceLinkRequest",
            target_link_uri: urls.launch,
            label: "Carnet",
            "label#fr": "Carnet",
            "label#en": "Carnet",
          },
          {
            type: "LtiDeepLinkingRequest",
            target_link_uri: urls.deepLinking,
            label: "Carnet",
            "label#fr": "Ajouter Carnet",
            "label#en": "Add Carnet",
            icon_uri: urls.icon,
            placements: ["ContentArea"],
            supported_types: ["ltiResourceLink"],
          },
        ],
      },
    }),
  };
}
