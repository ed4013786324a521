// The tutor workspace (my tutees, most silent first; the course's tutoring for who teaches here) and
// the learner's own page: who their tutors are, since when, and who they were before.
import express, { type Router } from "express";
import type { PeopleDirectory } from "../../../domain/people/people.js";
import { guard } from "../../../policies/policy.js";
import { tutoringLaunchPolicy } from "../../../policies/tutoring.js";
import { presentHistory } from "../../../presenters/tutoring/history.js";
import { page, route } from "../../route.js";
import { WorkspaceQuery } from "../../schemas/tutoring.js";
import { tutoringPage, type TutoringDeps } from "./page.js";

export function workspaceRoutes(deps: TutoringDeps & { people: Pick<PeopleDirectory, "people"> }): Router {
  const router = express.Router();

  route(router, {
    method: "get",
    path: "/tutoring",
    guard: guard(tutoringLaunchPolicy, "workspace"),
    input: WorkspaceQuery,
    handle: async (ctx) => {
      const { done, count } = ctx.input.query;
      const message = done ? ctx.t(`tutoring:done.${done}`, { count: Number(count ?? 0) }) : "";
      return tutoringPage(deps, ctx, { done: message });
    },
  });

  route(router, {
    method: "get",
    path: "/my-tutors",
    guard: guard(tutoringLaunchPolicy, "ownTutors"),
    handle: async ({ actor, t, locale, base }) => {
      const history = await deps.appointments.history(actor, actor.userId);
      const model = await presentHistory(history, {
        t,
        locale,
        base,
        people: deps.people,
        platformId: actor.platformId,
      });
      return page("pages/tutoring/my-tutors", "myTutors", { ...model, title: t("tutoring:mine.title") });
    },
  });

  return router;
}
