// What a jury member reaches from their link, without an LMS account: the link is exchanged for a
// cookie of this browser (the token then leaves the address bar), then the jury's learners and their
// dossiers, read-only, each reading logged. A link that no longer works shows why and whom to ask.
import express, { type Router } from "express";
import { z } from "zod";
import type { AccessLinks } from "../../../domain/dossier/access-links.js";
import type { Juries } from "../../../domain/dossier/juries.js";
import type { DossierContent } from "../../../domain/dossier/dossier.js";
import type { DossierService } from "../../../domain/dossier/service.js";
import { presentJuryHome } from "../../../presenters/dossier/jury-public.js";
import { presentDossier } from "../../../presenters/dossier/view.js";
import { handled, publicRoute, type PublicContext } from "../../route.js";
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
  /** A dossier of the member's jury, behind the cookie their link gave (404 for any other learner). */
  const dossierRoute = (
    path: string,
    why: string,
    answer: (
      dossier: DossierContent,
      learnerId: string,
      call: PublicContext<unknown>,
    ) => Promise<void> | void,
  ): void =>
    publicRoute(router, {
      method: "get",
      path,
      public: why,
      input: LearnerParams,
      handle: (call) =>
        pages.behind(call.req, call.res, call.t, async ({ link }) => {
          const { learnerId } = call.input.params;
          const subject = await deps.juries.subjectFor(link, learnerId);
          await answer(await deps.dossier.of(subject), learnerId, call);
          return handled;
        }),
    });

  dossierRoute(
    "/jury/learners/:learnerId",
    "a dossier of the member's jury, behind the cookie their link gave",
    (dossier, learnerId, { res, t, locale }) => {
      const view = presentDossier(dossier, { t, locale });
      noStore(res);
      res.render("pages/dossier/print", {
        layout: "bare",
        ...view,
        title: `${view.title} — ${view.learnerName}`,
        pdfHref: `/jury/learners/${learnerId}/pdf`,
        backHref: "/jury",
      });
    },
  );

  dossierRoute(
    "/jury/learners/:learnerId/pdf",
    "a dossier's PDF for the member's jury, behind the cookie their link gave",
    (dossier, _learnerId, { res, t, locale }) => sendPdf(res, dossier, { t, locale }),
  );
}
