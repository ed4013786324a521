// The competence page shared by the learner's routes and the trainers': one domain query, one
// presenter; and what an action on it answers — a redirect, or the page again with what was typed.
import type { Request, Router } from "express";
import { z, type ZodTypeAny } from "zod";
import type { Actor } from "../../domain/actor.js";
import type { PeopleDirectory } from "../../domain/people/people.js";
import type { ActionInput } from "../../domain/validation/competence-actions.js";
import type { CompetenceRef, CompetenceViews, Viewer } from "../../domain/validation/competence-view.js";
import { AppError, NotFoundError } from "../../errors.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import { guard, type RouteGuard } from "../../policies/policy.js";
import { validationLaunchPolicy } from "../../policies/validation.js";
import {
  presentCompetencePage,
  type CompetenceForm,
  type CompetencePageOptions,
  type FormValues,
} from "../../presenters/competence-page.js";
import { formValuesOf, type FormProblem } from "../form-problem.js";
import { CompetencePageQuery } from "../schemas/learner-validation.js";
import { page, route, type PageResult, type RedirectResult, type RouteResult } from "../route.js";

export interface CompetencePageDeps {
  competences: Pick<CompetenceViews, "view">;
  people: Pick<PeopleDirectory, "people">;
}

/** What a route's context gives the page. */
export interface PageContext {
  actor: Actor;
  t: Translate;
  locale: Locale;
  base: string;
}

export async function competencePage(
  deps: CompetencePageDeps,
  ctx: PageContext,
  ref: CompetenceRef,
  viewer: Viewer,
  options: CompetencePageOptions = {},
  status = 200,
): Promise<PageResult> {
  const shown = await deps.competences.view(ctx.actor, ref, viewer);
  const model = await presentCompetencePage(shown, options, { ...ctx, people: deps.people });
  return page("pages/validation/competence", viewer === "learner" ? "competences" : "cohort", model, status);
}

/** A refused form's page: the same competence, the form refilled, a message next to each field. */
export function sentBack(form: CompetenceForm, problem: FormProblem): CompetencePageOptions {
  return { sent: { form, values: problem.values, errors: problem.errors } };
}

/**
 * Runs an action and redirects; when someone changed the competence since the page was shown (409),
 * nothing was recorded and the page comes back with the notice and what was typed.
 */
export async function actThenRedirect(
  req: Request,
  form: CompetenceForm,
  act: () => Promise<unknown>,
  done: RedirectResult,
  again: (options: CompetencePageOptions, status: number) => Promise<PageResult>,
): Promise<RouteResult> {
  try {
    await act();
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 409) throw error;
    return again({ sent: { form, values: formValuesOf(req.body), errors: {} }, conflict: true }, 409);
  }
  return done;
}

/** The path parameters of a route whose form came back: valid, or the route would not have run. */
export function paramsOf<Schema extends ZodTypeAny>(schema: Schema, req: Request): z.infer<Schema> {
  const parsed = schema.safeParse(req.params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/** A learner reaches her own competences' pages; a validator, those of the learners she follows. */
const VIEWER_GUARD: Record<Viewer, RouteGuard> = {
  learner: guard(validationLaunchPolicy, "ownCompetences"),
  validator: guard(validationLaunchPolicy, "followLearners"),
};

/**
 * Declares GET `path`, the competence page of one viewer, and returns what the page's forms need: a
 * path naming the competence (`params`, `refOf`), who may reach it, how to show it again.
 */
export function competencePages<Params extends ZodTypeAny>(
  router: Router,
  deps: CompetencePageDeps,
  spec: {
    path: string;
    params: Params;
    viewer: Viewer;
    refOf(actor: Actor, params: z.infer<Params>): CompetenceRef;
  },
): CompetencePages<Params> {
  const pagesGuard = VIEWER_GUARD[spec.viewer];
  const show: CompetencePages<Params>["show"] = (ctx, params, options = {}, status = 200) =>
    competencePage(deps, ctx, spec.refOf(ctx.actor, params), spec.viewer, options, status);
  route(router, {
    method: "get",
    path: spec.path,
    guard: pagesGuard,
    input: z.object({ params: spec.params, query: CompetencePageQuery }),
    handle: (ctx) => show(ctx, ctx.input.params, { done: ctx.input.query.done }),
  });
  return { params: spec.params, guard: pagesGuard, refOf: spec.refOf, show };
}

/** A family of competence routes: where its path names the competence, who may reach it, its page. */
export interface CompetencePages<Params extends ZodTypeAny> {
  readonly params: Params;
  readonly guard: RouteGuard;
  refOf(actor: Actor, params: z.infer<Params>): CompetenceRef;
  show(
    ctx: PageContext,
    params: z.infer<Params>,
    options?: CompetencePageOptions,
    status?: number,
  ): Promise<PageResult>;
}

export interface CompetenceFormSpec<Params extends ZodTypeAny, Body extends ZodTypeAny> {
  readonly path: string;
  readonly body: Body;
  /** The form of the page the post comes from: it is shown again with what was typed. */
  readonly form: CompetenceForm | ((values: FormValues) => CompetenceForm);
  act(actor: Actor, ref: CompetenceRef, body: z.infer<Body>): Promise<unknown>;
  done(params: z.infer<Params>): RedirectResult;
}

/**
 * A form of the competence page: parsed, acted on, then back to the page; refused (400) or stale (409),
 * the page again with what was typed.
 */
export function competenceForm<Params extends ZodTypeAny, Body extends ZodTypeAny>(
  router: Router,
  pages: CompetencePages<Params>,
  spec: CompetenceFormSpec<Params, Body>,
): void {
  const formOf = (values: FormValues): CompetenceForm =>
    typeof spec.form === "function" ? spec.form(values) : spec.form;
  route(router, {
    method: "post",
    path: spec.path,
    guard: pages.guard,
    input: z.object({ params: pages.params, body: spec.body }),
    messages: "validation",
    invalid: (ctx, problem) =>
      pages.show(ctx, paramsOf(pages.params, ctx.req), sentBack(formOf(problem.values), problem), 400),
    handle: (ctx) => {
      const { params, body } = ctx.input;
      return actThenRedirect(
        ctx.req,
        formOf(formValuesOf(ctx.req.body)),
        () => spec.act(ctx.actor, pages.refOf(ctx.actor, params), body),
        spec.done(params),
        (options, status) => pages.show(ctx, params, options, status),
      );
    },
  });
}

/** What a competence form sends with its action: the comment, the traces it cites, the revision it saw. */
export function sentWith(typed: {
  comment: string;
  traceIds?: string[];
  rev?: number | undefined;
}): Pick<ActionInput, "comment" | "traceIds" | "expectedRev"> {
  return { comment: typed.comment, traceIds: typed.traceIds, expectedRev: typed.rev };
}
