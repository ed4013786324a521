// One learner's tutoring, for who may appoint their tutors: who accompanies them now (end, reassign)
// and who did before. A learner the actor may not appoint for is a 404.
import type { Router } from "express";
import type { PeopleDirectory } from "../../../domain/people/people.js";
import { displayName } from "../../../domain/people/people.js";
import { launchScope } from "../../../domain/validation/service.js";
import { found } from "../../../errors.js";
import { guard } from "../../../policies/policy.js";
import { tutoringLaunchPolicy } from "../../../policies/tutoring.js";
import { presentHistory } from "../../../presenters/tutoring/history.js";
import { typedValue } from "../../../presenters/typed-values.js";
import type { FormProblem } from "../../form-problem.js";
import { page, redirect, guardedRoutes, type PageResult, type RouteContext } from "../../route.js";
import { LearnerParams, ReassignForm, WorkspaceQuery } from "../../schemas/tutoring.js";
import type { TutoringDeps } from "./page.js";

type Deps = Pick<TutoringDeps, "appointments" | "course"> & {
  people: Pick<PeopleDirectory, "people" | "person">;
};

const LearnerPage = LearnerParams.merge(WorkspaceQuery);

async function learnerPage(
  deps: Deps,
  ctx: Pick<RouteContext<undefined>, "actor" | "t" | "locale" | "base">,
  learnerId: string,
  extra: { done?: string; problem?: FormProblem & { relationId: string } } = {},
): Promise<PageResult> {
  const { actor, t, locale, base } = ctx;
  const history = await deps.appointments.history(actor, learnerId);
  const person = found(await deps.people.person(actor.platformId, learnerId), "no such learner");
  const course = await deps.course.view(launchScope(actor));
  const model = await presentHistory(history, {
    t,
    locale,
    base,
    people: deps.people,
    platformId: actor.platformId,
  });
  const chosen = extra.problem ? typedValue(extra.problem.values, "tutorId") : undefined;
  return page("pages/tutoring/learner", "tutoring", {
    title: t("tutoring:learner.title", { name: displayName(person) }),
    name: displayName(person),
    done: extra.done ?? "",
    current: model.current.map((row) => ({
      ...row,
      endAction: `${base}/tutoring/relations/${encodeURIComponent(row.id)}/end`,
      reassignAction: `${base}/tutoring/relations/${encodeURIComponent(row.id)}/reassign`,
      errors: extra.problem?.relationId === row.id ? extra.problem.errors : {},
      candidates: course.tutorCandidates
        .filter((member) => member.id !== learnerId && member.id !== row.tutorId)
        .map((member) => ({ id: member.id, name: displayName(member), selected: member.id === chosen })),
    })),
    past: model.past,
    back: `${base}/tutoring`,
  });
}

export function learnerRoutes(deps: Deps): Router {
  const manage = guardedRoutes(guard(tutoringLaunchPolicy, "manage"));

  manage.get("/tutoring/learners/:learnerId", {
    input: LearnerPage,
    handle: (ctx) => {
      const done = ctx.input.query.done;
      return learnerPage(deps, ctx, ctx.input.params.learnerId, {
        done: done ? ctx.t(`tutoring:done.${done}`) : "",
      });
    },
  });

  manage.post("/tutoring/relations/:relationId/reassign", {
    input: ReassignForm,
    messages: "tutoring",
    invalid: async (ctx, problem) => {
      const relationId = String(ctx.req.params.relationId ?? "");
      const relation = await deps.appointments.currentRelation(ctx.actor, relationId);
      return learnerPage(deps, ctx, relation.learnerId, { problem: { ...problem, relationId } });
    },
    handle: async (ctx) => {
      const { relationId } = ctx.input.params;
      const learnerId = await deps.appointments.reassign(ctx.actor, relationId, ctx.input.body.tutorId, {
        deploymentId: ctx.actor.deploymentId,
        contextId: launchScope(ctx.actor).contextId,
      });
      return redirect(`/tutoring/learners/${encodeURIComponent(learnerId)}`, { done: "reassign" });
    },
  });

  return manage.router;
}
