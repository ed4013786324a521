// The learner's dossier: choosing the traces that go in, reading the tutor's synthesis, and the
// dossier itself as a PDF, a ZIP (PDF + attachments) or a print view.
import type { Router } from "express";
import type { DossierService } from "../../../domain/dossier/service.js";
import type { TutorSyntheses } from "../../../domain/dossier/synthesis.js";
import type { Logger } from "../../../logger.js";
import { dossierPolicy } from "../../../policies/dossier.js";
import { guard } from "../../../policies/policy.js";
import { presentOwnDossier } from "../../../presenters/dossier/own.js";
import { presentDossier } from "../../../presenters/dossier/view.js";
import { handled, page, redirect, guardedRoutes } from "../../route.js";
import { ChooseTracesForm, SavedQuery } from "../../schemas/dossier.js";
import { sendPdf, sendZip } from "./downloads.js";

export interface OwnDossierDeps {
  dossier: DossierService;
  syntheses: Pick<TutorSyntheses, "forLearner" | "acknowledge">;
  logger: Pick<Logger, "error">;
}

export function ownDossierRoutes({ dossier, syntheses, logger }: OwnDossierDeps): Router {
  const own = guardedRoutes(guard(dossierPolicy, "own"));

  own.get("/dossier", {
    input: SavedQuery,
    handle: async ({ actor, input, t, locale, base }) => {
      const [choices, versions] = await Promise.all([
        dossier.choices(actor),
        syntheses.forLearner(actor.platformId, actor.userId),
      ]);
      const saved = input.query.saved === "1";
      const model = presentOwnDossier({ choices, syntheses: versions }, { t, locale, base, saved });
      return page("pages/dossier/own", "dossier", model);
    },
  });

  own.post("/dossier", {
    input: ChooseTracesForm,
    messages: "dossier",
    invalid: async ({ actor, t, locale, base }, problem) => {
      const [choices, versions] = await Promise.all([
        dossier.choices(actor),
        syntheses.forLearner(actor.platformId, actor.userId),
      ]);
      const model = presentOwnDossier({ choices, syntheses: versions }, { t, locale, base, ...problem });
      return page("pages/dossier/own", "dossier", model);
    },
    handle: async ({ actor, input }) => {
      await dossier.choose(actor, input.body.traces);
      return redirect("/dossier", { saved: "1" });
    },
  });

  own.post("/dossier/synthesis/read", {
    form: "button",
    handle: async ({ actor }) => {
      await syntheses.acknowledge(actor);
      return redirect("/dossier");
    },
  });

  own.get("/dossier/print", {
    handle: async ({ actor, t, locale }) => {
      const view = presentDossier(await dossier.own(actor), { t, locale });
      return page("pages/dossier/print", "dossier", {
        ...view,
        title: `${view.title} — ${view.learnerName}`,
      });
    },
  });

  own.get("/dossier/pdf", {
    handle: async ({ actor, t, locale, res }) => {
      await sendPdf(res, await dossier.own(actor), { t, locale });
      return handled;
    },
  });

  own.get("/dossier/zip", {
    handle: async ({ actor, t, locale, base, res }) => {
      const tooBig = await sendZip(res, await dossier.own(actor), { t, locale }, { dossier, logger });
      if (!tooBig) return handled;
      return page("pages/dossier/too-big", "dossier", { ...tooBig, backHref: `${base}/dossier` }, 413);
    },
  });

  return own.router;
}
