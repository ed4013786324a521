// Builds the Express application from its dependencies; never listens (tests import it).
import cookieParser from "cookie-parser";
import express, { type Express } from "express";
import type { LtijsProvider } from "ltijs";
import type { Clock } from "./clock.js";
import { paths } from "./paths.js";
import type { Config } from "./config/config.js";
import { JwksCache } from "./lti/jwks-cache.js";
import { LaunchRecorder } from "./lti/launch-recorder.js";
import { oidcRoutes } from "./lti/oidc-routes.js";
import { registrationRoutes } from "./lti/registration-routes.js";
import { describeTool, type ToolDescription } from "./lti/tool-description.js";
import { PlatformTokens } from "./lti/platform-tokens.js";
import { RosterSync } from "./lti/roster-sync.js";
import { ToolKeys } from "./lti/tool-keys.js";
import type { Logger } from "./logger.js";
import type { MongoConnection } from "./persistence/connection.js";
import { CourseSettingsRepository } from "./persistence/course-settings.js";
import { FrameworkRepository } from "./persistence/framework-repository.js";
import { frameworkModels } from "./persistence/models/framework-models.js";
import { ltiModels, type LtiModels } from "./persistence/models/lti-models.js";
import { PlatformRegistry } from "./persistence/platform-registry.js";
import { buildPortfolioService } from "./persistence/portfolio-store.js";
import type { PortfolioService } from "./domain/portfolio/service.js";
import { SessionStore } from "./persistence/session-store.js";
import { buildValidation, type ValidationBundle } from "./persistence/validation-bundle.js";
import { PortfolioTraceCatalog } from "./persistence/validation-evidence.js";
import { PortfolioRepository } from "./persistence/portfolio-repository.js";
import { portfolioModels } from "./persistence/models/portfolio-models.js";
import { buildGradingServices, type GradingServices } from "./jobs/grading-services.js";
import { errorHandler, notFoundHandler } from "./web/error-handler.js";
import { requestContext } from "./web/middleware/request-context.js";
import { requestLog } from "./web/middleware/request-log.js";
import { securityHeaders } from "./web/middleware/security-headers.js";
import { healthRoutes } from "./web/routes/health.js";
import { launchedRoutes } from "./web/routes/launched.js";
import { installViews } from "./web/views.js";

export interface AppDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  mongo: MongoConnection;
  lti: LtijsProvider;
  /** Lets tests point key-set fetches at a simulated LMS without the network (defaults to fetch). */
  fetchJson?: (url: string) => Promise<unknown>;
}

export interface Services {
  models: LtiModels;
  platforms: PlatformRegistry;
  sessions: SessionStore;
  keys: ToolKeys;
  jwks: JwksCache;
  tool: ToolDescription;
  frameworks: FrameworkRepository;
  courseSettings: CourseSettingsRepository;
  tokens: PlatformTokens;
  roster: RosterSync;
  portfolio: PortfolioService;
  grading: GradingServices;
  validation: ValidationBundle;
}

export interface CarnetApp {
  app: Express;
  services: Services;
}

const publicDir = paths.public;

export function buildServices(deps: AppDeps): Services {
  const models = ltiModels(deps.mongo.carnet);
  const frameworkStore = frameworkModels(deps.mongo.carnet);
  const platforms = new PlatformRegistry(models.Platform);
  const keys = new ToolKeys(deps.lti, deps.config.ltiKey);
  const tokens = new PlatformTokens(keys, deps.clock);
  const frameworks = new FrameworkRepository({ ...frameworkStore, Placement: models.Placement }, deps.clock);
  const validation = buildValidation({
    connection: deps.mongo.carnet,
    lti: models,
    frameworks,
    rules: new CourseSettingsRepository(frameworkStore, deps.clock),
    clock: deps.clock,
    traces: new PortfolioTraceCatalog(new PortfolioRepository(portfolioModels(deps.mongo.carnet))),
  });
  return {
    models,
    platforms,
    sessions: new SessionStore(models, deps.clock, deps.config.sessionTtlMs),
    keys,
    jwks: new JwksCache({ clock: deps.clock, fetchJson: deps.fetchJson }),
    tool: describeTool(deps.config.baseUrl),
    frameworks,
    courseSettings: new CourseSettingsRepository(frameworkStore, deps.clock),
    tokens,
    roster: new RosterSync(models, platforms, tokens, deps.clock, deps.logger),
    portfolio: buildPortfolioService({
      connection: deps.mongo.carnet,
      clock: deps.clock,
      log: deps.logger,
      frameworks,
      uploadMaxBytes: deps.config.uploadMaxBytes,
      evidenceGrants: validation.evidenceGrants,
      notifications: validation.notifications,
    }),
    validation,
    grading: buildGradingServices({
      connection: deps.mongo.carnet,
      models,
      frameworks,
      tokens,
      clock: deps.clock,
    }),
  };
}

export function createApp(deps: AppDeps): CarnetApp {
  const { config, logger, clock } = deps;
  const services = buildServices(deps);
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
  app.use(
    ...securityHeaders({
      frameOrigins: () => services.platforms.frameOrigins(),
      https: config.secureCookies,
    }),
  );
  app.use(
    "/static",
    express.static(publicDir, { maxAge: config.env === "production" ? "7d" : 0, index: false }),
  );
  app.use(cookieParser());

  app.use(healthRoutes({ ping: () => deps.mongo.ping() }));
  app.use(
    oidcRoutes({
      baseUrl: config.baseUrl,
      secureCookies: config.secureCookies,
      clock,
      logger,
      platforms: services.platforms,
      sessions: services.sessions,
      recorder: new LaunchRecorder(services.models, clock),
      jwks: services.jwks,
      clockSkewSeconds: config.clockSkewSeconds,
      tokenMaxAgeSeconds: config.tokenMaxAgeSeconds,
      sessionTtlMs: config.sessionTtlMs,
    }),
  );
  app.use(
    registrationRoutes({
      tool: services.tool,
      platforms: services.platforms,
      keys: services.keys,
      autoActivate: config.autoActivateRegistrations,
      logger,
      clock,
    }),
  );
  app.use(launchedRoutes({ services, config, logger, clock }));

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return { app, services };
}
