// The validation area's routes, mounted once in launched.ts: the learner's competences and requests,
// the validators' queue and requests, the cohort matrix, learners' files and course settings (tutoring has its own routes).
import express, { type Router } from "express";
import { cohortRoutes } from "./cohort.js";
import { courseSettingsRoutes } from "./course-settings.js";
import type { LaunchedDeps } from "./launched.js";
import { learnerFileRoutes } from "./learner-file.js";
import { ownCompetenceRoutes } from "./own-competence.js";
import { scanRoutes } from "./scans.js";
import { trainerCompetenceRoutes } from "./trainer-competence.js";
import { validationLearnerRoutes } from "./validation-learner.js";
import { validationQueueRoutes } from "./validation-queue.js";

export function validationRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const { validation, people } = deps.services;
  const page = { competences: validation.competences, people };
  router.use(
    validationLearnerRoutes({ learner: validation.learner, validation: validation.service, people }),
  );
  router.use(ownCompetenceRoutes({ ...page, validation: validation.service }));
  router.use(
    validationQueueRoutes({
      queue: validation.queue,
      review: validation.review,
      people,
    }),
  );
  router.use(cohortRoutes({ cohort: deps.services.validation.cohort }));
  router.use(learnerFileRoutes({ files: validation.learnerFiles, people }));
  router.use(
    trainerCompetenceRoutes({
      ...page,
      validation: validation.service,
      scans: validation.paperScans,
      uploads: deps.uploads,
      uploadMaxBytes: deps.config.uploadMaxBytes,
    }),
  );
  router.use(scanRoutes({ scans: validation.paperScans }));
  router.use(courseSettingsRoutes({ settings: deps.services.validation.settings }));
  return router;
}
