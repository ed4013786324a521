// The composition root: builds each repository and service once, from the connection, the clock and
// the configuration. Routers receive only what they use from here; nothing else constructs a repository.
import { CarnetMetrics } from "./observability/metrics.js";
import { CourseRosterRepository } from "./persistence/course-rosters.js";
import { randomUUID } from "node:crypto";
import type { LtijsProvider } from "ltijs";
import type { Clock } from "./clock.js";
import type { Config } from "./config/config.js";
import { NotificationInbox } from "./domain/notifications/inbox.js";
import { DossierAssembler } from "./domain/dossier/assemble.js";
import { DossierService } from "./domain/dossier/service.js";
import { AccessLinks } from "./domain/dossier/access-links.js";
import { Juries } from "./domain/dossier/juries.js";
import { CertificationRecords } from "./domain/dossier/certification.js";
import { LinkTokens } from "./domain/dossier/link-tokens.js";
import { AccessLinkRepository, JuryRepository } from "./persistence/access-repository.js";
import { accessModels } from "./persistence/models/access-models.js";
import { TutorSyntheses } from "./domain/dossier/synthesis.js";
import type { AttendanceSource } from "./domain/dossier/ports.js";
import type { NotificationSink } from "./domain/validation/ports.js";
import { DossierSelectionRepository, SynthesisRepository } from "./persistence/dossier-repository.js";
import { dossierModels } from "./persistence/models/dossier-models.js";
import { PlacementFrameworks } from "./domain/frameworks/placement-frameworks.js";
import { TeachingScopes } from "./domain/people/teaching-scopes.js";
import type { CourseRoster } from "./domain/portfolio/ports.js";
import { buildPortfolio, type Portfolio } from "./domain/portfolio/portfolio.js";
import { CohortMatrixQuery } from "./domain/validation/cohort-matrix.js";
import { CourseSettingsService } from "./domain/validation/course-settings.js";
import { ValidationQueue } from "./domain/validation/queue.js";
import { RequestReview } from "./domain/validation/request-review.js";
import { TrainerHome } from "./domain/validation/trainer-home.js";
import { CompetenceViews } from "./domain/validation/competence-view.js";
import { LearnerCompetences } from "./domain/validation/learner-competences.js";
import { PaperScans } from "./domain/validation/paper-scans.js";
import { ValidationService } from "./domain/validation/service.js";
import { LearnerFiles } from "./domain/validation/tutor-file.js";
import { buildGradingServices, type GradingServices } from "./jobs/grading-services.js";
import type { ReminderSources } from "./jobs/validation-reminders.js";
import { JwksCache } from "./lti/jwks-cache.js";
import type { AuditLog } from "./domain/audit/audit-log.js";
import { createOutboundFetch, fetchPlatformJson, type OutboundFetch } from "./lti/outbound-http.js";
import { parseOutboundAllowlist } from "./lti/outbound-allowlist.js";
import { PlatformAdmin } from "./lti/platform-admin.js";
import { policyFor } from "./lti/platform-urls.js";
import { AuditRepository, auditModel } from "./persistence/audit-repository.js";
import { RegistrationInvitations, invitationModel } from "./persistence/registration-invitations.js";
import { PlatformTokens } from "./lti/platform-tokens.js";
import { RosterSync } from "./lti/roster-sync.js";
import { describeTool, type ToolDescription } from "./lti/tool-description.js";
import { ToolKeys } from "./lti/tool-keys.js";
import { LtijsToolKeyStore } from "./lti/tool-key-store.js";
import type { Logger } from "./logger.js";
import { GridFsAttachmentStore } from "./persistence/attachments.js";
import { gradeRepositories } from "./persistence/grade-repositories.js";
import { CompetenceRecordRepository } from "./persistence/competence-records.js";
import { CompetenceSummaryRepository, summaryModel } from "./persistence/competence-summaries.js";
import type { MongoConnection } from "./persistence/connection.js";
import { CourseSettingsRepository } from "./persistence/course-settings.js";
import { buildCredentials, type CredentialParts } from "./persistence/credential-parts.js";
import { FrameworkDraftRepository } from "./persistence/framework-drafts.js";
import { FrameworkRepository } from "./persistence/framework-repository.js";
import { frameworkModels } from "./persistence/models/framework-models.js";
import { ltiModels, type LtiModels } from "./persistence/models/lti-models.js";
import { portfolioModels } from "./persistence/models/portfolio-models.js";
import { tutoringModels } from "./persistence/models/tutoring-models.js";
import { validationModels, type ValidationModels } from "./persistence/models/validation-models.js";
import { JobMarkerRepository } from "./persistence/job-markers.js";
import { NotificationRepository } from "./persistence/notifications.js";
import { PeopleRepository } from "./persistence/people-repository.js";
import { PlatformRegistry } from "./persistence/platform-registry.js";
import { PortfolioRepository } from "./persistence/portfolio-repository.js";
import { TraceDraftRepository, traceDraftModel } from "./persistence/trace-drafts.js";
import { SelfAssessmentRepository } from "./persistence/self-assessments.js";
import { buildSupport, type SupportParts } from "./support-parts.js";
import { SessionStore } from "./persistence/session-store.js";
import { TutorFileRepository } from "./persistence/tutor-files.js";
import { TutoringRepository } from "./persistence/tutoring-repository.js";
import { buildTutoring, type TutoringParts } from "./tutoring-parts.js";
import { buildSessions, type SessionsParts } from "./sessions-parts.js";
import { buildDataRights } from "./data-rights-parts.js";
import type { DataRights } from "./domain/people/data-rights.js";
import { buildPlacements, type PlacementParts } from "./placements-parts.js";
import { TutoringSessionDirectory } from "./domain/sessions/tutoring-directory.js";
import { ValidationCommentRepository } from "./persistence/validation-comments.js";
import { PortfolioTraceCatalog } from "./persistence/validation-evidence.js";
import { ValidationEvidenceGrants } from "./domain/validation/evidence-grants.js";
import { ValidationRequestRepository } from "./persistence/validation-requests.js";
import { ValidationScanStore } from "./persistence/validation-scans.js";
import { MarkdownRenderer } from "./workers/markdown-renderer.js";
import { WorkerPool } from "./workers/pool.js";

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

