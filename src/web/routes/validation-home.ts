// What the learner's home gathers from the areas that own it: their traces, their referent and where
// each competence stands (the trainers' home is domain/validation/trainer-home.ts).
import type { Actor } from "../../domain/actor.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import { presentOverview, presentReferent } from "../../presenters/learner-competences.js";
import { presentContext } from "../../presenters/portfolio/context.js";
import { presentLearnerHome } from "../../presenters/portfolio/lists.js";
import { firstTraceTypeFor } from "../../domain/portfolio/field-types.js";
import type { LearnerHome } from "./home.js";
import type { LaunchedDeps } from "./launched.js";

/** The learner's home: their traces (the portfolio's part) and where their competences stand. */
export function learnerHome(deps: LaunchedDeps): LearnerHome {
  return async ({ actor, t, locale, base }) => {
    // Independent reads of different areas: at once, so the page waits for the slowest, not the sum.
    const [home, context, summary] = await Promise.all([
      deps.services.portfolio.lists.learnerHome(actor),
      presentContext({ types: deps.services.portfolio.types, people: deps.services.people }, actor, {
        t,
        locale,
        base,
      }),
      learnerHomeSummary(deps, { actor, t, locale, base }),
    ]);
    return { ...presentLearnerHome(home, context), ...summary };
  };
}

export async function learnerHomeSummary(
  deps: LaunchedDeps,
  ctx: { actor: Actor; t: Translate; locale: Locale; base: string },
): Promise<Record<string, unknown>> {
  if (!ctx.actor.contextId) return { firstTrace: firstTrace(ctx.t, ctx.base, null) };
  const overview = await deps.services.validation.learner.overview(ctx.actor);
  const view = { t: ctx.t, locale: ctx.locale, base: ctx.base, people: deps.services.people };
  return {
    firstTrace: firstTrace(ctx.t, ctx.base, overview.course.framework?.key ?? null),
    validationSummary: {
      referent: presentReferent(overview.referent),
      overview: await presentOverview(overview, view),
      competencesHref: `${ctx.base}/competences`,
      requestHref: `${ctx.base}/requests/new`,
    },
  };
}

/** The trace the course's field writes first (a sequence for teachers, an RSCA for interns). */
function firstTrace(
  t: Translate,
  base: string,
  frameworkKey: string | null,
): { href: string; label: string } {
  const type = firstTraceTypeFor(frameworkKey);
  return { href: `${base}/traces/new/${type}`, label: t(`portfolio:home.first.${type}`) };
}
