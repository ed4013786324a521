// The landing page after a launch: the learner's carnet, the trainers' workspace or administration.
import express, { type Router } from "express";
import { hasRole, teachesHere } from "../../domain/actor.js";
import { PeopleRepository, displayName } from "../../persistence/people-repository.js";
import { actorOf, renderPage } from "../render.js";
import type { LaunchedDeps } from "./launched.js";
import { learnerHomeModel } from "./portfolio.js";
import { learnerHomeSummary, trainerHomeModel } from "./validation-home.js";

export function homeRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const people = new PeopleRepository(deps.services.models);

  router.get("/", (_req, res, next) => {
    const actor = actorOf(res);
    const t = res.locals.t;
    (async () => {
      if (teachesHere(actor) && actor.contextId) {
        const scope = {
          platformId: actor.platformId,
          deploymentId: actor.deploymentId,
          contextId: actor.contextId,
        };
        // Learners who never launched come from the LMS roster (NRPS), refreshed at most hourly.
        await deps.services.roster.refreshIfStale(scope, 3600_000);
        const learners = (await people.members(scope)).filter((member) => member.roles.includes("learner"));
        renderPage(res, "pages/home/teacher", "home", {
          title: t("home.teacherTitle"),
          learners: learners.map((l) => ({ ...l, displayName: displayName(l) })),
          learnerCount: learners.length,
          ...(await trainerHomeModel(deps, res)),
        });
        return;
      }
      if (hasRole(actor, "admin") && !hasRole(actor, "learner")) {
        renderPage(res, "pages/home/admin", "home", { title: t("home.adminTitle") });
        return;
      }
      renderPage(res, "pages/home/learner", "home", {
        title: t("home.learnerTitle"),
        ...(await learnerHomeModel(
          deps.services,
          actor,
          t,
          res.locals.locale,
          res.locals.base ?? `/l/${actor.launchId}`,
        )),
        ...(await learnerHomeSummary(deps, res)),
      });
    })().catch(next);
  });

  return router;
}
