// The portfolio's routers, one per resource, mounted in an order where fixed paths come before
// /traces/:traceId.
import express, { type Router } from "express";
import { legacyPortfolioRoutes } from "../portfolio.js";
import type { LaunchedDeps } from "../launched.js";
import { portfolioViewRoutes } from "./portfolio-views.js";
import { traceHistoryRoutes } from "./trace-history.js";
import { traceTypeRoutes } from "./trace-types.js";
import { traceRoutes } from "./traces.js";

export function portfolioRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const { portfolio, people } = deps.services;
  router.use(portfolioViewRoutes({ portfolio, people }));
  router.use(traceTypeRoutes({ types: portfolio.types }));
  router.use(legacyPortfolioRoutes(deps));
  router.use(traceHistoryRoutes({ portfolio, people, markdown: deps.services.markdown }));
  // Last: GET /traces/:traceId would otherwise answer for the fixed paths above.
  router.use(
    traceRoutes({
      portfolio,
      people,
      markdown: deps.services.markdown,
      uploadMaxBytes: deps.config.uploadMaxBytes,
    }),
  );
  return router;
}
