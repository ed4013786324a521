// Tutoring groups of the course, managed by who teaches in it: made, filled with learners, removed
// (the relations made through a removed group end and stay in the history).
import type { Router } from "express";
import { guardedRoutes, redirect } from "../../route.js";
import { AssignForm, GroupForm, GroupParams } from "../../schemas/tutoring.js";
import { courseForms, courseOf, manageTutoring, type TutoringDeps } from "./page.js";

export function groupRoutes(deps: TutoringDeps): Router {
  const manage = guardedRoutes(manageTutoring);
  const form = courseForms(manage.router, deps);

  form("/tutoring/groups", "group", GroupForm, async (ctx) => {
    const { groupName, tutorId, kind } = ctx.input.body;
    await deps.groups.create(ctx.actor, courseOf(ctx.actor), { name: groupName, tutorId, kind });
  });

  form("/tutoring/assign", "assign", AssignForm, async (ctx) => {
    const { groupId, learnerIds } = ctx.input.body;
    const { outcome } = await deps.groups.add(ctx.actor, courseOf(ctx.actor), groupId, learnerIds);
    return { count: outcome.opened.length };
  });

  manage.post("/tutoring/groups/:groupId/remove", {
    input: GroupParams,
    form: "button",
    handle: async (ctx) => {
      await deps.groups.remove(ctx.actor, courseOf(ctx.actor), ctx.input.params.groupId);
      return redirect("/tutoring", { done: "removed" });
    },
  });

  return manage.router;
}
