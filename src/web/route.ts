// The one path of a request: parse the input (zod) → check the route's guard (policy) → the handler
// loads, authorizes its target and acts through a domain service → a page, a redirect or JSON.
// Every route is declared here, guarded or explicitly public; a test walks the router and fails on any
// route that was not (test/unit/web/router-walk.test.ts).
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from "express";
import type { z, ZodTypeAny } from "zod";
import type { Actor } from "../domain/actor.js";
import { AppError, ValidationError } from "../errors.js";
import type { Locale, Translate } from "../i18n/i18n.js";
import type { RouteGuard } from "../policies/policy.js";
import { fieldErrorsOf, formValuesOf, inputErrorOf, isZodError, type FormProblem } from "./form-problem.js";
import type { NavKey } from "./navigation.js";
import { stopwatchOf } from "./middleware/request-log.js";
import { actorOf, renderPage, type PageModel } from "./render.js";
import type { IncomingUpload, UploadRoutes, UploadSpec } from "./uploads.js";

export type Method = "get" | "post";

export interface PageResult {
  readonly kind: "page";
  readonly view: string;
  readonly nav: NavKey;
  readonly model: PageModel;
  readonly status: number;
}
export interface RedirectResult {
  readonly kind: "redirect";
  /** A path inside the launch ("/traces/…"), resolved against /l/<launchId>. */
  readonly path: string;
}
export interface JsonResult {
  readonly kind: "json";
  readonly body: unknown;
  readonly status: number;
}
/** The handler wrote the response itself (a file download, a stream, an auto-submitted form). */
export interface HandledResult {
  readonly kind: "handled";
}
export type RouteResult = PageResult | RedirectResult | JsonResult | HandledResult;

export function page<Model extends PageModel>(
  view: string,
  nav: NavKey,
  model: Model,
  status = 200,
): PageResult {
  return { kind: "page", view, nav, model, status };
}

/** Post/Redirect/Get: every successful form answers with a 303 to a page of the launch. */
export function redirect(path: string, query: Record<string, string> = {}, hash = ""): RedirectResult {
  if (!path.startsWith("/")) throw new Error(`redirect path must start with /: ${path}`);
  const search = new URLSearchParams(query).toString();
  return { kind: "redirect", path: `${path}${search ? `?${search}` : ""}${hash}` };
}

export function json(body: unknown, status = 200): JsonResult {
  return { kind: "json", body, status };
}

export const handled: HandledResult = Object.freeze({ kind: "handled" });

/** What a public route's handler gets: no launch, no actor. */
export interface PublicContext<Input> {
  readonly input: Input;
  readonly t: Translate;
  readonly locale: Locale;
  readonly req: Request;
  readonly res: Response;
}

/** What a launched route's handler gets. */
export interface RouteContext<Input> extends PublicContext<Input> {
  readonly actor: Actor;
  /** Base path of the launch, e.g. /l/<launchId>. */
  readonly base: string;
}

type Awaitable<T> = T | Promise<T>;

interface RouteSpecBase<Schema extends ZodTypeAny | undefined> {
  readonly method: Method;
  readonly path: string;
  /** Parsed from `{ params, query, body }`; malformed params are a 404, query and body problems a 400. */
  readonly input?: Schema;
}

export type InputOf<Schema> = Schema extends ZodTypeAny ? z.infer<Schema> : Record<string, never>;

export interface RouteSpec<Schema extends ZodTypeAny | undefined> extends RouteSpecBase<Schema> {
  readonly guard: RouteGuard;
  /**
   * Re-renders the form with what was typed and a message per field (answered with 400). Every POST
   * route sends a form; routes whose form has no typed field (a button) say `form: "button"` instead.
   */
  readonly invalid?: (ctx: RouteContext<undefined>, problem: FormProblem) => Awaitable<PageResult>;
  readonly form?: "button";
  /**
   * A POST whose success must be a page, and why (a secret shown once cannot travel in a redirect's
   * URL). Every other successful POST redirects: route() refuses a page below 400.
   */
  readonly answersWithPage?: string;
  /** Runs first on the same route: an upload's body parser (`UploadRoutes.before`, src/web/uploads.ts). */
  readonly before?: RequestHandler;
  /** i18n namespace of the area's field messages (`<ns>:fieldErrors.<CODE>`), tried before `errors:fields`. */
  readonly messages?: string;
  handle(ctx: RouteContext<InputOf<Schema>>): Awaitable<RouteResult>;
}

