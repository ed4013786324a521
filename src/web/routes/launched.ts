// Everything a launched user does lives under /l/<launchId>/.
import express, { type Router } from "express";
import type { Services } from "../../app.js";
import type { Clock } from "../../clock.js";
import type { Config } from "../../config/config.js";
import { hasRole, teachesHere } from "../../domain/actor.js";
import { LaunchRequiredError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { PeopleRepository, displayName } from "../../persistence/people-repository.js";
import { requireLaunch, verifyCsrf } from "../middleware/launch-session.js";

export interface LaunchedDeps {
  services: Services;
  config: Config;
  logger: Logger;
  clock: Clock;
}

export function launchedRoutes(deps: LaunchedDeps): Router {
  const router = express.Router({ mergeParams: true });
  const people = new PeopleRepository(deps.services.models);
  const launched = express.Router({ mergeParams: true });
  router.use(
    "/l/:launchId",
    requireLaunch(deps.services.sessions),
    express.urlencoded({ extended: false, limit: "1mb" }),
    verifyCsrf(),
    launched,
  );

  launched.get("/", (_req, res, next) => {
    const actor = res.locals.actor;
    if (!actor) return next(new LaunchRequiredError());
    (async () => {
      const me = await people.person(actor.platformId, actor.userId);
      const course = actor.contextId
        ? await people.course({
            platformId: actor.platformId,
            deploymentId: actor.deploymentId,
            contextId: actor.contextId,
          })
        : null;
      const common = { me: me ? { ...me, displayName: displayName(me) } : null, course };
      if (teachesHere(actor)) {
        const scope = {
          platformId: actor.platformId,
          deploymentId: actor.deploymentId,
          contextId: actor.contextId ?? "",
        };
        const members = await people.members(scope);
        const learners = members.filter((member) => member.roles.includes("learner"));
        res.render("pages/home/teacher", {
          ...common,
          title: res.locals.t("home.teacherTitle"),
          learners: learners.map((l) => ({ ...l, displayName: displayName(l) })),
          learnerCount: learners.length,
        });
        return;
      }
      if (hasRole(actor, "admin")) {
        res.render("pages/home/admin", { ...common, title: res.locals.t("home.adminTitle") });
        return;
      }
      res.render("pages/home/learner", { ...common, title: res.locals.t("home.learnerTitle") });
    })().catch(next);
  });

  return router;
}
