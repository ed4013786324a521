// The forms and buttons on one session's or interview's page: each loads its target under the policy's
// action, acts, and goes back to the target's page; a refused form shows that page again as typed.
import type { Router } from "express";
import type { ZodTypeAny } from "zod";
import type { RouteGuard } from "../../../policies/policy.js";
import type { TypedForm } from "../../../presenters/typed-values.js";
import type { FormProblem } from "../../form-problem.js";
import { redirect, route, type InputOf, type PageResult, type RouteContext } from "../../route.js";
import type { Ctx } from "./list.js";

/** What the presenter shows again of a refused form: which form, and its values as typed. */
export function typedForm<Form extends string>(typed?: {
  form: Form;
  problem: FormProblem;
}): TypedForm<Form> | undefined {
  return typed ? { form: typed.form, values: typed.problem.values } : undefined;
}

export interface TargetPage<Target, Action extends string, Form extends string> {
  /** The target's page, "/sessions/:sessionId"; its steps post to "/sessions/:sessionId/<step>". */
  readonly path: string;
  /** The path's parameter that names the target ("sessionId"). */
  readonly param: string;
  load(ctx: Ctx, id: string, action: Action): Promise<Target>;
  /** Where a step done goes back to: the target's page. */
  pathOf(target: Target): string;
  /** The target's page again with a refused form as typed. */
  again(ctx: Ctx, id: string, typed: { form: Form; problem: FormProblem }): Promise<PageResult>;
}

type Act<Schema extends ZodTypeAny, Target> = (
  ctx: RouteContext<InputOf<Schema>>,
  target: Target,
) => Promise<unknown>;

export interface TargetSteps<Target, Action extends string, Form extends string> {
  /** A form of the page, named like its step; refused, the page comes back with it as typed (400). */
  form<Schema extends ZodTypeAny>(step: Form, input: Schema, action: Action, act: Act<Schema, Target>): void;
  /** A button of the page: nothing typed, so nothing to show again. */
  button<Schema extends ZodTypeAny>(
    step: string,
    input: Schema,
    action: Action,
    act: Act<Schema, Target>,
  ): void;
}

export function targetSteps<Target, Action extends string, Form extends string>(
  router: Router,
  guard: RouteGuard,
  page: TargetPage<Target, Action, Form>,
): TargetSteps<Target, Action, Form> {
  const idOf = (ctx: RouteContext<unknown>): string => String(ctx.req.params[page.param] ?? "");
  const step = <Schema extends ZodTypeAny>(
    name: string,
    input: Schema,
    action: Action,
    act: Act<Schema, Target>,
    form?: Form,
  ): void =>
    route(router, {
      method: "post",
      path: `${page.path}/${name}`,
      guard,
      input,
      ...(form === undefined
        ? { form: "button" as const }
        : {
            messages: "sessions",
            invalid: (ctx: RouteContext<undefined>, problem: FormProblem) =>
              page.again(ctx, idOf(ctx), { form, problem }),
          }),
      handle: async (ctx) => {
        const target = await page.load(ctx, idOf(ctx), action);
        await act(ctx, target);
        return redirect(page.pathOf(target));
      },
    });
  return {
    form: (name, input, action, act) => step(name, input, action, act, name),
    button: (name, input, action, act) => step(name, input, action, act),
  };
}
