// Juries, for who teaches in the launch's course (the programme lead): create one (members, learners,
// period), see each member's link to send, revoke a link.
import type { Router } from "express";
import type { Juries, NewJury } from "../../../domain/dossier/juries.js";
import type { AccessLinks } from "../../../domain/dossier/access-links.js";
import { juryPeriod } from "../../../domain/dossier/jury-period.js";
import { dossierPolicy } from "../../../policies/dossier.js";
import { guard } from "../../../policies/policy.js";
import { presentJuries, presentJury } from "../../../presenters/dossier/juries.js";
import { page, redirect, guardedRoutes } from "../../route.js";
import { JuryForm, JuryLinkParams, JuryParams } from "../../schemas/dossier.js";

export interface JuryRoutesDeps {
  juries: Juries;
  links: Pick<AccessLinks, "tokenOf">;
  /** Carnet's public address: members open their links outside any LMS. */
  baseUrl: string;
}

export function juryRoutes({ juries, links, baseUrl }: JuryRoutesDeps): Router {
  const manage = guardedRoutes(guard(dossierPolicy, "manageJuries"));

  manage.get("/juries", {
    handle: async ({ actor, t, locale, base }) => {
      const [list, candidates] = await Promise.all([juries.list(actor), juries.candidates(actor)]);
      return page(
        "pages/dossier/juries",
        "juries",
        presentJuries({ juries: list, candidates }, { t, locale, base }),
      );
    },
  });

  manage.post("/juries", {
    input: JuryForm,
    messages: "dossier",
    invalid: async ({ actor, t, locale, base }, problem) => {
      const [list, candidates] = await Promise.all([juries.list(actor), juries.candidates(actor)]);
      const model = presentJuries({ juries: list, candidates }, { t, locale, base, ...problem });
      return page("pages/dossier/juries", "juries", model);
    },
    handle: async ({ actor, input }) => {
      const { title, members, learners, validFrom, validUntil } = input.body;
      const jury: NewJury = {
        title,
        members,
        learnerIds: learners,
        // Whole days of the programme's time zone (Europe/Paris), first midnight to last day's end.
        ...juryPeriod(validFrom, validUntil),
      };
      const created = await juries.create(actor, jury);
      return redirect(`/juries/${created.id}`);
    },
  });

  manage.get("/juries/:juryId", {
    input: JuryParams,
    handle: async ({ actor, input, t, locale, base }) => {
      const detail = await juries.detail(actor, input.params.juryId);
      const urlOf = (link: Parameters<AccessLinks["tokenOf"]>[0]): string =>
        `${baseUrl}/jury/open/${links.tokenOf(link)}`;
      return page("pages/dossier/jury", "juries", presentJury({ ...detail, urlOf }, { t, locale, base }));
    },
  });

  manage.post("/juries/:juryId/links/:linkId/revoke", {
    input: JuryLinkParams,
    form: "button",
    handle: async ({ actor, input }) => {
      await juries.revokeMember(actor, input.params.juryId, input.params.linkId);
      return redirect(`/juries/${input.params.juryId}`);
    },
  });

  return manage.router;
}
