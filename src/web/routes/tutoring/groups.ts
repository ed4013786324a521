// Tutoring groups of the course, managed by who teaches in it: made, filled with learners, removed
// (the relations made through a removed group end and stay in the history).
import express, { type Router } from "express";
import { guard } from "../../../policies/policy.js";
import { tutoringLaunchPolicy } from "../../../policies/tutoring.js";
import type { TutoringForm } from "../../../presenters/tutoring/course.js";
import type { FormProblem } from "../../form-problem.js";
import { redirect, route, type RouteContext } from "../../route.js";
import { AssignForm, GroupForm, GroupParams } from "../../schemas/tutoring.js";
import { courseOf, tutoringPage, type TutoringDeps } from "./page.js";

const manage = guard(tutoringLaunchPolicy, "manage");

export function groupRoutes(deps: TutoringDeps): Router {
  const router = express.Router();
  const again = (form: TutoringForm) => (ctx: RouteContext<undefined>, problem: FormProblem) =>
    tutoringPage(deps, ctx, { sent: { form, ...problem } });
  const course = (ctx: { actor: RouteContext<undefined>["actor"] }) => courseOf(ctx.actor);

  route(router, {
    method: "post",
    path: "/tutoring/groups",
    guard: manage,
    input: GroupForm,
    messages: "tutoring",
    invalid: again("group"),
    handle: async (ctx) => {
      const { groupName, tutorId, kind } = ctx.input.body;
      await deps.groups.create(ctx.actor, course(ctx), { name: groupName, tutorId, kind });
      return redirect("/tutoring", { done: "group" });
    },
  });

  route(router, {
    method: "post",
    path: "/tutoring/assign",
    guard: manage,
    input: AssignForm,
    messages: "tutoring",
    invalid: again("assign"),
    handle: async (ctx) => {
      const { groupId, learnerIds } = ctx.input.body;
      const { outcome } = await deps.groups.add(ctx.actor, course(ctx), groupId, learnerIds);
      return redirect("/tutoring", { done: "assign", count: String(outcome.opened.length) });
    },
  });

  route(router, {
    method: "post",
    path: "/tutoring/groups/:groupId/remove",
    guard: manage,
    input: GroupParams,
    form: "button",
    handle: async (ctx) => {
      await deps.groups.remove(ctx.actor, course(ctx), ctx.input.params.groupId);
      return redirect("/tutoring", { done: "removed" });
    },
  });

  return router;
}
