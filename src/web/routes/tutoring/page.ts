// The tutoring page as every tutoring route shows it: my tutees first (the workspace), then, for who
// teaches in the course, the course's tutoring with its forms (one of them maybe refused, as typed).
import { launchScope } from "../../../domain/validation/service.js";
import type { Actor } from "../../../domain/actor.js";
import { can, guard } from "../../../policies/policy.js";
import { tutoringLaunchPolicy } from "../../../policies/tutoring.js";
import {
  presentCourseTutoring,
  type SentForm,
  type TutoringForm,
} from "../../../presenters/tutoring/course.js";
import type { FormProblem } from "../../form-problem.js";
import { presentWorkspace } from "../../../presenters/tutoring/workspace.js";
import type { TutoringParts } from "../../../tutoring-parts.js";
import type { Locale, Translate } from "../../../i18n/i18n.js";
import type { Router } from "express";
import type { ZodTypeAny } from "zod";
import { page, redirect, route, type InputOf, type PageResult, type RouteContext } from "../../route.js";

export type TutoringDeps = Pick<
  TutoringParts,
  "workspace" | "course" | "appointments" | "groups" | "csvImport" | "settings"
>;

/** The course the actor manages tutoring from (launchScope refuses a launch without one). */
export function courseOf(actor: Actor): { deploymentId: string; contextId: string } {
  const { deploymentId, contextId } = launchScope(actor);
  return { deploymentId, contextId };
}

/** Who may manage the course's tutoring: appointments, groups, imports, rhythm. */
export const manageTutoring = guard(tutoringLaunchPolicy, "manage");

export interface PageContext {
  actor: Actor;
  t: Translate;
  locale: Locale;
  base: string;
}

export async function tutoringPage(
  deps: Pick<TutoringDeps, "workspace" | "course">,
  { actor, t, locale, base }: PageContext,
  extra: { sent?: SentForm; done?: string } = {},
): Promise<PageResult> {
  const view = { t, locale, base };
  const manages = can(actor, tutoringLaunchPolicy, "manage", actor);
  const [workspace, course] = await Promise.all([
    deps.workspace.of(actor),
    manages ? deps.course.view(launchScope(actor)) : Promise.resolve(null),
  ]);
  return page("pages/tutoring/index", "tutoring", {
    title: t("tutoring:title"),
    workspace: presentWorkspace(workspace, view),
    courseTutoring: course ? presentCourseTutoring(course, { ...view, sent: extra.sent }) : null,
    done: extra.done ?? "",
  });
}

/** A refused tutoring form: the tutoring page again, the form as it was typed with its problems. */
export function tutoringFormAgain(deps: Pick<TutoringDeps, "workspace" | "course">) {
  return (form: TutoringForm) => (ctx: PageContext, problem: FormProblem) =>
    tutoringPage(deps, ctx, { sent: { form, ...problem } });
}

/**
 * The course's tutoring forms, all on the tutoring page: a refused one shows the page again as typed; a
 * done one goes back to the page saying what was done (and to how many, where that counts).
 */
export type CourseForm = <Schema extends ZodTypeAny>(
  path: string,
  form: TutoringForm,
  input: Schema,
  act: (ctx: RouteContext<InputOf<Schema>>) => Promise<{ count: number } | void>,
) => void;

export function courseForms(router: Router, deps: Pick<TutoringDeps, "workspace" | "course">): CourseForm {
  const again = tutoringFormAgain(deps);
  return (path, form, input, act) =>
    route(router, {
      method: "post",
      path,
      guard: manageTutoring,
      input,
      messages: "tutoring",
      invalid: again(form),
      handle: async (ctx) => {
        const done = await act(ctx);
        return redirect("/tutoring", { done: form, ...(done ? { count: String(done.count) } : {}) });
      },
    });
}
