// The course's tutoring, managed by who teaches in it: appointments one by one or many at once, ending
// with the past kept, the rhythm, the roster refresh (groups have their own routes).
import express, { type Router } from "express";
import { z } from "zod";
import { launchScope } from "../../../domain/validation/service.js";
import { redirect, route } from "../../route.js";
import { AppointForm, RelationParams, SettingsForm } from "../../schemas/tutoring.js";
import { courseOf, manageTutoring, tutoringFormAgain, type TutoringDeps } from "./page.js";

const EndForm = RelationParams.extend({
  body: z.object({ back: z.enum(["learner", "tutoring"]).default("tutoring") }),
});

export function managementRoutes(deps: TutoringDeps): Router {
  const router = express.Router();
  const again = tutoringFormAgain(deps);

  route(router, {
    method: "post",
    path: "/tutoring/appoint",
    guard: manageTutoring,
    input: AppointForm,
    messages: "tutoring",
    invalid: again("appoint"),
    handle: async (ctx) => {
      const { tutorId, learnerIds, kind } = ctx.input.body;
      const outcome = await deps.appointments.appoint(
        ctx.actor,
        { tutorId, learnerIds, kind },
        { course: courseOf(ctx.actor) },
      );
      return redirect("/tutoring", { done: "appoint", count: String(outcome.opened.length) });
    },
  });

  route(router, {
    method: "post",
    path: "/tutoring/relations/:relationId/end",
    guard: manageTutoring,
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
    guard: manageTutoring,
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
    guard: manageTutoring,
    form: "button",
    handle: async (ctx) => {
      const result = await deps.course.refreshRoster(launchScope(ctx.actor));
      return redirect("/tutoring", { done: "roster", count: String(result.refreshed ? result.members : 0) });
    },
  });

  return router;
}
