// A learner as the support space sees them: who follows them records a concern; their support circle
// reads the signals (each reading logged) and opens a case. Anyone else: the 404 of a stranger.
import express, { type Router } from "express";
import type { Actor } from "../../../domain/actor.js";
import { namesOf } from "../../../domain/people/people.js";
import type { Signal } from "../../../domain/support/signals.js";
import { authorize, can, guard } from "../../../policies/policy.js";
import { supportLaunchPolicy, supportLearnerPolicy } from "../../../policies/support.js";
import { presentLearner } from "../../../presenters/support.js";
import type { TypedValues } from "../../../presenters/typed-values.js";
import type { Translate } from "../../../i18n/i18n.js";
import { guardedRoutes, page, redirect, type GuardedRouteSpec, type PageResult } from "../../route.js";
import { ConcernForm, LearnerPage, LearnerParams, OpenCaseForm } from "../../schemas/support.js";
import type { SupportRouteDeps } from "./deps.js";

const LEARNER = "/support/learners/:learnerId";
const space = guard(supportLaunchPolicy, "space");

function learnerIdOf(params: unknown): string {
  const parsed = LearnerParams.shape.params.safeParse(params);
  return parsed.success ? parsed.data.learnerId : "";
}

export function supportLearnerRoutes(deps: SupportRouteDeps): Router {
  const router = express.Router();
  const { support, people } = deps;

  async function learnerPage(
    actor: Actor,
    learnerId: string,
    view: {
      t: Translate;
      base: string;
      recorded?: boolean;
      values?: TypedValues;
      errors?: Record<string, string>;
    },
  ): Promise<PageResult> {
    const learner = await support.standing.towards(actor, learnerId);
    const mayRecord = can(actor, supportLearnerPolicy, "recordSignal", learner);
    if (!mayRecord) authorize(actor, supportLearnerPolicy, "readSignals", learner);
    const signals: Signal[] = can(actor, supportLearnerPolicy, "readSignals", learner)
      ? await support.signals.read(actor, learner)
      : [];
    const ids = [learnerId, ...signals.flatMap((s) => (s.source.kind === "person" ? [s.source.userId] : []))];
    const names = await namesOf(people, actor.platformId, ids);
    return page(
      "pages/support/learner",
      "support",
      presentLearner(actor, learner, signals, { ...view, names }),
    );
  }

  const inSpace = guardedRoutes(space, router);
  // A refused concern or case comes back on the learner's page, with what was typed.
  const onLearnerPage: Pick<GuardedRouteSpec<undefined>, "messages" | "invalid"> = {
    messages: "support",
    invalid: ({ actor, t, base, req }, problem) =>
      learnerPage(actor, learnerIdOf(req.params), { t, base, ...problem }),
  };

  inSpace.get(LEARNER, {
    input: LearnerPage,
    handle: ({ actor, input, t, base }) =>
      learnerPage(actor, input.params.learnerId, { t, base, recorded: input.query.recorded === "1" }),
  });

  inSpace.post(`${LEARNER}/signals`, {
    input: ConcernForm,
    ...onLearnerPage,
    handle: async ({ actor, input: { params, body } }) => {
      await support.signals.record(actor, await support.standing.towards(actor, params.learnerId), body);
      return redirect(`/support/learners/${params.learnerId}`, { recorded: "1" });
    },
  });

  inSpace.post(`${LEARNER}/cases`, {
    input: OpenCaseForm,
    ...onLearnerPage,
    handle: async ({ actor, input: { params, body } }) => {
      const learner = await support.standing.towards(actor, params.learnerId);
      const opened = await support.opening.openFromSignals(actor, learner, body);
      return redirect(`/support/cases/${opened.id}`);
    },
  });

  return router;
}
