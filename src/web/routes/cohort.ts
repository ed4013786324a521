// The cohort matrix: learners × competences of the launch's course, state and level in each cell, with
// filters (state, waiting longer than N days, no activity for N weeks, never launched, my tutees) and
// sorting.
import express, { type Router } from "express";
import type { CohortMatrixQuery } from "../../domain/validation/cohort-matrix.js";
import { launchScope } from "../../domain/validation/service.js";
import { cohortPolicy } from "../../policies/cohort.js";
import { guard } from "../../policies/policy.js";
import { presentCohortMatrix } from "../../presenters/cohort-matrix.js";
import { page, route } from "../route.js";
import { CohortInput } from "../schemas/cohort.js";

export function cohortRoutes({ cohort }: { cohort: Pick<CohortMatrixQuery, "matrix"> }): Router {
  const router = express.Router();

  route(router, {
    method: "get",
    path: "/cohort",
    guard: guard(cohortPolicy, "view"),
    input: CohortInput,
    handle: async ({ actor, input, t, locale, base }) => {
      const { page: pageNumber, ...filters } = input.query;
      const matrix = await cohort.matrix(actor, launchScope(actor), filters, pageNumber);
      const model = presentCohortMatrix(matrix, filters, { t, locale, base });
      return page("pages/cohort/matrix", "cohort", model);
    },
  });

  return router;
}
