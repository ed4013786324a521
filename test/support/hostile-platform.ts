// A platform under the attacker's control for registration tests: it serves whatever openid
// configuration the test sets, accepts any registration and counts every request it receives.
import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HostilePlatform {
  origin: string;
  configurationUrl: string;
  /** The configuration served at /openid-configuration; the test edits it freely. */
  configuration: Record<string, unknown>;
  /** The client id the next registration answers with. */
  clientId: string;
  requests: { method: string; path: string; authorization?: string }[];
  close(): Promise<void>;
}

/** A configuration shaped like Moodle's, every endpoint on `origin` unless overridden. */
export function platformConfiguration(
  origin: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/auth`,
    token_endpoint: `${origin}/token`,
    jwks_uri: `${origin}/jwks`,
    registration_endpoint: `${origin}/registration`,
    scopes_supported: ["openid"],
    "https://purl.imsglobal.org/spec/lti-platform-configuration": { product_family_code: "moodle" },
    ...overrides,
  };
}

export async function startHostilePlatform(): Promise<HostilePlatform> {
  const requests: HostilePlatform["requests"] = [];
  const holder: { platform?: HostilePlatform } = {};
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push({
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization,
    });
    req.resume();
    res.setHeader("content-type", "application/json");
    if (req.url?.startsWith("/openid-configuration")) {
      res.end(JSON.stringify(holder.platform?.configuration ?? {}));
    } else if (req.url?.startsWith("/registration") && req.method === "POST") {
      res.end(
        JSON.stringify({
          client_id: holder.platform?.clientId ?? "hostile",
          "https://purl.imsglobal.org/spec/lti-tool-configuration": { deployment_id: "1" },
        }),
      );
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  // A loopback address of its own: the whole run shares one database, and a port handed out again on
  // 127.0.0.1 would repeat the origin of a platform registered earlier (Carnet refuses that with 409).
  const host = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  const platform: HostilePlatform = {
    origin,
    configurationUrl: `${origin}/openid-configuration`,
    configuration: platformConfiguration(origin),
    clientId: `hostile-${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  holder.platform = platform;
  return platform;
}

/** The frame-ancestors directive of a Content-Security-Policy header, as a list of sources. */
export function frameAncestors(csp: string | null): string[] {
  const directive = (csp ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith("frame-ancestors"));
  return directive ? directive.split(/\s+/).slice(1) : [];
}
