// What a placement supervisor reaches from their link, without an LMS account: the link is exchanged
// for a cookie of this browser (the token then leaves the address bar); their page and four forms,
// each carrying a CSRF token derived from the link session's secret. A link that no longer works shows
// why and whom to ask, and nothing else; every opening, action and refusal is audited (no names).
import { createHash, timingSafeEqual } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import type { z, ZodTypeAny } from "zod";
import type { AccessLinks } from "../../../domain/dossier/access-links.js";
import type { SupervisorDesk } from "../../../domain/placements/supervisor-desk.js";
import { ForbiddenError, ValidationError } from "../../../errors.js";
import type { Locale, Translate } from "../../../i18n/i18n.js";
import {
  presentSupervisor,
  SUPERVISOR_FORMS,
  type SupervisorForm,
} from "../../../presenters/placements-supervisor.js";
import { fieldErrorsOf, formValuesOf, inputErrorOf, isZodError } from "../../form-problem.js";
import { formBody } from "../../middleware/form-body.js";
import { handled, publicRoute, redirect, type RouteResult } from "../../route.js";
import { CommentBody, ConcernBody, EvaluationBody, ObserveBody } from "../../schemas/placements.js";
import { linkPages, noStore, type LinkPages, type WorkingLink } from "../link-pages.js";

export const SUPERVISOR_COOKIE = "carnet_stage";

export interface SupervisorRoutesDeps {
  links: Pick<AccessLinks, "open" | "session">;
  desk: SupervisorDesk;
  secureCookies: boolean;
}

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

type Render = (
  page: Page,
  working: WorkingLink,
  status: number,
  extra: { refused?: Parameters<typeof presentSupervisor>[2]["refused"]; done?: SupervisorForm },
) => Promise<RouteResult>;

export function supervisorRoutes(deps: SupervisorRoutesDeps): Router {
  const router = express.Router();
  const { desk } = deps;
  const pages = linkPages(router, {
    kind: "placement",
    cookie: SUPERVISOR_COOKIE,
    home: "/stage",
    holder: "a placement supervisor",
    links: deps.links,
    secureCookies: deps.secureCookies,
    contactFor: async (refusal) => {
      await desk.refused(refusal.link, refusal.reason);
      return refusal.link ? desk.contactFor(refusal.link) : "";
    },
  });

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
    path: "/stage",
    public: "a placement supervisor's page, behind the cookie their link gave",
    handle: ({ req, res, t, locale }) =>
      pages.behind(req, res, t, (working) => {
        const done = SUPERVISOR_FORMS.find((form) => form === req.query.done);
        return render({ t, locale, req, res }, working, 200, done ? { done } : {});
      }),
  });

  formRoutes(router, desk, { pages, render });
  return router;
}

/** The supervisor's four forms: link session, then its CSRF token, then the fields; 400 keeps the typing. */
function formRoutes(
  router: Router,
  desk: SupervisorDesk,
  { pages, render }: { pages: LinkPages; render: Render },
): void {
  router.use("/stage", formBody());
  const action = <Schema extends ZodTypeAny>(
    form: SupervisorForm,
    schema: Schema,
    act: (working: WorkingLink, body: z.infer<Schema>) => Promise<void>,
  ): void =>
    publicRoute(router, {
      method: "post",
      path: `/stage/${form}`,
      public: `a placement supervisor's ${form} form, behind their link's cookie and its CSRF token`,
      handle: ({ req, res, t, locale }) =>
        pages.behind(req, res, t, async (working) => {
          if (!tokenMatches(supervisorCsrfToken(working.secret), req.body))
            throw new ForbiddenError("CSRF_TOKEN_INVALID");
          try {
            await act(working, parseBody(schema, req.body));
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            const problem = {
              form,
              values: formValuesOf(req.body),
              errors: fieldErrorsOf(error, t, locale, "placements"),
            };
            return render({ t, locale, req, res }, working, 400, { refused: problem });
          }
          return redirect("/stage", { done: form }, `#${form}`);
        }),
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