/** The validation area's repositories and use cases. */
export interface ValidationParts {
  /** For tests and the bench only: routes and jobs go through the repositories. */
  models: ValidationModels;
  service: ValidationService;
  records: CompetenceRecordRepository;
  /** Compact per-learner rows for the cohort matrix and the queue (a projection of the records). */
  summaries: CompetenceSummaryRepository;
  requests: ValidationRequestRepository;
  selfAssessments: SelfAssessmentRepository;
  comments: ValidationCommentRepository;
  files: TutorFileRepository;
  notifications: NotificationRepository;
  tutoring: TutoringRepository;
  scans: ValidationScanStore;
  traces: PortfolioTraceCatalog;
  /** For the portfolio: validators may read the traces cited in requests they can decide on. */
  evidenceGrants: ValidationEvidenceGrants;
  /** The validators' queue: pending requests of whom they follow, its size, the home's overview. */
  queue: ValidationQueue;
  /** One request as its validator reads and decides it. */
  review: RequestReview;
  /** The course's learners × competences, filtered and sorted. */
  cohort: CohortMatrixQuery;
  /** The course's validation rules as its teachers set them. */
  settings: CourseSettingsService;
  /** The trainers' home: roster, queue at a glance, learners needing attention. */
  trainerHome: TrainerHome;
  /** What the hourly reminder job reads and writes. */
  reminders: ReminderSources;
  /** The learner's own competences, referent and request form. */
  learner: LearnerCompetences;
  /** One competence of one learner, for the learner or a trainer who follows them. */
  competences: CompetenceViews;
  /** A learner's file for their trainers: notes, contact log, competences. */
  learnerFiles: LearnerFiles;
  /** Scans of paper forms: stored for who may enter them, opened by who may see them. */
  paperScans: PaperScans;
}

