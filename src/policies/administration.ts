// Who may use Carnet's administration. LMS administrators (an institution or system administrator
// role, never the course-level membership#Administrator) see their own platform's registrations and
// audit events; administrators launched from an active operator platform also run every registration
// (invitations, activation, manual registration). Refusals are 403s that say why: the area is listed
// in the navigation, nothing about it is secret.
import { hasRole, type Actor } from "../domain/actor.js";
import { AppError } from "../errors.js";
import { can, definePolicy, type RouteGuard } from "./policy.js";

/** The actor's own platform, as far as administration is concerned. */
export interface OwnPlatform {
  active: boolean;
  operator?: boolean;
}

export const administrationPolicy = definePolicy<"view", Actor>("administration", {
  view: (actor) => hasRole(actor, "admin"),
});

export const operationPolicy = definePolicy<"operate", OwnPlatform>("operation", {
  operate: (actor, own) => hasRole(actor, "admin") && own.active && own.operator === true,
});

function refusal(code: "ADMINISTRATORS_ONLY" | "OPERATOR_ONLY", detail: string): AppError {
  return new AppError(code, 403, `admin:errors.${code}`, {}, detail);
}

/** The administration page's guard: an LMS administrator, whatever the course. */
export const administrationGuard: RouteGuard = {
  name: "administration.view",
  check(actor) {
    if (!can(actor, administrationPolicy, "view", actor))
      throw refusal("ADMINISTRATORS_ONLY", "administration.view");
  },
};

/** Operators' actions need the actor's own platform to be an active operator platform. */
export function authorizeOperation(actor: Actor, own: OwnPlatform | null): void {
  if (!own || !can(actor, operationPolicy, "operate", own))
    throw refusal("OPERATOR_ONLY", "operation.operate");
}
