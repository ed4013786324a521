// Shared pieces of the validation area's routes not yet on route(): async handlers, the course's framework
// and rules, form errors, the teaching check.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Actor } from "../../domain/actor.js";
import { teachesHere } from "../../domain/actor.js";
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import type { CourseRules, CourseScope } from "../../domain/validation/ports.js";
import { launchScope } from "../../domain/validation/service.js";
import { AppError, ValidationError } from "../../errors.js";
import type { Locale } from "../../presenters/validation.js";
import { actorOf } from "../render.js";
import type { LaunchedDeps } from "./launched.js";

export function handle(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };
}

export function localeOf(res: Response): Locale {
  return res.locals.locale === "en" ? "en" : "fr";
}

export interface CourseContext {
  actor: Actor;
  scope: CourseScope;
  framework: StoredFramework | null;
  rules: CourseRules;
}

export async function courseContext(deps: LaunchedDeps, res: Response): Promise<CourseContext> {
  const actor = actorOf(res);
  const scope = launchScope(actor);
  const [framework, rules] = await Promise.all([
    deps.services.frameworks.forPlacement({ ...scope, resourceLinkId: actor.resourceLinkId }),
    deps.services.courseSettings.get(scope),
  ]);
  return { actor, scope, framework, rules };
}

/** A form problem becomes messages next to its fields; anything else goes to the error page. */
export function fieldMessages(error: unknown, t: (key: string) => string): Record<string, string> | null {
  if (!(error instanceof ValidationError)) return null;
  return Object.fromEntries(
    Object.entries(error.fields).map(([field, code]) => [field, t(`validation:fieldErrors.${code}`)]),
  );
}

export function requireTeaching(actor: Actor): void {
  if (!teachesHere(actor)) throw new AppError("FORBIDDEN", 403);
}