/** The jury dossier: the learner's choice, the tutor's synthesis, the assembled dossier, juries. */
export interface DossierParts {
  service: DossierService;
  syntheses: TutorSyntheses;
  /** Links for people without an LMS account (jury members, placement supervisors). */
  links: AccessLinks;
  juries: Juries;
  certification: CertificationRecords;
}

export interface Container {
  /** For tests, the bench and the CLI only: routes and jobs go through the repositories. */
  models: LtiModels;
  /** Prometheus metrics (/metrics). */
  metrics: CarnetMetrics;
  people: PeopleRepository;
  platforms: PlatformRegistry;
  /** Operators' actions on registrations (CLI, operator page, dynamic registration's activation). */
  platformAdmin: PlatformAdmin;
  invitations: RegistrationInvitations;
  audit: AuditLog;
  /** The one client for every call to a platform (SSRF guard, size and time caps). */
  outbound: OutboundFetch;
  sessions: SessionStore;
  keys: ToolKeys;
  jwks: JwksCache;
  tool: ToolDescription;
  frameworks: FrameworkRepository;
  /** Framework files previewed and waiting for their import to be confirmed. */
  frameworkDrafts: FrameworkDraftRepository;
  /** The frameworks a teacher may attach to a new placement (deep linking). */
  placementFrameworks: PlacementFrameworks;
  /** Open Badges 3.0 credentials for validated competences, their issuer keys and status lists. */
  credentials: CredentialParts;
  courseSettings: CourseSettingsRepository;
  tokens: PlatformTokens;
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
}

/** @deprecated name kept while routers move to narrow dependencies; use Container. */
export type Services = Container;

