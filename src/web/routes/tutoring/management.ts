// The course's tutoring, managed by who teaches in it: appointments one by one or many at once, ending
// with the past kept, the rhythm, the roster refresh (groups have their own routes).
import express, { type Router } from "express";
import { z } from "zod";
import { launchScope } from "../../../domain/validation/service.js";
import { guard } from "../../../policies/policy.js";
import { tutoringLaunchPolicy } from "../../../policies/tutoring.js";
import type { TutoringForm } from "../../../presenters/tutoring/course.js";
import type { FormProblem } from "../../form-problem.js";
import { redirect, route, type RouteContext } from "../../route.js";
import { AppointForm, RelationParams, SettingsForm } from "../../schemas/tutoring.js";
import { courseOf, tutoringPage, type TutoringDeps } from "./page.js";

const manage = guard(tutoringLaunchPolicy, "manage");

const EndForm = RelationParams.extend({
  body: z.object({ back: z.enum(["learner", "tutoring"]).default("tutoring") }),
});

export function managementRoutes(deps: TutoringDeps): Router {
  const router = express.Router();
  const again = (form: TutoringForm) => (ctx: RouteContext<undefined>, problem: FormProblem) =>
    tutoringPage(deps, ctx, { sent: { form, ...problem } });
  const course = (ctx: { actor: RouteContext<undefined>["actor"] }) => courseOf(ctx.actor);

  route(router, {
    method: "post",
    path: "/tutoring/appoint",
    guard: manage,
    input: AppointForm,
    messages: "tutoring",
    invalid: again("appoint"),
    handle: async (ctx) => {
      const { tutorId, learnerIds, kind } = ctx.input.body;
      const outcome = await deps.appointments.appoint(
        ctx.actor,
        { tutorId, learnerIds, kind },
        { course: course(ctx) },
      );
      return redirect("/tutoring", { done: "appoint", count: String(outcome.opened.length) });
    },
  });

  route(router, {
    method: "post",
    path: "/tutoring/relations/:relationId/end",
    guard: manage,
    input: EndForm,
    form: "button",
    handle: async (ctx) => {
      const ended = await deps.appointments.end(ctx.actor, ctx.input.params.relationId);
      return ctx.input.body.back === "learner"
        ? redirect(`/tutoring/learners/${encodeURIComponent(ended.learnerId)}`, { done: "end" })
        : redirect("/tutoring", { done: "end" });
    },
  });

  route(router, {
    method: "post",
    path: "/tutoring/settings",
    guard: manage,
    input: SettingsForm,
    messages: "tutoring",
    invalid: again("settings"),
    handle: async (ctx) => {
      await deps.settings.save(launchScope(ctx.actor), ctx.input.body, ctx.actor.userId);
      return redirect("/tutoring", { done: "settings" });
    },
  });

  route(router, {
    method: "post",
    path: "/tutoring/roster/refresh",
    guard: manage,
    form: "button",
    handle: async (ctx) => {
      const result = await deps.course.refreshRoster(launchScope(ctx.actor));
      return redirect("/tutoring", { done: "roster", count: String(result.refreshed ? result.members : 0) });
    },
  });

  return router;
}
