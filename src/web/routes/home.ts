// The landing page after a launch: the learner's carnet, the trainers' workspace or administration.
import express, { type Router } from "express";
import type { TrainerHome } from "../../domain/validation/trainer-home.js";
import { launchScope } from "../../domain/validation/service.js";
import { homePolicy } from "../../policies/home.js";
import { abilities, guard } from "../../policies/policy.js";
import { presentTrainerHome } from "../../presenters/trainer-home.js";
import { page, route, type PageResult, type RouteContext } from "../route.js";

/** The learner's home model (their traces, competences and referent), from the areas that own them. */
export type LearnerHome = (ctx: RouteContext<Record<string, never>>) => Promise<Record<string, unknown>>;

export function homeRoutes(deps: {
  trainerHome: Pick<TrainerHome, "forCourse">;
  learnerHome: LearnerHome;
  /** The tutor workspace, where a Mentor's launch lands. */
  tutorHome?: (ctx: RouteContext<Record<string, never>>) => Promise<PageResult>;
}): Router {
  const router = express.Router();

  route(router, {
    method: "get",
    path: "/",
    guard: guard(homePolicy, "view"),
    handle: async (ctx) => {
      const { actor, t, locale, base } = ctx;
      const can = abilities(actor, homePolicy, actor);
      if (can.workspace) {
        const home = await deps.trainerHome.forCourse(actor, launchScope(actor));
        return page("pages/home/teacher", "home", presentTrainerHome(home, { t, locale, base }));
      }
      if (can.tutorWorkspace && deps.tutorHome) return deps.tutorHome(ctx);
      if (can.administer) return page("pages/home/admin", "home", { title: t("home.adminTitle") });
      return page("pages/home/learner", "home", {
        title: t("home.learnerTitle"),
        ...(await deps.learnerHome(ctx)),
      });
    },
  });

  return router;
}
