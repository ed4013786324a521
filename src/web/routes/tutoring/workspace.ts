// The tutor workspace (my tutees, most silent first; the course's tutoring for who teaches here) and
// the learner's own page: who their tutors are, since when, and who they were before.
import express, { type Router } from "express";
import type { PeopleDirectory } from "../../../domain/people/people.js";
import { guard } from "../../../policies/policy.js";
import { tutoringLaunchPolicy } from "../../../policies/tutoring.js";
import type { TraceSharing } from "../../../domain/portfolio/sharing.js";
import { presentHistory, presentNewTutorsQuestion } from "../../../presenters/tutoring/history.js";
import { page, redirect, route } from "../../route.js";
import { MyTutorsQuery, WorkspaceQuery } from "../../schemas/tutoring.js";
import { tutoringPage, type TutoringDeps } from "./page.js";

export function workspaceRoutes(
  deps: TutoringDeps & {
    people: Pick<PeopleDirectory, "people">;
    sharing: Pick<TraceSharing, "waitingForNewTutors" | "openAllToCurrentTutors">;
  },
): Router {
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
    input: MyTutorsQuery,
    handle: async ({ actor, t, locale, base, input }) => {
      const [history, waiting] = await Promise.all([
        deps.appointments.history(actor, actor.userId),
        deps.sharing.waitingForNewTutors(actor),
      ]);
      const view = { t, locale, base, people: deps.people, platformId: actor.platformId };
      const model = await presentHistory(history, view);
      return page("pages/tutoring/my-tutors", "myTutors", {
        ...model,
        title: t("tutoring:mine.title"),
        done: input.query.done ? t("tutoring:mine.opened", { count: Number(input.query.count ?? 0) }) : "",
        ask: await presentNewTutorsQuestion(waiting, view),
      });
    },
  });

  route(router, {
    method: "post",
    path: "/my-tutors/open-traces",
    guard: guard(tutoringLaunchPolicy, "ownTutors"),
    form: "button",
    handle: async ({ actor }) => {
      const count = await deps.sharing.openAllToCurrentTutors(actor);
      return redirect("/my-tutors", { done: "opened", count: String(count) });
    },
  });

  return router;
}