export interface PublicRouteSpec<Schema extends ZodTypeAny | undefined> extends RouteSpecBase<Schema> {
  /** Why anyone may call it (printed by the router-walk test): "OIDC login initiation", … */
  readonly public: string;
  handle(ctx: PublicContext<InputOf<Schema>>): Awaitable<RouteResult>;
}

/** What the router-walk test reads on every route's handler. */
export interface RouteMark {
  readonly access: "guarded" | "public";
  /** The guard's name ("cohort.view") or the public reason. */
  readonly by: string;
  readonly method: Method;
  readonly path: string;
  /** POST only: re-renders its form on bad input, or is a button without typed fields. */
  readonly form: "rerender" | "button" | "none";
}

const ROUTE_MARK = Symbol.for("carnet.route");

export function routeMarkOf(handler: unknown): RouteMark | undefined {
  if (typeof handler !== "function") return undefined;
  const mark: unknown = (handler as unknown as Record<symbol, unknown>)[ROUTE_MARK];
  return mark && typeof mark === "object" ? (mark as RouteMark) : undefined;
}

function marked(handler: RequestHandler, mark: RouteMark): RequestHandler {
  Object.defineProperty(handler, ROUTE_MARK, { value: Object.freeze(mark) });
  return handler;
}

/** A route inside a launch: guarded by a policy, never forgotten. */
export function route<Schema extends ZodTypeAny | undefined = undefined>(
  router: Router,
  spec: RouteSpec<Schema>,
): void {
  const form = spec.method === "get" ? "none" : spec.invalid ? "rerender" : (spec.form ?? "none");
  const mark = guardedMark(spec.guard, spec.method, spec.path, form);
  mount(router, mark, (req, res) => run(spec, req, res), spec.before);
}

function guardedMark(guard: RouteGuard, method: Method, path: string, form: RouteMark["form"]): RouteMark {
  return { access: "guarded", by: guard.name, method, path, form };
}

/** Declares the handler on the router, marked for the router-walk test; its errors reach next(). */
function mount(
  router: Router,
  mark: RouteMark,
  runner: (req: Request, res: Response) => Promise<void>,
  before?: RequestHandler,
): void {
  const handler: RequestHandler = (req, res, next) => {
    runner(req, res).catch(next);
  };
  router[mark.method](mark.path, ...(before ? [before] : []), marked(handler, mark));
}

/** A route of a router whose routes all answer to one guard: the spec without its method, path or guard. */
export type GuardedRouteSpec<Schema extends ZodTypeAny | undefined> = Omit<
  RouteSpec<Schema>,
  "method" | "path" | "guard"
>;

/** The routes of one router that all answer to the same guard (an area's page and its forms). */
export interface GuardedRoutes {
  readonly router: Router;
  get<Schema extends ZodTypeAny | undefined = undefined>(path: string, spec: GuardedRouteSpec<Schema>): void;
  post<Schema extends ZodTypeAny | undefined = undefined>(path: string, spec: GuardedRouteSpec<Schema>): void;
}

/** A new router whose routes are each declared with `get`/`post` under the one guard given here. */
export function guardedRoutes(guard: RouteGuard, router: Router = express.Router()): GuardedRoutes {
  return {
    router,
    get: (path, spec) => route(router, { ...spec, method: "get", path, guard }),
    post: (path, spec) => route(router, { ...spec, method: "post", path, guard }),
  };
}

/** A route anyone may call (LTI login and launch, registration, health, public verification pages). */
export function publicRoute<Schema extends ZodTypeAny | undefined = undefined>(
  router: Router,
  spec: PublicRouteSpec<Schema>,
): void {
  const mark: RouteMark = {
    access: "public",
    by: spec.public,
    method: spec.method,
    path: spec.path,
    form: "none",
  };
  mount(router, mark, (req, res) => runPublic(spec, req, res));
}

async function run<Schema extends ZodTypeAny | undefined>(
  spec: RouteSpec<Schema>,
  req: Request,
  res: Response,
): Promise<void> {
  const actor = actorOf(res);
  spec.guard.check(actor);
  const base = res.locals.base ?? `/l/${actor.launchId}`;
  const context = { actor, base, t: res.locals.t, locale: res.locals.locale, req, res };
  let result: RouteResult;
  try {
    const input = parseInput<Schema>(spec.input, req);
    result = await stopwatchOf(res).time("handler", async () => spec.handle({ ...context, input }));
    // Post/Redirect/Get: a form that succeeded answers with a redirect, so that a reload cannot send
    // it again; a page after a POST is only for what went wrong (4xx).
    if (spec.method === "post" && result.kind === "page" && result.status < 400 && !spec.answersWithPage)
      throw new Error(`POST ${spec.path} answered a ${result.status} page instead of a redirect`);
  } catch (error) {
    if (!(error instanceof ValidationError) || !spec.invalid) throw error;
    const problem: FormProblem = {
      values: formValuesOf(req.body),
      errors: fieldErrorsOf(error, res.locals.t, res.locals.locale, spec.messages),
    };
    const shown = await spec.invalid({ ...context, input: undefined }, problem);
    const model = { ...shown.model, formErrors: problem.errors };
    result = { ...shown, status: 400, model };
  }
  send(result, res, base);
}

