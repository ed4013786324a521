// The composition root: builds each repository and service once, from the connection, the clock and
// the configuration. Routers receive only what they use from here; nothing else constructs a repository.
import { randomUUID } from "node:crypto";
import type { LtijsProvider } from "ltijs";
import type { Clock } from "./clock.js";
import type { Config } from "./config/config.js";
import { buildDossier, type DossierParts } from "./dossier-parts.js";
import { PlacementFrameworks } from "./domain/frameworks/placement-frameworks.js";
import { NotificationInbox } from "./domain/notifications/inbox.js";
import { TeachingScopes } from "./domain/people/teaching-scopes.js";
import type { CourseRoster } from "./domain/portfolio/ports.js";
import { buildPortfolio, type Portfolio } from "./domain/portfolio/portfolio.js";
import { TutoringSessionDirectory } from "./domain/sessions/tutoring-directory.js";
import { buildGradingServices, type GradingServices } from "./jobs/grading-services.js";
import type { OutboundFetch } from "./lti/outbound-http.js";
import { RosterSync } from "./lti/roster-sync.js";
import type { Logger } from "./logger.js";
import { CarnetMetrics } from "./observability/metrics.js";
import { GridFsAttachmentStore } from "./persistence/attachments.js";
import type { MongoConnection } from "./persistence/connection.js";
import { CourseRosterRepository } from "./persistence/course-rosters.js";
import { CourseSettingsRepository } from "./persistence/course-settings.js";
import { buildCredentials, type CredentialParts } from "./persistence/credential-parts.js";
import { FrameworkDraftRepository } from "./persistence/framework-drafts.js";
import { FrameworkRepository } from "./persistence/framework-repository.js";
import { gradeRepositories } from "./persistence/grade-repositories.js";
import { frameworkModels } from "./persistence/models/framework-models.js";
import { portfolioModels } from "./persistence/models/portfolio-models.js";
import { tutoringModels } from "./persistence/models/tutoring-models.js";
import type { NotificationRepository } from "./persistence/notifications.js";
import type { PeopleRepository } from "./persistence/people-repository.js";
import { PortfolioRepository } from "./persistence/portfolio-repository.js";
import { RequestScope } from "./persistence/request-scope.js";
import { TraceDraftRepository, traceDraftModel } from "./persistence/trace-drafts.js";
import { TutoringRepository } from "./persistence/tutoring-repository.js";
import { buildPlatforms, type PlatformParts } from "./platform-parts.js";
import { buildSessions, type SessionsParts } from "./sessions-parts.js";
import { buildDataRights } from "./data-rights-parts.js";
import { buildPlacements, type PlacementParts } from "./placements-parts.js";
import type { DataRights } from "./domain/people/data-rights.js";
import { buildSupport, type SupportParts } from "./support-parts.js";
import { buildTutoring, type TutoringParts } from "./tutoring-parts.js";
import {
  buildValidation,
  validationStores,
  type ValidationParts,
  type ValidationStores,
} from "./validation-parts.js";
import { MarkdownRenderer } from "./workers/markdown-renderer.js";
import { WorkerPool } from "./workers/pool.js";

export type { DossierParts } from "./dossier-parts.js";
export type { ValidationParts } from "./validation-parts.js";

export interface ContainerDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  mongo: MongoConnection;
  lti: LtijsProvider;
  /** Lets tests point key-set fetches at a simulated LMS without the network (defaults to the outbound client). */
  fetchJson?: (url: string) => Promise<unknown>;
  /** Replaces the outbound client (tests of DNS tricks); defaults to one built from the configuration. */
  outbound?: OutboundFetch;
}