export function buildContainer(deps: ContainerDeps): Container {
  const { clock, config } = deps;
  const connection = deps.mongo.carnet;
  const models = ltiModels(connection);
  const frameworkStore = frameworkModels(connection);
  const people = new PeopleRepository(models);
  const platforms = new PlatformRegistry(models.Platform, clock);
  const keys = new ToolKeys(new LtijsToolKeyStore(deps.lti), platforms);
  const outbound =
    deps.outbound ?? createOutboundFetch({ allowlist: parseOutboundAllowlist(config.outboundAllowlist) });
  const audit = new AuditRepository(auditModel(connection));
  const invitations = new RegistrationInvitations(invitationModel(connection), clock);
  const tool = describeTool(config.baseUrl, config.lti);
  const platformAdmin = new PlatformAdmin({
    platforms,
    invitations,
    registerUrl: tool.urls.register,
    keys,
    audit,
    clock,
    urlPolicy: policyFor(config),
  });
  const tokens = new PlatformTokens(keys, clock, outbound);
  // Long Markdown, revision diffs and framework files are worked on off the event loop.
  const workers = new WorkerPool();
  const frameworks = new FrameworkRepository(
    { ...frameworkStore, Placement: models.Placement },
    clock,
    (input) => workers.run("framework", input),
  );
  const courseSettings = new CourseSettingsRepository(frameworkStore, clock);
  const tutoring = new TutoringRepository({ ...tutoringModels(connection), Membership: models.Membership });
  const teachingScopes = new TeachingScopes(tutoring);
  const portfolioStore = new PortfolioRepository(portfolioModels(connection));

  const rosterSync = new RosterSync(
    new CourseRosterRepository(models, clock),
    platforms,
    tokens,
    clock,
    deps.logger,
    outbound,
  );
  const validationStore = validationModels(connection);
  const summaries = new CompetenceSummaryRepository(summaryModel(connection), frameworks);
  const records = new CompetenceRecordRepository(validationStore, frameworks, summaries, deps.logger);
  const requests = new ValidationRequestRepository(validationStore);
  const selfAssessments = new SelfAssessmentRepository(validationStore);
  const comments = new ValidationCommentRepository(validationStore);
  const notifications = new NotificationRepository(validationStore);
  const traces = new PortfolioTraceCatalog(portfolioStore);
  const evidenceGrants = new ValidationEvidenceGrants(teachingScopes, records);
  const credentials = buildCredentials({
    connection,
    clock,
    baseUrl: config.baseUrl,
    secret: config.ltiKey,
    records,
    portfolioStore,
    people,
    frameworks,
  });
  const attachments = new GridFsAttachmentStore(connection);
  const roster: CourseRoster = {
    learnerCourses: async (platformId, userId) =>
      (await people.coursesOf(platformId, userId, ["learner"])).map((course) => ({
        deploymentId: course.deploymentId,
        contextId: course.contextId,
      })),
    teachersOf: (platformId, course) => tutoring.courseValidators({ platformId, ...course }),
  };
  const portfolio = buildPortfolio({
    store: portfolioStore,
    drafts: new TraceDraftRepository(traceDraftModel(connection)),
    attachments,
    tutoring,
    roster,
    frameworks,
    scopes: teachingScopes,
    people,
    clock,
    newId: randomUUID,
    log: deps.logger,
    uploadMaxBytes: config.uploadMaxBytes,
    evidenceGrants,
    notifier: notifications,
    wordDiffs: (pairs) => workers.run("diff", pairs),
  });

  const service = new ValidationService({
    records,
    requests,
    selfAssessments,
    comments,
    notifications,
    directory: tutoring,
    teachingScopes,
    frameworks,
    rules: courseSettings,
    traces,
    readable: portfolio.lists,
    clock,
    newId: randomUUID,
    onWithdrawn: (key) => credentials.service.validationWithdrawn(key),
  });
  const queue = new ValidationQueue({ scopes: teachingScopes, summaries, rules: courseSettings, clock });
  const learner = new LearnerCompetences({
    access: service,
    frameworks,
    rules: courseSettings,
    records,
    traces,
    people,
    clock,
  });
  const files = new TutorFileRepository(validationStore);
  const scans = new ValidationScanStore(connection);
  const validation: ValidationParts = {
    models: validationStore,
    service,
    records,
    summaries,
    requests,
    selfAssessments,
    comments,
    files,
    notifications,
    tutoring,
    scans,
    traces,
    evidenceGrants,
    queue,
    trainerHome: new TrainerHome({
      queue,
      roster: rosterSync,
      people,
      frameworks,
      summaries,
      rules: courseSettings,
      clock,
    }),
    cohort: new CohortMatrixQuery({
      frameworks,
      rules: courseSettings,
      people,
      summaries,
      scopes: teachingScopes,
      roster: rosterSync,
      log: deps.logger,
      clock,
    }),
    settings: new CourseSettingsService({ rules: courseSettings, frameworks, people }),
    reminders: {
      records,
      summaries,
      notifications,
      directory: tutoring,
      rules: courseSettings,
      people,
      markers: new JobMarkerRepository(validationStore),
    },
    review: new RequestReview({
      requests,
      access: service,
      decisions: service,
      frameworks,
      rules: courseSettings,
      records,
      traces,
      clock,
    }),
    learner,
    competences: new CompetenceViews({
      access: service,
      frameworks,
      rules: courseSettings,
      records,
      selfAssessments,
      comments,
      people,
      traces,
      readable: portfolio.lists,
      clock,
    }),
    learnerFiles: new LearnerFiles({ access: service, courses: learner, people, records, files, clock }),
    paperScans: new PaperScans({
      access: service,
      paper: service,
      store: scans,
      maxBytes: config.uploadMaxBytes,
    }),
  };

  const tutoringSessions = buildSessions({
    connection,
    directory: new TutoringSessionDirectory(tutoring),
    people,
    notifications,
    clock,
  });

  const dossier = buildDossier({
    attendance: tutoringSessions.attendance,
    notifications,
    connection,
    clock,
    config,
    portfolioStore,
    attachments,
    people,
    frameworks,
    courseSettings,
    records,
    audit,
  });
  const gradeRepos = gradeRepositories(connection, models);
  const metrics = new CarnetMetrics({ outboxBacklog: () => gradeRepos.outbox.backlog(clock.now()) });
  deps.mongo.observeCommands((command, succeeded, ms) => metrics.databaseCommand(command, succeeded, ms));

  const support = buildSupport({
    connection,
    people,
    tutoring,
    rules: courseSettings,
    teachingScopes,
    notifications,
    clock,
    retentionDays: config.supportRetentionDays,
  });
  const placements = buildPlacements({
    connection,
    links: dossier.links,
    validation: service,
    records,
    frameworks,
    courseSettings,
    portfolioStore,
    people,
    signals: support.signals,
    audit,
    clock,
  });

  return {
    models,
    metrics,
    people,
    platforms,
    platformAdmin,
    invitations,
    audit,
    outbound,
    sessions: new SessionStore(models, clock, config.sessionTtlMs),
    keys,
    jwks: new JwksCache({ clock, fetchJson: deps.fetchJson ?? ((url) => fetchPlatformJson(outbound, url)) }),
    tool,
    frameworks,
    frameworkDrafts: new FrameworkDraftRepository(frameworkStore, clock),
    placementFrameworks: new PlacementFrameworks(frameworks),
    credentials,
    courseSettings,
    tokens,
    roster: rosterSync,
    teachingScopes,
    support,
    inbox: new NotificationInbox(notifications, clock),
    portfolio,
    tutoringSessions,
    tutoring: buildTutoring({
      connection,
      store: tutoring,
      people,
      notifications,
      roster: rosterSync,
      clock,
      scopes: teachingScopes,
      referents: {
        referentOf: async (scope) => (await courseSettings.get(scope)).referentUserId ?? null,
      },
      sessions: tutoringSessions.facts,
      syntheses: dossier.syntheses,
    }),
    validation,
    dossier,
    placements,
    grading: buildGradingServices({
      repositories: gradeRepos,
      progress: records,
      tokens,
      fetchImpl: outbound,
      clock,
    }),
    workers,
    markdown: new MarkdownRenderer((sources) => workers.run("markdown", sources)),
    dataRights: buildDataRights({ connection, audit, clock }),
  };
}

