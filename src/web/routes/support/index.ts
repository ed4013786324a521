// The confidential support space's routes, mounted inside a launch.
import express, { type Router } from "express";
import { supportCaseRoutes } from "./cases.js";
import type { SupportRouteDeps } from "./deps.js";
import { supportLearnerRoutes } from "./learners.js";
import { supportSettingsRoutes } from "./settings.js";
import { supportSpaceRoutes } from "./space.js";

export type { SupportRouteDeps } from "./deps.js";

export function supportRoutes(deps: SupportRouteDeps): Router {
  const router = express.Router();
  router.use(
    supportSpaceRoutes(deps),
    supportSettingsRoutes(deps),
    supportCaseRoutes(deps),
    supportLearnerRoutes(deps),
  );
  return router;
}
