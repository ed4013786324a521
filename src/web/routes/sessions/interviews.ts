// Individual interviews: a tutor opens one with a tutee, the tutee prepares it, the tutor writes the
// synthesis, both sign. Only the two of them ever reach it (404 for anyone else).
import express, { type Router } from "express";
import { authorize, guard } from "../../../policies/policy.js";
import { interviewPolicy, sessionsLaunchPolicy } from "../../../policies/tutoring-sessions.js";
import { presentInterview } from "../../../presenters/sessions/interviews.js";
import type { FormProblem } from "../../form-problem.js";
import { page, redirect, route, type PageResult, type RouteContext } from "../../route.js";
import {
  InterviewParams,
  OpenInterviewForm,
  PreparationForm,
  SynthesisForm,
} from "../../schemas/sessions.js";
import { sessionsPage, type SessionsDeps } from "./list.js";

const mine = guard(sessionsLaunchPolicy, "mine");

type Ctx = Pick<RouteContext<unknown>, "actor" | "t" | "locale" | "base">;

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
      typed ? { form: typed.form, values: typed.problem.values } : undefined,
    );
    return page("pages/sessions/interview", "sessions", { ...model, errors: typed?.problem.errors ?? {} });
  };

  return { loaded, interviewPage };
}

const idOf = (ctx: RouteContext<undefined>): string => String(ctx.req.params.interviewId ?? "");

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

  route(router, {
    method: "post",
    path: "/interviews/:interviewId/preparation",
    guard: mine,
    input: PreparationForm,
    messages: "sessions",
    invalid: (ctx, problem) => interviewPage(ctx, idOf(ctx), { form: "preparation", problem }),
    handle: async (ctx) => {
      const interview = await loaded(ctx, ctx.input.params.interviewId, "prepare");
      await interviews.prepare(ctx.actor, interview, ctx.input.body);
      return redirect(`/interviews/${interview.id}`);
    },
  });

  route(router, {
    method: "post",
    path: "/interviews/:interviewId/synthesis",
    guard: mine,
    input: SynthesisForm,
    messages: "sessions",
    invalid: (ctx, problem) => interviewPage(ctx, idOf(ctx), { form: "synthesis", problem }),
    handle: async (ctx) => {
      const interview = await loaded(ctx, ctx.input.params.interviewId, "complete");
      await interviews.complete(ctx.actor, interview, ctx.input.body);
      return redirect(`/interviews/${interview.id}`);
    },
  });

  route(router, {
    method: "post",
    path: "/interviews/:interviewId/sign",
    guard: mine,
    input: InterviewParams,
    form: "button",
    handle: async (ctx) => {
      const interview = await loaded(ctx, ctx.input.params.interviewId, "sign");
      await interviews.sign(ctx.actor, interview);
      return redirect(`/interviews/${interview.id}`);
    },
  });

  return router;
}
