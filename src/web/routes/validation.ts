// The validation area's routes, mounted once in launched.ts: the learner's competences and requests,
// the validators' queue and requests, the cohort matrix, learners' files and course settings (tutoring has its own routes).
import express, { type Router } from "express";
import { cohortRoutes } from "./cohort.js";
import { courseSettingsRoutes } from "./course-settings.js";
import type { LaunchedDeps } from "./launched.js";
import { learnerFileRoutes } from "./learner-file.js";
import { validationLearnerRoutes } from "./validation-learner.js";
import { validationQueueRoutes } from "./validation-queue.js";

export function validationRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  router.use(validationLearnerRoutes(deps));
  router.use(
    validationQueueRoutes({
      queue: deps.services.validation.queue,
      review: deps.services.validation.review,
      people: deps.services.people,
    }),
  );
  router.use(cohortRoutes({ cohort: deps.services.validation.cohort }));
  router.use(learnerFileRoutes(deps));
  router.use(courseSettingsRoutes({ settings: deps.services.validation.settings }));
  return router;
}
