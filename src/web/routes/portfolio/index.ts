// The portfolio's routers, one per resource, mounted in an order where fixed paths (/traces/review,
// /traces/new…) come before /traces/:traceId.
import express, { type Router } from "express";
import type { LaunchedDeps } from "../launched.js";
import { portfolioViewRoutes } from "./portfolio-views.js";
import { traceExchangeRoutes } from "./trace-exchanges.js";
import { traceFileRoutes } from "./trace-files.js";
import { traceHistoryRoutes } from "./trace-history.js";
import { traceSharingRoutes } from "./trace-sharing.js";
import { traceTypeRoutes } from "./trace-types.js";
import { traceRoutes } from "./traces.js";

export function portfolioRoutes(
  deps: Pick<LaunchedDeps, "services" | "config" | "logger" | "uploads">,
): Router {
  const router = express.Router();
  const { portfolio, people, markdown } = deps.services;
  const { uploadMaxBytes } = deps.config;
  const onTracePage = { portfolio, people, markdown, uploadMaxBytes };
  router.use(portfolioViewRoutes({ portfolio, people }));
  router.use(traceTypeRoutes({ types: portfolio.types }));
  router.use(traceSharingRoutes(onTracePage));
  router.use(traceExchangeRoutes(onTracePage));
  router.use(traceFileRoutes({ ...onTracePage, uploads: deps.uploads, logger: deps.logger }));
  router.use(traceHistoryRoutes({ portfolio, people, markdown }));
  router.use(traceRoutes(onTracePage));
  return router;
}