function buildDossier(parts: {
  attendance: AttendanceSource;
  notifications: NotificationSink;
  connection: MongoConnection["carnet"];
  clock: Clock;
  config: Config;
  portfolioStore: PortfolioRepository;
  attachments: GridFsAttachmentStore;
  people: PeopleRepository;
  frameworks: FrameworkRepository;
  courseSettings: CourseSettingsRepository;
  records: CompetenceRecordRepository;
  audit: AuditLog;
}): DossierParts {
  const models = dossierModels(parts.connection);
  const selections = new DossierSelectionRepository(models);
  const syntheses = new TutorSyntheses({
    store: new SynthesisRepository(models),
    clock: parts.clock,
    newId: randomUUID,
    notifications: parts.notifications,
  });
  const assembler = new DossierAssembler({
    rules: parts.courseSettings,
    frameworks: parts.frameworks,
    records: parts.records,
    people: parts.people,
    traces: parts.portfolioStore,
    selections,
    syntheses,
    attendance: parts.attendance,
    clock: parts.clock,
  });
  const service = new DossierService({
    assembler,
    traces: parts.portfolioStore,
    selections,
    attachments: parts.attachments,
    clock: parts.clock,
    archiveMaxBytes: parts.config.dossierMaxBytes,
  });
  const access = accessModels(parts.connection);
  const links = new AccessLinks({
    store: new AccessLinkRepository(access),
    tokens: new LinkTokens(parts.config.ltiKey),
    clock: parts.clock,
    newId: randomUUID,
  });
  const juries = new Juries({
    store: new JuryRepository(access),
    links,
    people: parts.people,
    audit: parts.audit,
    clock: parts.clock,
    newId: randomUUID,
  });
  const certification = new CertificationRecords({
    rules: parts.courseSettings,
    frameworks: parts.frameworks,
    records: parts.records,
    people: parts.people,
  });
  return { service, syntheses, links, juries, certification };
}
