// The programme's designated support persons, chosen by who teaches in its course.
import express, { type Router } from "express";
import { namesOf } from "../../../domain/people/people.js";
import { launchScope } from "../../../domain/validation/service.js";
import { guard } from "../../../policies/policy.js";
import { supportLaunchPolicy } from "../../../policies/support.js";
import { presentSettings } from "../../../presenters/support.js";
import { page, redirect, route } from "../../route.js";
import { SavedQuery, SupportPersonsForm } from "../../schemas/support.js";
import type { SupportRouteDeps } from "./deps.js";

export function supportSettingsRoutes(deps: SupportRouteDeps): Router {
  const router = express.Router();
  const { support, people } = deps;

  route(router, {
    method: "get",
    path: "/support/settings",
    guard: guard(supportLaunchPolicy, "settings"),
    input: SavedQuery,
    handle: async ({ actor, input, t, base }) => {
      const form = await support.programme.forEditing(launchScope(actor));
      const names = await namesOf(people, actor.platformId, form.candidates);
      const saved = input.query.saved === "1";
      return page(
        "pages/support/settings",
        "support",
        presentSettings(form.candidates, form.chosen, { t, base, names, saved }),
      );
    },
  });

  route(router, {
    method: "post",
    path: "/support/settings",
    guard: guard(supportLaunchPolicy, "settings"),
    input: SupportPersonsForm,
    messages: "support",
    invalid: async ({ actor, t, base }, problem) => {
      const form = await support.programme.forEditing(launchScope(actor));
      const names = await namesOf(people, actor.platformId, form.candidates);
      const model = presentSettings(form.candidates, form.chosen, {
        t,
        base,
        names,
        saved: false,
        ...problem,
      });
      return page("pages/support/settings", "support", model);
    },
    handle: async ({ actor, input }) => {
      await support.programme.save(launchScope(actor), input.body.personIds, actor.userId);
      return redirect("/support/settings", { saved: "1" });
    },
  });

  return router;
}
