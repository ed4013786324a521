// The course's validation rules, set by who teaches in it: single or double validation, the reminder
// delay, and the referent every learner sees (else each learner's first tutor).
import express, { type Router } from "express";
import type { CourseSettingsService } from "../../domain/validation/course-settings.js";
import { launchScope } from "../../domain/validation/service.js";
import { courseSettingsPolicy } from "../../policies/course-settings.js";
import { guard } from "../../policies/policy.js";
import { presentCourseSettings } from "../../presenters/course-settings.js";
import { page, redirect, route } from "../route.js";
import { CourseSettingsForm, SavedQuery, settingsInput } from "../schemas/course-settings.js";

export function courseSettingsRoutes({ settings }: { settings: CourseSettingsService }): Router {
  const router = express.Router();

  route(router, {
    method: "get",
    path: "/course/settings",
    guard: guard(courseSettingsPolicy, "view"),
    input: SavedQuery,
    handle: async ({ actor, input, t, locale, base }) => {
      const shown = await settings.forEditing(actor, launchScope(actor));
      const saved = input.query.saved === "1";
      return page(
        "pages/validation/settings",
        "settings",
        presentCourseSettings(shown, { t, locale, base, saved }),
      );
    },
  });

  route(router, {
    method: "post",
    path: "/course/settings",
    guard: guard(courseSettingsPolicy, "edit"),
    input: CourseSettingsForm,
    messages: "validation",
    invalid: async ({ actor, t, locale, base }, problem) => {
      const shown = await settings.forEditing(actor, launchScope(actor));
      const model = presentCourseSettings(shown, { t, locale, base, saved: false, ...problem });
      return page("pages/validation/settings", "settings", model);
    },
    handle: async ({ actor, input }) => {
      await settings.update(actor, launchScope(actor), settingsInput(input.body));
      return redirect("/course/settings", { saved: "1" });
    },
  });

  return router;
}
