// Tutoring groups of the course, managed by who teaches in it: made, filled with learners, removed
// (the relations made through a removed group end and stay in the history).
import express, { type Router } from "express";
import { redirect, route } from "../../route.js";
import { AssignForm, GroupForm, GroupParams } from "../../schemas/tutoring.js";
import { courseOf, manageTutoring, tutoringFormAgain, type TutoringDeps } from "./page.js";

export function groupRoutes(deps: TutoringDeps): Router {
  const router = express.Router();
  const again = tutoringFormAgain(deps);

  route(router, {
    method: "post",
    path: "/tutoring/groups",
    guard: manageTutoring,
    input: GroupForm,
    messages: "tutoring",
    invalid: again("group"),
    handle: async (ctx) => {
      const { groupName, tutorId, kind } = ctx.input.body;
      await deps.groups.create(ctx.actor, courseOf(ctx.actor), { name: groupName, tutorId, kind });
      return redirect("/tutoring", { done: "group" });
    },
  });

  route(router, {
    method: "post",
    path: "/tutoring/assign",
    guard: manageTutoring,
    input: AssignForm,
    messages: "tutoring",
    invalid: again("assign"),
    handle: async (ctx) => {
      const { groupId, learnerIds } = ctx.input.body;
      const { outcome } = await deps.groups.add(ctx.actor, courseOf(ctx.actor), groupId, learnerIds);
      return redirect("/tutoring", { done: "assign", count: String(outcome.opened.length) });
    },
  });

  route(router, {
    method: "post",
    path: "/tutoring/groups/:groupId/remove",
    guard: manageTutoring,
    input: GroupParams,
    form: "button",
    handle: async (ctx) => {
      await deps.groups.remove(ctx.actor, courseOf(ctx.actor), ctx.input.params.groupId);
      return redirect("/tutoring", { done: "removed" });
    },
  });

  return router;
}
