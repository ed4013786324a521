// GET /lti/register (Dynamic Registration) and GET /lti/keys (the tool's public keys).
import express, { type Router } from "express";
import { z } from "zod";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import { registerDynamically, type DynamicRegistrationDeps } from "./dynamic-registration.js";
import type { ToolKeys } from "./tool-keys.js";

const RegisterQuery = z.object({
  openid_configuration: z.string().url().max(2000),
  registration_token: z.string().max(8000).optional(),
});

export function registrationRoutes(
  deps: DynamicRegistrationDeps & { logger: Logger; clock: Clock; keys: ToolKeys },
): Router {
  const router = express.Router();

  router.get("/lti/register", (req, res, next) => {
    const query = RegisterQuery.safeParse(req.query);
    if (!query.success) {
      res
        .status(400)
        .render("lti/registration-start", { layout: "bare", registerUrl: deps.tool.urls.register });
      return;
    }
    registerDynamically(deps, query.data.openid_configuration, query.data.registration_token)
      .then((platform) => {
        deps.logger.info(
          { reqId: res.locals.requestId, platformId: platform._id, issuer: platform.issuer },
          "platform registered dynamically",
        );
        // DR §3.6: tell the LMS we are done so it closes the registration window.
        res.render("lti/registration-done", { layout: "bare", platform, active: platform.active });
      })
      .catch((error: unknown) => {
        deps.logger.warn(
          { reqId: res.locals.requestId, err: error instanceof Error ? error.message : String(error) },
          "dynamic registration failed",
        );
        next(error);
      });
  });

  router.get("/lti/keys", (_req, res, next) => {
    deps.keys
      .jwks(deps.clock.now().getTime())
      .then((jwks) => {
        // Public keys only: any origin may read them, without credentials.
        res.setHeader("access-control-allow-origin", "*");
        res.setHeader("cache-control", "public, max-age=300");
        res.json(jwks);
      })
      .catch(next);
  });

  return router;
}
