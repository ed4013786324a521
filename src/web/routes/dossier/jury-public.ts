// What a jury member reaches from their link, without an LMS account: the link is exchanged for a
// cookie of this browser (the token then leaves the address bar), then the jury's learners and their
// dossiers, read-only, each reading logged. A link that no longer works shows why and whom to ask.
import express, { type Router } from "express";
import { z } from "zod";
import type { AccessLinks } from "../../../domain/dossier/access-links.js";
import type { Juries } from "../../../domain/dossier/juries.js";
import type { DossierService } from "../../../domain/dossier/service.js";
import { presentJuryHome } from "../../../presenters/dossier/jury-public.js";
import { presentDossier } from "../../../presenters/dossier/view.js";
import { handled, publicRoute } from "../../route.js";
import { ID } from "../../schemas/dossier.js";
import { linkPages, noStore, type LinkPages } from "../link-pages.js";
import { sendPdf } from "./downloads.js";

export const JURY_COOKIE = "carnet_jury";

export interface PublicJuryDeps {
  links: Pick<AccessLinks, "open" | "session">;
  juries: Pick<Juries, "forMember" | "subjectFor" | "contactFor">;
  dossier: Pick<DossierService, "of">;
  secureCookies: boolean;
}

const LearnerParams = z.object({ params: z.object({ learnerId: ID }) });

export function publicJuryRoutes(deps: PublicJuryDeps): Router {
  const router = express.Router();
  const { juries } = deps;
  const pages = linkPages(router, {
    kind: "jury",
    cookie: JURY_COOKIE,
    home: "/jury",
    holder: "a jury member",
    links: deps.links,
    secureCookies: deps.secureCookies,
    contactFor: async (refusal) => (refusal.link ? juries.contactFor(refusal.link) : ""),
  });

  publicRoute(router, {
    method: "get",
    path: "/jury",
    public: "a jury member's home, behind the cookie their link gave",
    handle: ({ req, res, t, locale }) =>
      pages.behind(req, res, t, async ({ link }) => {
        const detail = await juries.forMember(link);
        noStore(res);
        res.render("pages/dossier/jury-home", {
          layout: "bare",
          ...presentJuryHome(detail, link, { t, locale }),
        });
        return handled;
      }),
  });

  readingRoutes(router, deps, pages);
  return router;
}

/** The dossiers of the member's jury: the print view and the PDF. */
function readingRoutes(router: Router, deps: PublicJuryDeps, pages: LinkPages): void {
  const { juries } = deps;
  publicRoute(router, {
    method: "get",
    path: "/jury/learners/:learnerId",
    public: "a dossier of the member's jury, behind the cookie their link gave",
    input: LearnerParams,
    handle: ({ input, req, res, t, locale }) =>
      pages.behind(req, res, t, async ({ link }) => {
        const subject = await juries.subjectFor(link, input.params.learnerId);
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
      }),
  });

  publicRoute(router, {
    method: "get",
    path: "/jury/learners/:learnerId/pdf",
    public: "a dossier's PDF for the member's jury, behind the cookie their link gave",
    input: LearnerParams,
    handle: ({ input, req, res, t, locale }) =>
      pages.behind(req, res, t, async ({ link }) => {
        const subject = await juries.subjectFor(link, input.params.learnerId);
        await sendPdf(res, await deps.dossier.of(subject), { t, locale });
        return handled;
      }),
  });
}
