// The sessions area's routes: one's sessions and interviews, group sessions, interviews, the agenda.
import express, { type Router } from "express";
import type { SessionsParts } from "../../../sessions-parts.js";
import { route } from "../../route.js";
import { agendaRoutes } from "./agenda.js";
import { groupSessionRoutes } from "./group-sessions.js";
import { interviewRoutes } from "./interviews.js";
import { mine, sessionsPage, type SessionsDeps } from "./list.js";

export type { SessionsDeps } from "./list.js";

/** Mounted with the launch's dependencies; takes the sessions' parts, people and the clock. */
export function sessionsRoutes(launch: {
  services: { tutoringSessions: SessionsParts; people: SessionsDeps["people"] };
  clock: SessionsDeps["clock"];
}): Router {
  const deps: SessionsDeps = {
    sessions: launch.services.tutoringSessions,
    people: launch.services.people,
    clock: launch.clock,
  };
  const router = express.Router();
  route(router, {
    method: "get",
    path: "/sessions",
    guard: mine,
    handle: (ctx) => sessionsPage(deps, ctx),
  });
  // The agenda before /sessions/:sessionId, which would take "agenda" for an id.
  router.use(agendaRoutes(deps));
  router.use(groupSessionRoutes(deps));
  router.use(interviewRoutes(deps));
  return router;
}
