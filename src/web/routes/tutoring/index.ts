// The tutoring area's routes: the tutor workspace, the learner's own tutors, and the course's tutoring
// (groups, appointments, imports, rhythm) for who teaches in the course, team notes for who follows.
import express, { type Router } from "express";
import type { PeopleDirectory } from "../../../domain/people/people.js";
import type { TraceSharing } from "../../../domain/portfolio/sharing.js";
import type { TutoringParts } from "../../../tutoring-parts.js";
import { groupRoutes } from "./groups.js";
import { importRoutes } from "./imports.js";
import { learnerRoutes } from "./learners.js";
import { managementRoutes } from "./management.js";
import type { TutoringDeps } from "./page.js";
import { teamNoteRoutes } from "./team-notes.js";
import { workspaceRoutes } from "./workspace.js";

export function tutoringRoutes(
  deps: TutoringDeps &
    Pick<TutoringParts, "teamNotes"> & {
      people: Pick<PeopleDirectory, "people" | "person">;
      /** The learner's traces waiting for her agreement after a change of tutor. */
      sharing: Pick<TraceSharing, "waitingForNewTutors" | "openAllToCurrentTutors">;
    },
): Router {
  const router = express.Router();
  router.use(workspaceRoutes(deps));
  router.use(groupRoutes(deps));
  router.use(managementRoutes(deps));
  router.use(learnerRoutes(deps));
  router.use(importRoutes(deps));
  router.use(teamNoteRoutes(deps));
  return router;
}
