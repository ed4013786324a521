// The portfolio's routers, one per resource, mounted in an order where fixed paths come before
// /traces/:traceId.
import express, { type Router } from "express";
import { legacyPortfolioRoutes } from "../portfolio.js";
import type { LaunchedDeps } from "../launched.js";
import { portfolioViewRoutes } from "./portfolio-views.js";
import { traceTypeRoutes } from "./trace-types.js";

export function portfolioRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const { portfolio } = deps.services;
  router.use(portfolioViewRoutes({ portfolio, people: deps.services.people }));
  router.use(traceTypeRoutes({ types: portfolio.types }));
  router.use(legacyPortfolioRoutes(deps));
  return router;
}
