// The jury dossier's routers inside a launch: the learner's own dossier, the tutor's synthesis, the
// programme lead's juries and the course's certification record.
import express, { type Router } from "express";
import type { DossierParts, Services } from "../../../container.js";
import type { Config } from "../../../config/config.js";
import type { Logger } from "../../../logger.js";
import { certificationRoutes } from "./certification.js";
import { juryRoutes } from "./juries.js";
import { publicJuryRoutes } from "./jury-public.js";
import { ownDossierRoutes } from "./own.js";
import { tutorSynthesisRoutes } from "./tutor-synthesis.js";

export interface DossierRoutesDeps {
  logger: Pick<Logger, "error">;
  /** baseUrl: members open their links outside any LMS. */
  config: Pick<Config, "baseUrl">;
  /** Whom the tutor tutors, and the learner's name, for the synthesis pages. */
  services: Pick<Services, "teachingScopes" | "people">;
}

export function dossierRoutes(parts: DossierParts, { logger, config, services }: DossierRoutesDeps): Router {
  const router = express.Router();
  router.use(ownDossierRoutes({ dossier: parts.service, syntheses: parts.syntheses, logger }));
  router.use(
    tutorSynthesisRoutes({
      syntheses: parts.syntheses,
      scopes: services.teachingScopes,
      people: services.people,
    }),
  );
  router.use(juryRoutes({ juries: parts.juries, links: parts.links, baseUrl: config.baseUrl }));
  router.use(certificationRoutes({ certification: parts.certification }));
  return router;
}

/** Outside any launch: what jury members reach from their links. */
export function publicDossierRoutes(parts: DossierParts, secureCookies: boolean): Router {
  return publicJuryRoutes({
    links: parts.links,
    juries: parts.juries,
    dossier: parts.service,
    secureCookies,
  });
}
