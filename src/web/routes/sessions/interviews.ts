// Individual interviews: a tutor opens one with a tutee, the tutee prepares it, the tutor writes the
// synthesis, both sign. Only the two of them ever reach it (404 for anyone else).
import express, { type Router } from "express";
import type { Interview } from "../../../domain/sessions/interview.js";
import { authorize } from "../../../policies/policy.js";
import { interviewPolicy } from "../../../policies/tutoring-sessions.js";
import { presentInterview } from "../../../presenters/sessions/interviews.js";
import type { FormProblem } from "../../form-problem.js";
import { page, redirect, route, type PageResult } from "../../route.js";
import {
  InterviewParams,
  OpenInterviewForm,
  PreparationForm,
  SynthesisForm,
} from "../../schemas/sessions.js";
import { mine, sessionsPage, type Ctx, type SessionsDeps } from "./list.js";
import { targetSteps, typedForm } from "./target-steps.js";

/** The interview's page (with the forms its viewer may use), and loading under a policy action. */
function interviewPages(deps: SessionsDeps) {
  const { interviews, timeZone } = deps.sessions;

  const loaded = async (ctx: Ctx, id: string, action: "view" | "prepare" | "complete" | "sign") => {
    const interview = await interviews.interview(ctx.actor.platformId, id);
    authorize(ctx.actor, interviewPolicy, action, interview);
    return interview;
  };

  const interviewPage = async (
    ctx: Ctx,
    id: string,
    typed?: { form: "preparation" | "synthesis"; problem: FormProblem },
  ): Promise<PageResult> => {
    const interview = await loaded(ctx, id, "view");
    const model = await presentInterview(
      ctx.actor,
      interview,
      { ...ctx, timeZone, people: deps.people },
      typedForm(typed),
    );
    return page("pages/sessions/interview", "sessions", { ...model, errors: typed?.problem.errors ?? {} });
  };

  return { loaded, interviewPage };
}

export function interviewRoutes(deps: SessionsDeps): Router {
  const router = express.Router();
  const { interviews } = deps.sessions;
  const { loaded, interviewPage } = interviewPages(deps);

  route(router, {
    method: "post",
    path: "/interviews",
    guard: mine,
    input: OpenInterviewForm,
    messages: "sessions",
    invalid: (ctx, problem) => sessionsPage(deps, ctx, { problem }),
    handle: async (ctx) => {
      const { learnerId, date, time } = ctx.input.body;
      // The domain checks the relation: a learner who is not the actor's tutee is a 404.
      const interview = await interviews.open(ctx.actor, learnerId, { date, time });
      return redirect(`/interviews/${interview.id}`);
    },
  });

  route(router, {
    method: "get",
    path: "/interviews/:interviewId",
    guard: mine,
    input: InterviewParams,
    handle: (ctx) => interviewPage(ctx, ctx.input.params.interviewId),
  });

  const steps = targetSteps(router, mine, {
    path: "/interviews/:interviewId",
    param: "interviewId",
    load: loaded,
    pathOf: (interview: Interview) => `/interviews/${interview.id}`,
    again: interviewPage,
  });
  steps.form("preparation", PreparationForm, "prepare", (ctx, interview) =>
    interviews.prepare(ctx.actor, interview, ctx.input.body),
  );
  steps.form("synthesis", SynthesisForm, "complete", (ctx, interview) =>
    interviews.complete(ctx.actor, interview, ctx.input.body),
  );
  steps.button("sign", InterviewParams, "sign", (ctx, interview) => interviews.sign(ctx.actor, interview));

  return router;
}
