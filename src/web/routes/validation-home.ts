// What the learner's home gathers from the areas that own it: their traces, their referent and where
// each competence stands (the trainers' home is domain/validation/trainer-home.ts).
import type { Response } from "express";
import type { LearnerHome } from "./home.js";
import { presentContext } from "../../presenters/portfolio/context.js";
import { presentLearnerHome } from "../../presenters/portfolio/lists.js";
import { firstTraceTypeFor } from "../../domain/portfolio/field-types.js";
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
  const base = res.locals.base ?? "";
  if (!actor.contextId) return { firstTrace: firstTrace(res, base, null) };
  const people = deps.services.people;
  const ctx = await courseContext(deps, res);
  const referent = await referentView(deps, people, ctx, actor.userId);
  const overview = ctx.framework
    ? await competenceOverview(deps, people, res, { ...ctx, framework: ctx.framework }, actor.userId)
    : null;
  return {
    firstTrace: firstTrace(res, base, ctx.framework?.key ?? null),
    validationSummary: {
      referent,
      overview,
      competencesHref: `${base}/competences`,
      requestHref: `${base}/requests/new`,
    },
  };
}

/** The trace the course's field writes first (a sequence for teachers, an RSCA for interns). */
function firstTrace(
  res: Response,
  base: string,
  frameworkKey: string | null,
): { href: string; label: string } {
  const type = firstTraceTypeFor(frameworkKey);
  return { href: `${base}/traces/new/${type}`, label: res.locals.t(`portfolio:home.first.${type}`) };
}
