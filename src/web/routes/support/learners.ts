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
import { page, redirect, route, type PageResult } from "../../route.js";
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

  route(router, {
    method: "get",
    path: LEARNER,
    guard: space,
    input: LearnerPage,
    handle: ({ actor, input, t, base }) =>
      learnerPage(actor, input.params.learnerId, { t, base, recorded: input.query.recorded === "1" }),
  });

  route(router, {
    method: "post",
    path: `${LEARNER}/signals`,
    guard: space,
    input: ConcernForm,
    messages: "support",
    invalid: ({ actor, t, base, req }, problem) =>
      learnerPage(actor, learnerIdOf(req.params), { t, base, ...problem }),
    handle: async ({ actor, input }) => {
      const learner = await support.standing.towards(actor, input.params.learnerId);
      await support.signals.record(actor, learner, input.body);
      return redirect(`/support/learners/${input.params.learnerId}`, { recorded: "1" });
    },
  });

  route(router, {
    method: "post",
    path: `${LEARNER}/cases`,
    guard: space,
    input: OpenCaseForm,
    messages: "support",
    invalid: ({ actor, t, base, req }, problem) =>
      learnerPage(actor, learnerIdOf(req.params), { t, base, ...problem }),
    handle: async ({ actor, input }) => {
      const learner = await support.standing.towards(actor, input.params.learnerId);
      const opened = await support.opening.openFromSignals(actor, learner, input.body);
      return redirect(`/support/cases/${opened.id}`);
    },
  });

  return router;
}
