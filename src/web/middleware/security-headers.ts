// Carnet lives in the LMS iframe: framing is allowed for active platforms only (ltijs would turn
// frame protection off entirely), scripts only from our origin, and no Referer leaves the site.
// frame-ancestors gets exact origins re-checked here, never a platform's text: a hostile value
// (";sandbox", "https://*") cannot reach the header, let alone break it for every tenant.
import type { ServerResponse } from "node:http";
import type { RequestHandler, Response } from "express";
import helmet from "helmet";
import { toOrigin, type Origin } from "../../lti/platform-urls.js";

/** helmet hands directive callbacks the bare ServerResponse; at runtime it is Express's, with locals. */
function localsOf(res: ServerResponse): Partial<Pick<Response["locals"], "cspNonce" | "frameAncestors">> {
  return "locals" in res && typeof res.locals === "object" && res.locals !== null
    ? (res.locals as Response["locals"])
    : {};
}

export function securityHeaders(options: {
  frameOrigins: () => Promise<readonly Origin[]>;
  https: boolean;
}): RequestHandler[] {
  const loadOrigins: RequestHandler = (_req, res, next) => {
    options
      .frameOrigins()
      .then((origins) => {
        res.locals.frameAncestors = origins.filter((origin) => toOrigin(origin) === origin);
        next();
      })
      .catch(next);
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${localsOf(res).cspNonce}'`],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        // Deep linking posts back to the LMS and the login redirects to it.
        "form-action": ["'self'", "https:", "http:"],
        "frame-ancestors": ["'self'", (_req, res) => (localsOf(res).frameAncestors ?? []).join(" ")],
        ...(options.https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: options.https ? { maxAge: 15552000 } : false,
  });
  return [loadOrigins, headers];
}

/** Files an LMS shows on its own pages (the tool's icon): readable cross-origin despite helmet's CORP. */
const LMS_ASSETS = /^carnet-icon\.(png|svg)$/;

/** express.static's setHeaders: lets the LMS load the icon it was given at registration. */
export function lmsAssetHeaders(res: ServerResponse, filePath: string): void {
  const name = filePath.split(/[\\/]/).pop() ?? "";
  if (LMS_ASSETS.test(name)) res.setHeader("cross-origin-resource-policy", "cross-origin");
}
