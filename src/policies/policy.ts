// The one shape of a permission rule: an area's policy is a table of actions → predicates over the
// actor and a target; authorize() throws, abilities() gives views their `can` flags.
import type { Actor } from "../domain/actor.js";
import { ForbiddenError, NotFoundError } from "../errors.js";

export type Rule<Target> = (actor: Actor, target: Target) => boolean;

export interface Policy<Action extends string, Target> {
  /** The area, for logs and the router-walk test ("portfolio", "cohort", …). */
  readonly area: string;
  readonly rules: Readonly<Record<Action, Rule<Target>>>;
}

export function definePolicy<Action extends string, Target>(
  area: string,
  rules: Record<Action, Rule<Target>>,
): Policy<Action, Target> {
  return Object.freeze({ area, rules: Object.freeze({ ...rules }) });
}

export function can<Action extends string, Target>(
  actor: Actor,
  policy: Policy<Action, Target>,
  action: Action,
  target: Target,
): boolean {
  return policy.rules[action](actor, target);
}

/**
 * Refuses an action on a particular target. Targets are people's things (a trace, a learner, a
 * request, a note): their existence is private, so every refusal is the same 404 as a missing one.
 */
export function authorize<Action extends string, Target>(
  actor: Actor,
  policy: Policy<Action, Target>,
  action: Action,
  target: Target,
): void {
  if (!can(actor, policy, action, target))
    throw new NotFoundError("NOT_FOUND", `${policy.area}.${action} refused`);
}

/** Every action's answer for one target: the `can` record a presenter hands to its view. */
export function abilities<Action extends string, Target>(
  actor: Actor,
  policy: Policy<Action, Target>,
  target: Target,
): Record<Action, boolean> {
  const entries = (Object.keys(policy.rules) as Action[]).map(
    (action) => [action, can(actor, policy, action, target)] as const,
  );
  return Object.fromEntries(entries) as Record<Action, boolean>;
}

/**
 * What a route checks before loading anything: may this actor use this area from this launch at all?
 * Areas are not secret (the navigation lists them), so a refusal here is a 403.
 */
export interface RouteGuard {
  /** "cohort.view": printed by the router-walk test and in refusal logs. */
  readonly name: string;
  check(actor: Actor): void;
}

/** A route guard from a launch-level action of a policy (its target is the launch itself: the actor). */
export function guard<Action extends string>(policy: Policy<Action, Actor>, action: Action): RouteGuard {
  return {
    name: `${policy.area}.${action}`,
    check(actor) {
      if (!policy.rules[action](actor, actor))
        throw new ForbiddenError("FORBIDDEN", `${policy.area}.${action} refused`);
    },
  };
}
