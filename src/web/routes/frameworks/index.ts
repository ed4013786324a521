// The frameworks catalog of those who teach and of administrators: see what is available, send a
// file (Moodle CSV, CASE or Carnet JSON), see it and what it changes, confirm the import; export,
// choose the course's framework, archive. Learners never reach it: they meet their course's framework.
import express, { type Router } from "express";
import { catalogPage, catalogRoutes } from "./catalog.js";
import type { FrameworkRoutesDeps } from "./deps.js";
import { importRoutes } from "./import.js";

export type { FrameworkRoutesDeps } from "./deps.js";

export function frameworkRoutes(deps: FrameworkRoutesDeps): Router {
  const router = express.Router();
  const catalog = catalogPage(deps);
  catalogRoutes(router, deps, catalog);
  importRoutes(router, deps, catalog);
  return router;
}