export interface Container extends PlatformParts {
  /** Prometheus metrics (/metrics). */
  metrics: CarnetMetrics;
  frameworks: FrameworkRepository;
  /** Framework files previewed and waiting for their import to be confirmed. */
  frameworkDrafts: FrameworkDraftRepository;
  /** The frameworks a teacher may attach to a new placement (deep linking). */
  placementFrameworks: PlacementFrameworks;
  /** Open Badges 3.0 credentials for validated competences, their issuer keys and status lists. */
  credentials: CredentialParts;
  courseSettings: CourseSettingsRepository;
  roster: RosterSync;
  teachingScopes: TeachingScopes;
  /** The confidential support space (signals, cases, access log, retention). */
  support: SupportParts;
  inbox: NotificationInbox;
  portfolio: Portfolio;
  /** Tutoring relations, appointments, groups, imports, the tutor workspace and the course's rhythm. */
  tutoring: TutoringParts;
  /** Group sessions, convocations and individual interviews. */
  tutoringSessions: SessionsParts;
  grading: GradingServices;
  validation: ValidationParts;
  dossier: DossierParts;
  /** Placement supervisors' invitations and what they do through their links. */
  placements: PlacementParts;
  /** Worker threads for heavy work (Markdown, diffs, framework files). */
  workers: WorkerPool;
  /** Markdown rendered once per text, long texts in a worker. */
  markdown: MarkdownRenderer;
  /** A person's export and erasure (registry of personal data). */
  dataRights: DataRights;
  /** Each request's memo of what several parts of its page read (the web layer opens one per request). */
  requests: RequestScope;
}

/** @deprecated name kept while routers move to narrow dependencies; use Container. */
export type Services = Container;

export function buildContainer(deps: ContainerDeps): Container {
  const { clock, config } = deps;
  const connection = deps.mongo.carnet;
  const platform = buildPlatforms(deps);
  const { people, models } = platform;
  const content = buildContent(deps, platform);
  const { frameworks, courseSettings, requests } = content;
  const tutoring = new TutoringRepository(
    { ...tutoringModels(connection), Membership: models.Membership },
    requests,
  );
  const teachingScopes = new TeachingScopes(tutoring);
  const portfolioStore = new PortfolioRepository(portfolioModels(connection));
  const roster = rosterOf(deps, platform);
  const stores = validationStores({
    connection,
    frameworks,
    teachingScopes,
    portfolioStore,
    logger: deps.logger,
  });
  const attachments = new GridFsAttachmentStore(connection);
  const { notifications, records } = stores;
  const shared = {
    ...deps,
    connection,
    frameworks,
    courseSettings,
    tutoring,
    teachingScopes,
    people,
    roster,
    portfolioStore,
    records,
    notifications,
    audit: platform.audit,
  };
  const credentials = buildCredentials({ ...shared, baseUrl: config.baseUrl, secret: config.ltiKey });
  const portfolio = portfolioPart({ ...shared, deps, content, stores, store: portfolioStore, attachments });
  const tutoringSessions = buildSessions({
    ...shared,
    directory: new TutoringSessionDirectory(tutoring),
  });
  const validation = buildValidation(stores, {
    ...shared,
    portfolio,
    credentials,
    memberships: models.Membership,
  });
  const dossier = buildDossier({ ...shared, attendance: tutoringSessions.attendance, attachments });
  const circle = learnerCircle({ ...shared, deps, tutoringSessions, syntheses: dossier.syntheses });
  const placements = buildPlacements({
    ...shared,
    links: dossier.links,
    validation: validation.service,
    signals: circle.support.signals,
  });
  return {
    ...platform,
    ...content,
    ...circle,
    placements,
    ...gradingPart(deps, platform, stores),
    credentials,
    roster,
    teachingScopes,
    inbox: new NotificationInbox(notifications, clock),
    dataRights: buildDataRights({ connection, audit: platform.audit, clock }),
    portfolio,
    validation,
    dossier,
  };
}

function rosterOf(deps: ContainerDeps, platform: PlatformParts): RosterSync {
  return new RosterSync(
    new CourseRosterRepository(platform.models, deps.clock),
    platform.platforms,
    platform.tokens,
    deps.clock,
    deps.logger,
    platform.outbound,
  );
}

/** Grades and completion back to the LMS (the outbox, its workers), and the metrics that watch its depth. */
function gradingPart(
  deps: ContainerDeps,
  platform: PlatformParts,
  stores: ValidationStores,
): Pick<Container, "grading" | "metrics"> {
  const { clock } = deps;
  const repositories = gradeRepositories(deps.mongo.carnet, platform.models);
  const metrics = new CarnetMetrics({ outboxBacklog: () => repositories.outbox.backlog(clock.now()) });
  deps.mongo.observeCommands((command, succeeded, ms) => metrics.databaseCommand(command, succeeded, ms));
  const grading = buildGradingServices({
    repositories,
    progress: stores.records,
    tokens: platform.tokens,
    fetchImpl: platform.outbound,
    clock,
  });
  return { grading, metrics };
}