/** A request's path parameters as Express hands them over, unparsed. */
export type RouteParams = Readonly<Record<string, string>>;

/** What an upload route's handler gets besides the usual: what the upload's `receive` stored. */
export type UploadContext<Input, Stored> = RouteContext<Input> & { readonly files: readonly Stored[] };

export interface UploadRouteSpec<Schema extends ZodTypeAny | undefined, Stored> extends Omit<
  RouteSpec<Schema>,
  "method" | "handle" | "form"
> {
  /**
   * The file field, its limits and its store; `receive` runs only after the guard and the CSRF token,
   * with the path's parameters as sent (the route's `input` parses them only once the body is read).
   */
  readonly upload: Omit<UploadSpec<Stored>, "receive" | "discard"> & {
    receive(file: IncomingUpload, actor: Actor, params: RouteParams): Promise<Stored>;
    discard(stored: Stored, actor: Actor, params: RouteParams): Promise<void>;
    /**
     * Codes of the refusals of the file itself (its type, its size…): with `invalid`, the form is shown
     * again with the message next to the file field (400), like any refused form.
     */
    readonly refusals?: readonly string[];
  };
  handle(ctx: UploadContext<InputOf<Schema>, Stored>): Awaitable<RouteResult>;
}

/**
 * A POST that takes a file: the only kind of route where multipart is accepted (UploadRoutes). The guard
 * runs before a byte of the file is stored; then the text fields go through `input`, like any form.
 */
export function uploadRoute<Schema extends ZodTypeAny | undefined, Stored>(
  router: Router,
  uploads: UploadRoutes,
  spec: UploadRouteSpec<Schema, Stored>,
): void {
  const refusals = new Set(spec.upload.refusals ?? []);
  const handler = uploads.post<Stored>(
    router,
    spec.path,
    {
      ...spec.upload,
      receive: async (file, req, res) => {
        const actor = actorOf(res);
        spec.guard.check(actor);
        return spec.upload.receive(file, actor, req.params);
      },
      discard: (stored, req, res) => spec.upload.discard(stored, actorOf(res), req.params),
    },
    (req, res, files) =>
      run({ ...spec, method: "post", handle: (ctx) => spec.handle({ ...ctx, files }) }, req, res),
    (error: unknown, req, res, next) => {
      const refused = error instanceof AppError && refusals.has(error.code);
      if (!refused || !spec.invalid) return next(error);
      const problem = new ValidationError("VALIDATION_FAILED", error.params, {
        [spec.upload.field]: error.code,
      });
      run({ ...spec, method: "post", handle: () => Promise.reject(problem) }, req, res).catch(next);
    },
  );
  marked(handler, guardedMark(spec.guard, "post", spec.path, spec.invalid ? "rerender" : "none"));
}

async function runPublic<Schema extends ZodTypeAny | undefined>(
  spec: PublicRouteSpec<Schema>,
  req: Request,
  res: Response,
): Promise<void> {
  const input = parseInput<Schema>(spec.input, req);
  const result = await spec.handle({ input, t: res.locals.t, locale: res.locals.locale, req, res });
  send(result, res, "");
}

function parseInput<Schema extends ZodTypeAny | undefined>(
  schema: Schema | undefined,
  req: Request,
): InputOf<Schema> {
  if (!schema) return {} as InputOf<Schema>;
  try {
    return schema.parse({ params: req.params, query: req.query, body: req.body ?? {} }) as InputOf<Schema>;
  } catch (error) {
    throw isZodError(error) ? inputErrorOf(error) : error;
  }
}

function send(result: RouteResult, res: Response, base: string): void {
  switch (result.kind) {
    case "page":
      res.status(result.status);
      renderPage(res, result.view, result.nav, result.model);
      return;
    case "redirect":
      res.redirect(303, `${base}${result.path}`);
      return;
    case "json":
      res.status(result.status).json(result.body);
      return;
    case "handled":
      return;
  }
}

/** For middleware-style handlers that remain (body parsers, session loading): errors reach next(). */
export function asyncHandler(
  fn: (req: Request, res: Response, next: NextFunction) => Promise<void>,
): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}
