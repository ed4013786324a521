// Administration for LMS administrators: the tool's URLs and keys to copy into the LMS, the platform's
// registrations, and manual registration of another LMS. An admin sees only their own issuer's records.
import express, { type Response, type Router } from "express";
import { hasRole } from "../../domain/actor.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.js";
import { PlatformAdmin } from "../../lti/platform-admin.js";
import { actorOf, renderPage } from "../render.js";
import type { LaunchedDeps } from "./launched.js";

export function adminRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const { platforms, keys, tool } = deps.services;
  const admin = new PlatformAdmin(platforms, keys);

  const requireAdmin = (res: Response): void => {
    if (!hasRole(actorOf(res), "admin")) throw new ForbiddenError("FORBIDDEN", "admin page");
  };

  const show = async (res: Response, extra: Record<string, unknown> = {}): Promise<void> => {
    const actor = actorOf(res);
    const own = await platforms.findById(actor.platformId);
    if (!own) throw new NotFoundError();
    const registrations = (await platforms.list()).filter((platform) => platform.issuer === own.issuer);
    const jwks = await keys.jwks(deps.clock.now().getTime());
    renderPage(res, "pages/admin/index", "admin", {
      title: res.locals.t("admin:title"),
      urls: tool.urls,
      jwks: JSON.stringify(jwks, null, 2),
      registrations: registrations.map((platform) => ({
        id: platform._id,
        issuer: platform.issuer,
        clientId: platform.clientId,
        deployments: platform.deploymentIds.join(", "),
        active: platform.active,
        method: res.locals.t(`admin:method.${platform.registration.method}`),
        current: platform._id === own._id,
      })),
      ...extra,
    });
  };

  router.get("/admin", (_req, res, next) => {
    Promise.resolve()
      .then(() => requireAdmin(res))
      .then(() => show(res))
      .catch(next);
  });

  router.post("/admin/platforms", (req, res, next) => {
    (async () => {
      requireAdmin(res);
      const body = req.body as Record<string, string | undefined>;
      const input = {
        issuer: body.issuer?.trim(),
        clientId: body.clientId?.trim(),
        name: body.name?.trim() || undefined,
        authUrl: body.authUrl?.trim(),
        tokenUrl: body.tokenUrl?.trim(),
        jwksUrl: body.jwksUrl?.trim(),
        deploymentIds: (body.deploymentIds ?? "")
          .split(/[\s,]+/)
          .map((id) => id.trim())
          .filter(Boolean),
      };
      // The page creates registrations; changing an existing one (another tenant's, perhaps) is the CLI's job.
      if (
        input.issuer &&
        input.clientId &&
        (await platforms.findByIssuerAndClient(input.issuer, input.clientId))
      ) {
        throw new ConflictError("PLATFORM_EXISTS");
      }
      try {
        const created = await admin.add(input, "admin-page");
        deps.logger.info(
          { reqId: res.locals.requestId, platformId: created._id, by: actorOf(res).platformId },
          "platform registered from admin page",
        );
        await show(res, {
          notice: res.locals.t("admin:registered", { issuer: created.issuer, id: created._id }),
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        res.status(400);
        await show(res, { fieldErrors: error.fields, form: input });
      }
    })().catch(next);
  });

  return router;
}
