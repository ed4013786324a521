// GET /lti/register[/<invitation>] (Dynamic Registration) and GET /lti/keys (the tool's public keys).
import express, { type Request, type Response, type Router } from "express";
import { handled, json, publicRoute, type RouteResult } from "../web/route.js";
import { z } from "zod";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import {
  registerDynamically,
  RegistrationFailed,
  type DynamicRegistrationDeps,
} from "./dynamic-registration.js";
import { TokenBucketLimiter } from "./rate-limiter.js";
import { CANVAS_JSON_PATH } from "./tool-description.js";
import type { ToolKeys } from "./tool-keys.js";

const RegisterQuery = z.object({
  openid_configuration: z.string().min(1).max(2000),
  registration_token: z.string().max(8000).optional(),
});

/** A malformed invitation names nothing: the route helper answers 404 for bad path parameters. */
const InvitationParams = z.object({ params: z.object({ invitation: z.string().regex(/^[\w-]{20,64}$/) }) });

export interface RegistrationRouteDeps extends DynamicRegistrationDeps {
  logger: Logger;
  clock: Clock;
  keys: ToolKeys;
  /** Anonymous registration attempts per source address and hour. */
  rateLimit: number;
}

export function registrationRoutes(deps: RegistrationRouteDeps): Router {
  const router = express.Router();
  const limiter = new TokenBucketLimiter(deps.clock, deps.rateLimit);

  const register = async (
    req: Request,
    res: Response,
    invitationToken: string | undefined,
  ): Promise<RouteResult> => {
    const query = RegisterQuery.safeParse(req.query);
    if (!query.success) {
      res
        .status(400)
        .render("lti/registration-start", { layout: "bare", registerUrl: deps.tool.urls.register });
      return handled;
    }
    const sourceIp = req.ip ?? "unknown";
    try {
      if (invitationToken === undefined && !limiter.take(sourceIp)) {
        throw new RegistrationFailed("REGISTRATION_RATE_LIMITED", sourceIp);
      }
      const { platform, active } = await registerDynamically(deps, {
        openidConfiguration: query.data.openid_configuration,
        registrationToken: query.data.registration_token,
        invitationToken,
        sourceIp,
      });
      deps.logger.info(
        { reqId: res.locals.requestId, platformId: platform._id, issuer: platform.issuer, active },
        active ? "platform registered dynamically" : "dynamic registration pending an operator",
      );
      // DR §3.6: tell the LMS we are done so it closes the registration window.
      res.render("lti/registration-done", { layout: "bare", platform, active });
      return handled;
    } catch (error) {
      deps.logger.warn(
        {
          reqId: res.locals.requestId,
          code: error instanceof RegistrationFailed ? error.code : undefined,
          err: error instanceof Error ? error.message : String(error),
        },
        "dynamic registration refused",
      );
      throw error;
    }
  };

  publicRoute(router, {
    method: "get",
    path: "/lti/register",
    public: "LTI Dynamic Registration started by an LMS (pending unless its origin is allowlisted)",
    handle: ({ req, res }) => register(req, res, undefined),
  });

  publicRoute(router, {
    method: "get",
    path: "/lti/register/:invitation",
    public: "LTI Dynamic Registration with an operator's one-time invitation",
    input: InvitationParams,
    handle: ({ req, res, input }) => register(req, res, input.params.invitation),
  });

  publicRoute(router, {
    method: "get",
    path: CANVAS_JSON_PATH,
    public: 'the Canvas developer key JSON (lti-config/canvas.json), fetched by Canvas\'s "Enter URL"',
    handle: ({ res }) => {
      res.setHeader("cache-control", "public, max-age=300");
      return json(deps.tool.canvasDeveloperKey());
    },
  });

  publicRoute(router, {
    method: "get",
    path: "/lti/keys",
    public: "the tool's public key set, read by every LMS",
    handle: async ({ res }) => {
      // Public keys only: any origin may read them, without credentials.
      res.setHeader("access-control-allow-origin", "*");
      res.setHeader("cache-control", "public, max-age=300");
      return json(await deps.keys.jwks(deps.clock.now().getTime()));
    },
  });

  return router;
}