type ContentParts = Pick<
  Container,
  | "workers"
  | "markdown"
  | "frameworks"
  | "frameworkDrafts"
  | "placementFrameworks"
  | "courseSettings"
  | "requests"
>;

/** Frameworks, course settings, and the workers that take heavy text work off the event loop. */
function buildContent(deps: ContainerDeps, platform: PlatformParts): ContentParts {
  const { clock } = deps;
  const frameworkStore = frameworkModels(deps.mongo.carnet);
  const workers = new WorkerPool();
  const requests = new RequestScope();
  const courseSettings = new CourseSettingsRepository(frameworkStore, clock, requests);
  const frameworks = new FrameworkRepository(
    { ...frameworkStore, Placement: platform.models.Placement },
    clock,
    (input) => workers.run("framework", input),
    courseSettings,
  );
  return {
    workers,
    markdown: new MarkdownRenderer((sources) => workers.run("markdown", sources)),
    frameworks,
    frameworkDrafts: new FrameworkDraftRepository(frameworkStore, clock),
    placementFrameworks: new PlacementFrameworks(frameworks),
    courseSettings,
    requests,
  };
}

function portfolioPart(parts: {
  deps: ContainerDeps;
  content: ContentParts;
  stores: ValidationStores;
  store: PortfolioRepository;
  attachments: GridFsAttachmentStore;
  tutoring: TutoringRepository;
  teachingScopes: TeachingScopes;
  people: PeopleRepository;
}): Portfolio {
  const { deps, tutoring, people } = parts;
  const roster: CourseRoster = {
    learnerCourses: async (platformId, userId) =>
      (await people.coursesOf(platformId, userId, ["learner"])).map((course) => ({
        deploymentId: course.deploymentId,
        contextId: course.contextId,
      })),
    teachersOf: (platformId, course) => tutoring.courseValidators({ platformId, ...course }),
  };
  return buildPortfolio({
    store: parts.store,
    drafts: new TraceDraftRepository(traceDraftModel(deps.mongo.carnet)),
    attachments: parts.attachments,
    tutoring,
    roster,
    frameworks: parts.content.frameworks,
    scopes: parts.teachingScopes,
    people,
    clock: deps.clock,
    newId: randomUUID,
    log: deps.logger,
    uploadMaxBytes: deps.config.uploadMaxBytes,
    evidenceGrants: parts.stores.evidenceGrants,
    notifier: parts.stores.notifications,
    wordDiffs: (pairs) => parts.content.workers.run("diff", pairs),
  });
}

/** The people around a learner: tutors, sessions and interviews, the confidential support circle. */
function learnerCircle(parts: {
  deps: ContainerDeps;
  people: PeopleRepository;
  tutoring: TutoringRepository;
  teachingScopes: TeachingScopes;
  courseSettings: CourseSettingsRepository;
  roster: RosterSync;
  notifications: NotificationRepository;
  tutoringSessions: SessionsParts;
  syntheses: DossierParts["syntheses"];
}): Pick<Container, "tutoring" | "tutoringSessions" | "support"> {
  const { deps, people, tutoring, notifications, courseSettings, tutoringSessions } = parts;
  const { clock } = deps;
  const connection = deps.mongo.carnet;
  return {
    tutoringSessions,
    tutoring: buildTutoring({
      connection,
      store: tutoring,
      people,
      notifications,
      roster: parts.roster,
      clock,
      scopes: parts.teachingScopes,
      referents: {
        referentOf: async (scope) => (await courseSettings.get(scope)).referentUserId ?? null,
      },
      sessions: tutoringSessions.facts,
      syntheses: parts.syntheses,
    }),
    support: buildSupport({
      connection,
      people,
      tutoring,
      rules: courseSettings,
      teachingScopes: parts.teachingScopes,
      notifications,
      clock,
      retentionDays: deps.config.supportRetentionDays,
    }),
  };
}
