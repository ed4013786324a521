// What a jury member reaches from their link, without an LMS account: the link is exchanged for a
// cookie of this browser (the token then leaves the address bar), then the jury's learners and their
// dossiers, read-only, each reading logged. A link that no longer works shows why and whom to ask.
import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import { sessionValue, type AccessLinks, type LinkOutcome } from "../../../domain/dossier/access-links.js";
import type { Juries } from "../../../domain/dossier/juries.js";
import type { DossierService } from "../../../domain/dossier/service.js";
import type { Translate } from "../../../i18n/i18n.js";
import { presentJuryHome, presentRefusal } from "../../../presenters/dossier/jury-public.js";
import { presentDossier } from "../../../presenters/dossier/view.js";
import { handled, publicRoute, redirect, type RouteResult } from "../../route.js";
import { ID } from "../../schemas/dossier.js";
import { sendPdf } from "./downloads.js";

export const JURY_COOKIE = "carnet_jury";

export interface PublicJuryDeps {
  links: Pick<AccessLinks, "open" | "session">;
  juries: Pick<Juries, "forMember" | "subjectFor" | "contactFor">;
  dossier: Pick<DossierService, "of">;
  secureCookies: boolean;
}

const TokenParams = z.object({ params: z.object({ token: z.string().min(1).max(4000) }) });
const LearnerParams = z.object({ params: z.object({ learnerId: ID }) });

export function publicJuryRoutes(deps: PublicJuryDeps): Router {
  const router = express.Router();
  const { links, juries } = deps;

  /** The "no longer valid" page: why, and whom to ask — never any data. */
  const refused: Refuse = async (res, t, outcome) => {
    const contact = outcome.link ? await juries.contactFor(outcome.link) : "";
    noStore(res);
    res.status(403).render("pages/dossier/link-refused", {
      layout: "bare",
      ...presentRefusal(outcome.reason, contact, t),
    });
    return handled;
  };
  const member = async (req: Request): Promise<LinkOutcome> => links.session(cookieOf(req), "jury");

  publicRoute(router, {
    method: "get",
    path: "/jury/open/:token",
    public: "a jury member's signed link (checked against its stored record)",
    input: TokenParams,
    handle: async ({ input, req, res, t }): Promise<RouteResult> => {
      const outcome = await links.open(input.params.token, "jury", cookieOf(req));
      if (!outcome.ok) return refused(res, t, outcome);
      res.cookie(JURY_COOKIE, sessionValue(outcome.link, outcome.secret), {
        httpOnly: true,
        sameSite: "lax",
        secure: deps.secureCookies,
        path: "/jury",
        expires: outcome.link.validUntil,
      });
      return redirect("/jury");
    },
  });

  publicRoute(router, {
    method: "get",
    path: "/jury",
    public: "a jury member's home, behind the cookie their link gave",
    handle: async ({ req, res, t, locale }) => {
      const outcome = await member(req);
      if (!outcome.ok) return refused(res, t, outcome);
      const detail = await juries.forMember(outcome.link);
      noStore(res);
      res.render("pages/dossier/jury-home", {
        layout: "bare",
        ...presentJuryHome(detail, outcome.link, { t, locale }),
      });
      return handled;
    },
  });

  readingRoutes(router, deps, { refused, member });
  return router;
}

type Refuse = (
  res: Response,
  t: Translate,
  outcome: Extract<LinkOutcome, { ok: false }>,
) => Promise<typeof handled>;

/** The dossiers of the member's jury: the print view and the PDF. */
function readingRoutes(
  router: Router,
  deps: PublicJuryDeps,
  { refused, member }: { refused: Refuse; member: (req: Request) => Promise<LinkOutcome> },
): void {
  const { juries } = deps;
  publicRoute(router, {
    method: "get",
    path: "/jury/learners/:learnerId",
    public: "a dossier of the member's jury, behind the cookie their link gave",
    input: LearnerParams,
    handle: async ({ input, req, res, t, locale }) => {
      const outcome = await member(req);
      if (!outcome.ok) return refused(res, t, outcome);
      const subject = await juries.subjectFor(outcome.link, input.params.learnerId);
      const view = presentDossier(await deps.dossier.of(subject), { t, locale });
      noStore(res);
      res.render("pages/dossier/print", {
        layout: "bare",
        ...view,
        title: `${view.title} — ${view.learnerName}`,
        pdfHref: `/jury/learners/${input.params.learnerId}/pdf`,
        backHref: "/jury",
      });
      return handled;
    },
  });

  publicRoute(router, {
    method: "get",
    path: "/jury/learners/:learnerId/pdf",
    public: "a dossier's PDF for the member's jury, behind the cookie their link gave",
    input: LearnerParams,
    handle: async ({ input, req, res, t, locale }) => {
      const outcome = await member(req);
      if (!outcome.ok) return refused(res, t, outcome);
      const subject = await juries.subjectFor(outcome.link, input.params.learnerId);
      await sendPdf(res, await deps.dossier.of(subject), { t, locale });
      return handled;
    },
  });
}

function cookieOf(req: Request): string | undefined {
  const cookies: unknown = req.cookies;
  if (typeof cookies !== "object" || cookies === null) return undefined;
  const value: unknown = (cookies as Record<string, unknown>)[JURY_COOKIE];
  return typeof value === "string" ? value : undefined;
}

function noStore(res: Response): void {
  res.setHeader("Cache-Control", "private, no-store");
}
