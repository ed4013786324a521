// The tutoring area's routes: the tutor workspace, the learner's own tutors, and the course's tutoring
// (groups, appointments, imports, rhythm) for who teaches in the course.
import express, { type Router } from "express";
import type { PeopleDirectory } from "../../../domain/people/people.js";
import { groupRoutes } from "./groups.js";
import { importRoutes } from "./imports.js";
import { learnerRoutes } from "./learners.js";
import { managementRoutes } from "./management.js";
import type { TutoringDeps } from "./page.js";
import { workspaceRoutes } from "./workspace.js";

export function tutoringRoutes(
  deps: TutoringDeps & { people: Pick<PeopleDirectory, "people" | "person"> },
): Router {
  const router = express.Router();
  router.use(workspaceRoutes(deps));
  router.use(groupRoutes(deps));
  router.use(managementRoutes(deps));
  router.use(learnerRoutes(deps));
  router.use(importRoutes(deps));
  return router;
}
