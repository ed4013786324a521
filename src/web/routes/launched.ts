// Everything a launched user does lives under /l/<launchId>/: one router per area, mounted here.
import express, { type RequestHandler, type Response, type Router } from "express";
import type { Services } from "../../app.js";
import type { Clock } from "../../clock.js";
import type { Config } from "../../config/config.js";
import type { Logger } from "../../logger.js";
import { displayName } from "../../domain/people/people.js";
import type { PeopleRepository } from "../../persistence/people-repository.js";
import { TtlCache } from "../../persistence/ttl-cache.js";
import { formBody } from "../middleware/form-body.js";
import { requireLaunchKeepingText } from "../middleware/kept-on-expiry.js";
import { navBadges } from "../middleware/nav-badges.js";
import { together } from "../middleware/together.js";
import { verifyCsrf } from "../middleware/launch-session.js";
import { actorOf } from "../render.js";
import { UploadRoutes } from "../uploads.js";
import { adminRoutes } from "./admin.js";
import { dataRightsRoutes } from "./data-rights.js";
import { sessionRoutes } from "./session.js";
import { deepLinkingRoutes } from "./deep-linking.js";
import { credentialRoutes } from "./credentials.js";
import { frameworkRoutes } from "./frameworks/index.js";
import { gradingRoutes } from "./grading.js";
import { homeRoutes } from "./home.js";
import { learnerHome } from "./validation-home.js";
import { notificationRoutes } from "./notifications.js";
import { supportRoutes } from "./support/index.js";
import { dossierRoutes } from "./dossier/index.js";
import { placementRoutes } from "./placements/index.js";
import { portfolioRoutes } from "./portfolio/index.js";
import { tutoringRoutes } from "./tutoring/index.js";
import { sessionsRoutes } from "./sessions/index.js";
import { tutoringPage } from "./tutoring/page.js";
import { validationRoutes } from "./validation.js";

export interface LaunchedDeps {
  services: Services;
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Where routes declare that they take files (the only place multipart bodies are accepted). */
  uploads: UploadRoutes;
}

/** The administration page, registrations and a person's data rights. */
function administrationRoutes(deps: LaunchedDeps): Router[] {
  return [
    adminRoutes({
      platforms: deps.services.platforms,
      platformAdmin: deps.services.platformAdmin,
      invitations: deps.services.invitations,
      audit: deps.services.audit,
      keys: deps.services.keys,
      tool: deps.services.tool,
      clock: deps.clock,
    }),
    dataRightsRoutes({ dataRights: deps.services.dataRights, logger: deps.logger }),
  ];
}

export function launchedRoutes(base: Omit<LaunchedDeps, "uploads">): Router {
  const deps: LaunchedDeps = { ...base, uploads: new UploadRoutes() };
  const router = express.Router();
  const launched = express.Router({ mergeParams: true });

  launched.use(pageFrame(deps.services));
  launched.use(
    homeRoutes({
      trainerHome: deps.services.validation.trainerHome,
      learnerHome: learnerHome(deps),
      tutorHome: (ctx) => tutoringPage(deps.services.tutoring, ctx),
    }),
  );
  launched.use(gradingRoutes(deps));
  launched.use(
    frameworkRoutes({
      uploads: deps.uploads,
      baseUri: deps.config.baseUrl,
      frameworks: deps.services.frameworks,
      drafts: deps.services.frameworkDrafts,
      courseSettings: deps.services.courseSettings,
    }),
  );
  launched.use(
    credentialRoutes({
      credentials: deps.services.credentials.service,
      issuers: deps.services.credentials.issuers,
      traces: deps.services.validation.traces,
    }),
  );
  launched.use(
    deepLinkingRoutes({
      placementFrameworks: deps.services.placementFrameworks,
      platforms: deps.services.platforms,
      keys: deps.services.keys,
      launchUrl: deps.services.tool.urls.launch,
      clock: deps.clock,
      logger: deps.logger,
    }),
  );
  launched.use(administrationRoutes(deps));
  launched.use(sessionRoutes({ sessions: deps.services.sessions, secureCookies: deps.config.secureCookies }));
  launched.use(portfolioRoutes(deps));
  launched.use(supportRoutes({ support: deps.services.support, people: deps.services.people }));
  launched.use(validationRoutes(deps));
  launched.use(
    tutoringRoutes({
      ...deps.services.tutoring,
      people: deps.services.people,
      sharing: deps.services.portfolio.sharing,
    }),
  );
  launched.use(sessionsRoutes(deps));
  launched.use(notificationRoutes({ inbox: deps.services.inbox, people: deps.services.people }));
  launched.use(dossierRoutes(deps.services.dossier, deps), placementRoutes(deps));

  router.use(
    "/l/:launchId",
    ...requireLaunchKeepingText(deps.services, deps.logger),
    formBody(),
    // Multipart bodies reach declared upload routes only, whose parsers check the token first.
    verifyCsrf({ uploads: deps.uploads }),
    ownReads(deps.services),
    launched,
  );
  return router;
}

/**
 * What several parts of a page ask (a person's tutoring relations, the course's settings) is read once
 * in the request, and again by the next one: nothing of it outlives the request.
 */
function ownReads(services: Services): RequestHandler {
  return (_req, _res, next) => services.requests.run(next);
}

/**
 * The header's data and the navigation's counters: independent reads, made at the same time. A GET's
 * handler does not wait for them (renderPage does): its own reads overlap theirs, one database round
 * trip less per page under load. Other methods may change what the counters count: they are read first.
 */
function pageFrame(services: Services): RequestHandler {
  const frame = together({
    chrome: pageChrome(services.people),
    badges: navBadges({
      inbox: services.inbox,
      queue: services.validation.queue,
      tutoring: services.tutoring.workspace,
    }),
  });
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return frame(req, res, next);
    // Settles with the error instead of rejecting: a handler that redirects never looks at it.
    res.locals.frameReady = new Promise<unknown>((settle) => frame(req, res, settle));
    next();
  };
}

// Header data for every page: who is here, in which course (names change rarely: cached briefly). A
// course's title is shared by everyone in it: a class launching at once reads it once.
function pageChrome(people: PeopleRepository): RequestHandler {
  const chromeCache = new TtlCache<NonNullable<Response["locals"]["chrome"]>>(15_000);
  const courseCache = new TtlCache<{ course: { title?: string } | null }>(15_000, 1_000);
  return (_req, res, next) => {
    const actor = actorOf(res);
    const courseKey = `${actor.platformId} ${actor.deploymentId} ${actor.contextId ?? ""}`;
    const key = `${actor.userId} ${courseKey}`;
    chromeCache
      .getOrLoad(key, async () => {
        const { contextId } = actor;
        const [me, course] = await Promise.all([
          people.person(actor.platformId, actor.userId),
          contextId
            ? courseCache.getOrLoad(courseKey, async () => {
                const { platformId, deploymentId } = actor;
                const found = await people.course({ platformId, deploymentId, contextId });
                return { course: found ? { title: found.title } : null };
              })
            : Promise.resolve({ course: null }),
        ]);
        return { me: me ? { displayName: displayName(me) } : null, course: course.course };
      })
      .then((chrome) => {
        res.locals.chrome = chrome;
        next();
      })
      .catch(next);
  };
}
