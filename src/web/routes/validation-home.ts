// What the learner's home gathers from the areas that own it: their traces, their referent and where
// each competence stands (the trainers' home is domain/validation/trainer-home.ts).
import type { Response } from "express";
import type { LearnerHome } from "./home.js";
import { presentContext } from "../../presenters/portfolio/context.js";
import { presentLearnerHome } from "../../presenters/portfolio/lists.js";
import { actorOf } from "../render.js";
import type { LaunchedDeps } from "./launched.js";
import { competenceOverview, referentView } from "./validation-learner.js";
import { courseContext } from "./validation-support.js";

/** The learner's home: their traces (the portfolio's part) and where their competences stand. */
export function learnerHome(deps: LaunchedDeps): LearnerHome {
  return async ({ actor, t, locale, base, res }) => ({
    ...presentLearnerHome(
      await deps.services.portfolio.lists.learnerHome(actor),
      await presentContext({ types: deps.services.portfolio.types, people: deps.services.people }, actor, {
        t,
        locale,
        base,
      }),
    ),
    ...(await learnerHomeSummary(deps, res)),
  });
}

export async function learnerHomeSummary(
  deps: LaunchedDeps,
  res: Response,
): Promise<Record<string, unknown>> {
  const actor = actorOf(res);
  if (!actor.contextId) return {};
  const base = res.locals.base ?? "";
  const people = deps.services.people;
  const ctx = await courseContext(deps, res);
  const referent = await referentView(deps, people, ctx, actor.userId);
  const overview = ctx.framework
    ? await competenceOverview(deps, people, res, { ...ctx, framework: ctx.framework }, actor.userId)
    : null;
  return {
    validationSummary: {
      referent,
      overview,
      competencesHref: `${base}/competences`,
      requestHref: `${base}/requests/new`,
    },
  };
}
