// Importing tutors from a file: paste it (or its spreadsheet cells), read the dry run — every row and
// every problem named by its line — then confirm. Nothing is written while a problem remains.
import express, { type Router } from "express";
import { launchScope } from "../../../domain/validation/service.js";
import { guard } from "../../../policies/policy.js";
import { tutoringLaunchPolicy } from "../../../policies/tutoring.js";
import { presentImportPlan } from "../../../presenters/tutoring/import.js";
import { typedValue } from "../../../presenters/typed-values.js";
import { page, redirect, route } from "../../route.js";
import { DraftParams, ImportForm } from "../../schemas/tutoring.js";
import type { TutoringDeps } from "./page.js";

export function importRoutes(deps: Pick<TutoringDeps, "csvImport">): Router {
  const router = express.Router();
  const manage = guard(tutoringLaunchPolicy, "manage");
  const course = (scope: { deploymentId: string; contextId: string }) => ({
    deploymentId: scope.deploymentId,
    contextId: scope.contextId,
  });

  route(router, {
    method: "get",
    path: "/tutoring/import",
    guard: manage,
    handle: ({ t, base }) =>
      page("pages/tutoring/import", "tutoring", {
        title: t("tutoring:import.title"),
        action: `${base}/tutoring/import`,
        back: `${base}/tutoring`,
        csv: "",
        errors: {},
      }),
  });

  route(router, {
    method: "post",
    path: "/tutoring/import",
    guard: manage,
    input: ImportForm,
    messages: "tutoring",
    invalid: ({ t, base }, problem) =>
      page("pages/tutoring/import", "tutoring", {
        title: t("tutoring:import.title"),
        action: `${base}/tutoring/import`,
        back: `${base}/tutoring`,
        csv: typedValue(problem.values, "csv") ?? "",
        errors: problem.errors,
      }),
    handle: async ({ actor, input }) => {
      const id = await deps.csvImport.draft(actor, course(launchScope(actor)), input.body.csv);
      return redirect(`/tutoring/import/${encodeURIComponent(id)}`);
    },
  });

  route(router, {
    method: "get",
    path: "/tutoring/import/:draftId",
    guard: manage,
    input: DraftParams,
    handle: async ({ actor, t, locale, base, input }) => {
      const where = course(launchScope(actor));
      const draft = await deps.csvImport.findDraft(actor, where, input.params.draftId);
      const plan = await deps.csvImport.plan(actor, where, draft.text);
      return page("pages/tutoring/import-plan", "tutoring", {
        title: t("tutoring:import.planTitle"),
        ...presentImportPlan(plan, { t, locale, base }),
        csv: draft.text,
        applyAction: `${base}/tutoring/import/${encodeURIComponent(draft.id)}/apply`,
        action: `${base}/tutoring/import`,
        back: `${base}/tutoring`,
      });
    },
  });

  route(router, {
    method: "post",
    path: "/tutoring/import/:draftId/apply",
    guard: manage,
    input: DraftParams,
    form: "button",
    handle: async ({ actor, input }) => {
      const draftId = input.params.draftId;
      const result = await deps.csvImport.applyDraft(actor, course(launchScope(actor)), draftId);
      if (!result.applied)
        return redirect(`/tutoring/import/${encodeURIComponent(draftId)}`, { refused: "1" });
      const opened = result.rows.filter((row) => row.outcome === "new").length;
      return redirect("/tutoring", { done: "import", count: String(opened) });
    },
  });

  return router;
}
