// Builds the Express application from its dependencies; never listens (tests import it).
import cookieParser from "cookie-parser";
import express, { type Express } from "express";
import { paths } from "./paths.js";
import { buildContainer, type Container, type ContainerDeps } from "./container.js";
import { LaunchRecorder } from "./lti/launch-recorder.js";
import { LaunchRecords } from "./persistence/launch-records.js";
import { oidcRoutes } from "./lti/oidc-routes.js";
import { registrationRoutes } from "./lti/registration-routes.js";
import { policyFor } from "./lti/platform-urls.js";
import { errorHandler, notFoundHandler } from "./web/error-handler.js";
import { requestContext } from "./web/middleware/request-context.js";
import { requestLog } from "./web/middleware/request-log.js";
import { lmsAssetHeaders, securityHeaders } from "./web/middleware/security-headers.js";
import { healthRoutes } from "./web/routes/health.js";
import { publicCredentialRoutes } from "./web/routes/credentials-public.js";
import { metricsRoutes } from "./web/routes/metrics.js";
import { requestMetrics } from "./web/middleware/request-metrics.js";
import { launchedRoutes } from "./web/routes/launched.js";
import { welcomeRoutes } from "./web/routes/welcome.js";
import { publicDossierRoutes } from "./web/routes/dossier/index.js";
import { publicPlacementRoutes } from "./web/routes/placements/index.js";
import { installViews } from "./web/views.js";

export type AppDeps = ContainerDeps;
export type { Container, Services } from "./container.js";

export interface CarnetApp {
  app: Express;
  services: Container;
}

const publicDir = paths.public;

export function createApp(deps: AppDeps): CarnetApp {
  const { config, logger, clock } = deps;
  const services = buildContainer(deps);
  for (const notice of config.notices) logger.warn(notice);
  const app = express();
  app.disable("x-powered-by");
  // Pages are per person and per moment: hashing every body for an ETag is cost without benefit.
  app.set("etag", false);
  app.set("trust proxy", config.trustProxy);
  installViews(app);
  // Compiled templates are kept in memory everywhere but in development, where views are edited live.
  if (config.env !== "development") app.enable("view cache");

  app.use(requestContext());
  app.use(requestLog(logger));
  app.use(requestMetrics(services.metrics));
  app.use(metricsRoutes(services.metrics, config.metricsToken));
  // Before anything that may read the database: /healthz never touches it.
  app.use(healthRoutes({ ping: () => deps.mongo.ping(), timeoutMs: config.database.pingMs }));
  app.use(
    ...securityHeaders({
      frameOrigins: () => services.platforms.frameOrigins(),
      https: config.secureCookies,
    }),
  );
  app.use(
    "/static",
    express.static(publicDir, {
      maxAge: config.env === "production" ? "7d" : 0,
      index: false,
      setHeaders: lmsAssetHeaders,
    }),
  );
  app.use(cookieParser());

  app.use(
    oidcRoutes({
      baseUrl: config.baseUrl,
      secureCookies: config.secureCookies,
      clock,
      logger,
      platforms: services.platforms,
      sessions: services.sessions,
      recorder: launchRecorder(services, clock),
      jwks: services.jwks,
      audit: services.audit,
      clockSkewSeconds: config.clockSkewSeconds,
      tokenMaxAgeSeconds: config.tokenMaxAgeSeconds,
      sessionTtlMs: config.sessionTtlMs,
      metrics: services.metrics,
    }),
  );
  app.use(
    registrationRoutes({
      tool: services.tool,
      platforms: services.platforms,
      admin: services.platformAdmin,
      invitations: services.invitations,
      audit: services.audit,
      outbound: services.outbound,
      urlPolicy: policyFor(config),
      allowedOrigins: config.registrationAllowedOrigins,
      rateLimit: config.registrationRateLimit,
      keys: services.keys,
      logger,
      clock,
    }),
  );
  app.use(
    publicCredentialRoutes({
      credentials: services.credentials.service,
      keys: services.credentials.keys,
      clock,
    }),
  );
  app.use(welcomeRoutes({ urls: services.tool.urls }));
  app.use(publicDossierRoutes(services.dossier, config.secureCookies));
  app.use(publicPlacementRoutes(services.placements, config.secureCookies));
  app.use(launchedRoutes({ services, config, logger, clock }));

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return { app, services };
}

/** What a launch writes, with this process's memory of the courses it already wrote. */
function launchRecorder(services: Container, clock: ContainerDeps["clock"]): LaunchRecorder {
  return new LaunchRecorder(new LaunchRecords(services.models, clock), clock, services.tutoring.mentorScope);
}
