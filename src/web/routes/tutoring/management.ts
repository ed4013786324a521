// The course's tutoring, managed by who teaches in it: appointments one by one or many at once, ending
// with the past kept, the rhythm, the roster refresh (groups have their own routes).
import type { Router } from "express";
import { z } from "zod";
import { launchScope } from "../../../domain/validation/service.js";
import { guardedRoutes, redirect } from "../../route.js";
import { AppointForm, RelationParams, SettingsForm } from "../../schemas/tutoring.js";
import { courseForms, courseOf, manageTutoring, type TutoringDeps } from "./page.js";

const EndForm = RelationParams.extend({
  body: z.object({ back: z.enum(["learner", "tutoring"]).default("tutoring") }),
});

export function managementRoutes(deps: TutoringDeps): Router {
  const manage = guardedRoutes(manageTutoring);
  const form = courseForms(manage.router, deps);

  form("/tutoring/appoint", "appoint", AppointForm, async (ctx) => {
    const { tutorId, learnerIds, kind } = ctx.input.body;
    const course = courseOf(ctx.actor);
    const outcome = await deps.appointments.appoint(ctx.actor, { tutorId, learnerIds, kind }, { course });
    return { count: outcome.opened.length };
  });

  manage.post("/tutoring/relations/:relationId/end", {
    input: EndForm,
    form: "button",
    handle: async (ctx) => {
      const ended = await deps.appointments.end(ctx.actor, ctx.input.params.relationId);
      return ctx.input.body.back === "learner"
        ? redirect(`/tutoring/learners/${encodeURIComponent(ended.learnerId)}`, { done: "end" })
        : redirect("/tutoring", { done: "end" });
    },
  });

  form("/tutoring/settings", "settings", SettingsForm, async (ctx) => {
    await deps.settings.save(launchScope(ctx.actor), ctx.input.body, ctx.actor.userId);
  });

  manage.post("/tutoring/roster/refresh", {
    form: "button",
    handle: async (ctx) => {
      const result = await deps.course.refreshRoster(launchScope(ctx.actor));
      return redirect("/tutoring", { done: "roster", count: String(result.refreshed ? result.members : 0) });
    },
  });

  return manage.router;
}
