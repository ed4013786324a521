// The support space's entry: a learner's own requests and cases, who read them, what was purged; a
// support person's cases and the signals waiting for them.
import express, { type Router } from "express";
import type { Actor } from "../../../domain/actor.js";
import { namesOf } from "../../../domain/people/people.js";
import { supportPersonsFor } from "../../../domain/support/circle.js";
import { can, guard } from "../../../policies/policy.js";
import { supportLaunchPolicy } from "../../../policies/support.js";
import { presentSpace, type SpaceParts } from "../../../presenters/support.js";
import type { TypedValues } from "../../../presenters/typed-values.js";
import type { Translate } from "../../../i18n/i18n.js";
import { page, redirect, route, type PageResult } from "../../route.js";
import { SupportRequestForm } from "../../schemas/support.js";
import type { SupportRouteDeps } from "./deps.js";

export function supportSpaceRoutes(deps: SupportRouteDeps): Router {
  const router = express.Router();
  const { support, people } = deps;

  async function spacePage(
    actor: Actor,
    view: { t: Translate; base: string; values?: TypedValues; errors?: Record<string, string> },
  ): Promise<PageResult> {
    const [learner, memberCases, toTakeUp, choices] = await Promise.all([
      support.space.ofLearner(actor),
      support.space.casesOfMember(actor),
      support.space.signalsToTakeUp(actor),
      supportPersonsFor(support.deps.directory, actor.platformId, actor.userId),
    ]);
    const parts: SpaceParts = {
      learner: { ...learner, choices },
      memberCases,
      toTakeUp,
      canSettings: can(actor, supportLaunchPolicy, "settings", actor),
    };
    const ids = [
      ...choices,
      ...learner.accessLog.map((access) => access.readerId),
      ...memberCases.map((supportCase) => supportCase.learnerId),
      ...toTakeUp.map((signal) => signal.learnerId),
    ];
    const names = await namesOf(people, actor.platformId, ids);
    return page("pages/support/index", "support", presentSpace(actor, parts, { ...view, names }));
  }

  route(router, {
    method: "get",
    path: "/support",
    guard: guard(supportLaunchPolicy, "space"),
    handle: ({ actor, t, base }) => spacePage(actor, { t, base }),
  });

  route(router, {
    method: "post",
    path: "/support/request",
    guard: guard(supportLaunchPolicy, "space"),
    input: SupportRequestForm,
    messages: "support",
    invalid: ({ actor, t, base }, problem) => spacePage(actor, { t, base, ...problem }),
    handle: async ({ actor, input }) => {
      const self = await support.standing.towards(actor, actor.userId);
      const opened = await support.opening.requestSupport(actor, self, input.body);
      return redirect(`/support/cases/${opened.id}`);
    },
  });

  return router;
}
