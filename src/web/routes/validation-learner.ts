// The learner's side of validation: their competences at a glance, and the request form for many
// competences at once — choose them, then their evidence and one justification, to validators of their choice.
import express, { type Router } from "express";
import { z } from "zod";
import type { Actor } from "../../domain/actor.js";
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import { leafCompetences } from "../../domain/frameworks/framework.js";
import type { PeopleDirectory } from "../../domain/people/people.js";
import type { LearnerCompetences } from "../../domain/validation/learner-competences.js";
import type { RequestItemInput } from "../../domain/validation/request-validation.js";
import { invalid, type ValidationService } from "../../domain/validation/service.js";
import { NotFoundError } from "../../errors.js";
import { guard } from "../../policies/policy.js";
import { validationLaunchPolicy } from "../../policies/validation.js";
import { presentCompetencesPage } from "../../presenters/learner-competences.js";
import {
  presentRequestForm,
  type RequestFormOptions,
  type RequestFormValues,
} from "../../presenters/request-form.js";
import { page, redirect, route, type PageResult } from "../route.js";
import {
  NewRequestInput,
  OwnCompetencesInput,
  RequestForm,
  requestSheetOf,
  type RequestSheet,
  requestValues,
} from "../schemas/learner-validation.js";
import type { PageContext } from "./validation-competence.js";

export interface ValidationLearnerRoutesDeps {
  learner: Pick<LearnerCompetences, "course" | "overview" | "requestForm">;
  validation: Pick<ValidationService, "requestValidation">;
  people: Pick<PeopleDirectory, "people">;
}

export function validationLearnerRoutes(deps: ValidationLearnerRoutesDeps): Router {
  const router = express.Router();
  const own = guard(validationLaunchPolicy, "ownCompetences");

  const requestPage = async (
    ctx: PageContext,
    options: RequestFormOptions,
    status = 200,
  ): Promise<PageResult> => {
    const data = await deps.learner.requestForm(ctx.actor);
    const model = await presentRequestForm(data, options, { ...ctx, people: deps.people });
    return page("pages/validation/request-new", "competences", model, status);
  };

  /** The competences of the course's framework in the form's order (the form's indexes point here). */
  const leavesOf = async (actor: Actor): Promise<string[]> => {
    const { framework } = await deps.learner.course(actor);
    return framework ? leafCodes(framework) : [];
  };

  route(router, {
    method: "get",
    path: "/competences",
    guard: own,
    input: OwnCompetencesInput,
    handle: async (ctx) => {
      const overview = await deps.learner.overview(ctx.actor);
      const outcome = { sent: ctx.input.query.sent ?? 0, conflicts: ctx.input.query.conflicts ?? 0 };
      const model = await presentCompetencesPage(overview, outcome, { ...ctx, people: deps.people });
      return page("pages/validation/competences", "competences", model);
    },
  });

  // Step 1 (which competences) and step 2 (their evidence) are one GET: the choice travels in the query,
  // so the form works without JavaScript and the back button keeps it.
  route(router, {
    method: "get",
    path: "/requests/new",
    guard: own,
    input: NewRequestInput,
    messages: "validation",
    invalid: async (ctx) => {
      const query = NewRequestInput.shape.query.safeParse(ctx.req.query);
      const chosen = query.success ? query.data.code : [];
      const known = new Set(await leavesOf(ctx.actor));
      return requestPage(ctx, { chosen: chosen.filter((code) => known.has(code)), pick: true }, 400);
    },
    handle: async (ctx) => {
      const { code: chosen, step } = ctx.input.query;
      const leaves = new Set(await leavesOf(ctx.actor));
      if (chosen.some((code) => !leaves.has(code))) throw invalid({ items: "UNKNOWN_COMPETENCE" });
      if (step === "evidence" && chosen.length === 0) throw invalid({ items: "NO_ITEMS" });
      return requestPage(ctx, { chosen, pick: step === "pick" });
    },
  });

  route(router, {
    method: "post",
    path: "/requests/new",
    guard: own,
    input: z.object({ body: RequestForm }),
    messages: "validation",
    invalid: async (ctx, problem) => {
      const values = requestValues(requestSheetOf(problem.values), await leavesOf(ctx.actor));
      return requestPage(ctx, { values, errors: problem.errors }, 400);
    },
    handle: async (ctx) => {
      const { framework } = await deps.learner.course(ctx.actor);
      if (!framework) throw new NotFoundError();
      const { values, items } = requestedItems(ctx.input.body, leafCodes(framework));
      const { request, conflicts } = await deps.validation.requestValidation(ctx.actor, {
        frameworkId: framework.id,
        basis: values.basis,
        validatorIds: values.validatorIds,
        items,
      });
      const outcome: Record<string, string> = { sent: String(request.items.length) };
      if (conflicts.length > 0) outcome.conflicts = String(conflicts.length);
      return redirect("/competences", outcome);
    },
  });

  return router;
}

/**
 * The competences the form asks for, each with its own justification or the shared one; a competence
 * the framework does not have, none ticked, or an item left without any justification is refused.
 */
function requestedItems(
  sheet: RequestSheet,
  leaves: readonly string[],
): { values: RequestFormValues; items: RequestItemInput[] } {
  if (sheet.items.some((item) => item.picked && leaves[item.index] !== item.code))
    throw invalid({ items: "UNKNOWN_COMPETENCE" });
  const values = requestValues(sheet, leaves);
  if (values.picked.length === 0) throw invalid({ items: "NO_ITEMS" });
  const items = values.picked.flatMap((code) => {
    const item = values.items.get(code);
    return item ? [{ code, ...item, justification: item.justification || values.justification }] : [];
  });
  if (items.some((item) => item.justification === ""))
    throw invalid({ justification: "JUSTIFICATION_REQUIRED" });
  return { values, items };
}

function leafCodes(framework: StoredFramework): string[] {
  return leafCompetences(framework.definition).map(({ node }) => node.code);
}
