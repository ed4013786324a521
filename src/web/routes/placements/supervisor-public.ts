// What a placement supervisor reaches from their link, without an LMS account: the link is exchanged
// for a cookie of this browser (the token then leaves the address bar); their page and four forms,
// each carrying a CSRF token derived from the link session's secret. A link that no longer works shows
// why and whom to ask, and nothing else; every opening, action and refusal is audited (no names).
import { createHash, timingSafeEqual } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import type { z, ZodTypeAny } from "zod";
import { sessionValue, type AccessLinks, type LinkOutcome } from "../../../domain/dossier/access-links.js";
import type { SupervisorDesk } from "../../../domain/placements/supervisor-desk.js";
import { ForbiddenError, ValidationError } from "../../../errors.js";
import type { Locale, Translate } from "../../../i18n/i18n.js";
import { presentRefusal } from "../../../presenters/dossier/jury-public.js";
import {
  presentSupervisor,
  SUPERVISOR_FORMS,
  type SupervisorForm,
} from "../../../presenters/placements-supervisor.js";
import { fieldErrorsOf, formValuesOf, inputErrorOf, isZodError } from "../../form-problem.js";
import { formBody } from "../../middleware/form-body.js";
import { handled, publicRoute, redirect, type RouteResult } from "../../route.js";
import {
  CommentBody,
  ConcernBody,
  EvaluationBody,
  ObserveBody,
  TokenParams,
} from "../../schemas/placements.js";

export const SUPERVISOR_COOKIE = "carnet_stage";

export interface SupervisorRoutesDeps {
  links: Pick<AccessLinks, "open" | "session">;
  desk: SupervisorDesk;
  secureCookies: boolean;
}

type Working = Extract<LinkOutcome, { ok: true }>;
interface Page {
  t: Translate;
  locale: Locale;
  req: Request;
  res: Response;
}

/** The forms' token: only a browser holding the link session's secret can compute it. */
export function supervisorCsrfToken(secret: string): string {
  return createHash("sha256").update(`carnet-stage-csrf:${secret}`).digest("base64url");
}

type Refuse = (
  res: Response,
  t: Translate,
  outcome: Extract<LinkOutcome, { ok: false }>,
) => Promise<typeof handled>;
type Render = (
  page: Page,
  working: Working,
  status: number,
  extra: { refused?: Parameters<typeof presentSupervisor>[2]["refused"]; done?: SupervisorForm },
) => Promise<RouteResult>;

export function supervisorRoutes(deps: SupervisorRoutesDeps): Router {
  const router = express.Router();
  const { links, desk } = deps;

  /** The "no longer valid" page: why, and whom to ask — never any data. */
  const refused: Refuse = async (res, t, outcome) => {
    await desk.refused(outcome.link, outcome.reason);
    const contact = outcome.link ? await desk.contactFor(outcome.link) : "";
    noStore(res);
    res.status(403).render("pages/dossier/link-refused", {
      layout: "bare",
      ...presentRefusal(outcome.reason, contact, t),
    });
    return handled;
  };

  const render: Render = async ({ t, locale, res }, working, status, extra) => {
    const view = await desk.view(working.link);
    noStore(res);
    res.status(status).render("pages/placements/supervisor", {
      layout: "bare",
      ...presentSupervisor(view, working.link, {
        t,
        locale,
        csrfToken: supervisorCsrfToken(working.secret),
        ...extra,
      }),
    });
    return handled;
  };

  publicRoute(router, {
    method: "get",
    path: "/stage/open/:token",
    public: "a placement supervisor's signed link (checked against its stored record)",
    input: TokenParams,
    handle: async ({ input, req, res, t }) => {
      const outcome = await links.open(input.params.token, "placement", cookieOf(req));
      if (!outcome.ok) return refused(res, t, outcome);
      res.cookie(SUPERVISOR_COOKIE, sessionValue(outcome.link, outcome.secret), {
        httpOnly: true,
        sameSite: "lax",
        secure: deps.secureCookies,
        path: "/stage",
        expires: outcome.link.validUntil,
      });
      return redirect("/stage");
    },
  });

  publicRoute(router, {
    method: "get",
    path: "/stage",
    public: "a placement supervisor's page, behind the cookie their link gave",
    handle: async ({ req, res, t, locale }) => {
      const outcome = await links.session(cookieOf(req), "placement");
      if (!outcome.ok) return refused(res, t, outcome);
      const done = SUPERVISOR_FORMS.find((form) => form === req.query.done);
      return render({ t, locale, req, res }, outcome, 200, done ? { done } : {});
    },
  });

  formRoutes(router, deps, { refused, render });
  return router;
}

/** The supervisor's four forms: link session, then its CSRF token, then the fields; 400 keeps the typing. */
function formRoutes(
  router: Router,
  { links, desk }: SupervisorRoutesDeps,
  { refused, render }: { refused: Refuse; render: Render },
): void {
  router.use("/stage", formBody());
  const action = <Schema extends ZodTypeAny>(
    form: SupervisorForm,
    schema: Schema,
    act: (working: Working, body: z.infer<Schema>) => Promise<void>,
  ): void =>
    publicRoute(router, {
      method: "post",
      path: `/stage/${form}`,
      public: `a placement supervisor's ${form} form, behind their link's cookie and its CSRF token`,
      handle: async ({ req, res, t, locale }) => {
        const outcome = await links.session(cookieOf(req), "placement");
        if (!outcome.ok) return refused(res, t, outcome);
        if (!tokenMatches(supervisorCsrfToken(outcome.secret), req.body))
          throw new ForbiddenError("CSRF_TOKEN_INVALID");
        try {
          await act(outcome, parseBody(schema, req.body));
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const problem = {
            form,
            values: formValuesOf(req.body),
            errors: fieldErrorsOf(error, t, locale, "placements"),
          };
          return render({ t, locale, req, res }, outcome, 400, { refused: problem });
        }
        return redirect("/stage", { done: form }, `#${form}`);
      },
    });

  action("observe", ObserveBody, (working, body) => desk.observe(working.link, body));
  action("evaluation", EvaluationBody, (working, { comment, ...rest }) => {
    const ratings = Object.fromEntries(
      Object.entries(rest).flatMap(([name, value]) =>
        name.startsWith("rating_") && typeof value === "string"
          ? [[name.slice("rating_".length), value]]
          : [],
      ),
    );
    return desk.evaluate(working.link, { ratings, comment });
  });
  action("comment", CommentBody, (working, body) => desk.comment(working.link, body.body));
  action("concern", ConcernBody, (working, body) => desk.flagConcern(working.link, body));
}

/** zod problems in a supervisor's form are theirs to correct: a ValidationError, field by field. */
function parseBody<Schema extends ZodTypeAny>(schema: Schema, body: unknown): z.infer<Schema> {
  try {
    return schema.parse(body ?? {}) as z.infer<Schema>;
  } catch (error) {
    if (!isZodError(error)) throw error;
    throw inputErrorOf(error);
  }
}

function tokenMatches(expected: string, body: unknown): boolean {
  const sent: unknown = typeof body === "object" && body !== null ? Reflect.get(body, "_csrf") : undefined;
  if (typeof sent !== "string") return false;
  const left = Buffer.from(expected);
  const right = Buffer.from(sent);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieOf(req: Request): string | undefined {
  const cookies: unknown = req.cookies;
  if (typeof cookies !== "object" || cookies === null) return undefined;
  const value: unknown = Reflect.get(cookies, SUPERVISOR_COOKIE);
  return typeof value === "string" ? value : undefined;
}

function noStore(res: Response): void {
  res.setHeader("Cache-Control", "private, no-store");
}
