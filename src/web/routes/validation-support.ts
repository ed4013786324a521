// Shared pieces of the validation area's routes: async handlers, the course's framework and rules,
// people's names, links to traces and scans, form errors, and the navigation badges.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Actor } from "../../domain/actor.js";
import { teachesHere } from "../../domain/actor.js";
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import type { CourseRules, CourseScope } from "../../domain/validation/ports.js";
import { launchScope } from "../../domain/validation/service.js";
import { AppError, ValidationError } from "../../errors.js";
import { displayName, type PeopleRepository } from "../../persistence/people-repository.js";
import type { Locale, TraceLink } from "../../presenters/validation.js";
import type { NavBadges } from "../navigation.js";
import { actorOf } from "../render.js";
import type { LaunchedDeps } from "./launched.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's Locals is only reachable through its namespace
  namespace Express {
    interface Locals {
      /** Unread notifications and pending requests, for the navigation (set once per launched request). */
      badges?: NavBadges;
    }
  }
}

export function handle(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };
}

/** The learner, framework and competence named in a /learners/:userId/competences/:frameworkId/:code path. */
export function competencePath(req: Request): { learnerId: string; frameworkId: string; code: string } {
  return {
    learnerId: req.params.userId ?? "",
    frameworkId: req.params.frameworkId ?? "",
    code: req.params.code ?? "",
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

export async function namesOf(
  people: PeopleRepository,
  platformId: string,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter((id) => !id.startsWith("external:"));
  const found = await people.people(platformId, unique);
  return new Map([...found].map(([id, person]) => [id, displayName(person)]));
}

/** Evidence opens in the portfolio at the revision that was submitted (the trace may have changed since). */
export function traceLinker(
  base: string,
  titles: ReadonlyMap<string, string>,
  t: (key: string, params?: Record<string, unknown>) => string,
): (id: string, revision: number) => TraceLink {
  return (id, revision) => ({
    id,
    revision,
    title: titles.get(id) ?? t("validation:evidence.untitled"),
    href:
      revision > 0
        ? `${base}/traces/${encodeURIComponent(id)}/revisions/${revision}`
        : `${base}/traces/${encodeURIComponent(id)}`,
  });
}

export function scanLinker(base: string): (scanId: string) => string {
  return (scanId) => `${base}/scans/${encodeURIComponent(scanId)}`;
}

/** A form problem becomes messages next to its fields; anything else goes to the error page. */
export function fieldMessages(error: unknown, t: (key: string) => string): Record<string, string> | null {
  if (!(error instanceof ValidationError)) return null;
  return Object.fromEntries(
    Object.entries(error.fields).map(([field, code]) => [field, t(`validation:fieldErrors.${code}`)]),
  );
}

export function isConflict(error: unknown): boolean {
  return error instanceof AppError && error.status === 409;
}

export function requireTeaching(actor: Actor): void {
  if (!teachesHere(actor)) throw new AppError("FORBIDDEN", 403);
}
