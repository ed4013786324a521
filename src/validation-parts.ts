// The validation area's part of the composition root: its stores first (credentials, the portfolio and the
// dossier read them), then its use cases and the read models of its pages.
import { randomUUID } from "node:crypto";
import type { Model } from "mongoose";
import type { Clock } from "./clock.js";
import type { Config } from "./config/config.js";
import type { TeachingScopes } from "./domain/people/teaching-scopes.js";
import type { Portfolio } from "./domain/portfolio/portfolio.js";
import { CohortMatrixQuery } from "./domain/validation/cohort-matrix.js";
import { CompetenceViews } from "./domain/validation/competence-view.js";
import { CourseSettingsService } from "./domain/validation/course-settings.js";
import { ValidationEvidenceGrants } from "./domain/validation/evidence-grants.js";
import { LearnerCompetences } from "./domain/validation/learner-competences.js";
import { PaperScans } from "./domain/validation/paper-scans.js";
import type { FormativeComment, SelfAssessment } from "./domain/validation/ports.js";
import { ValidationQueue } from "./domain/validation/queue.js";
import { RequestReview } from "./domain/validation/request-review.js";
import { ValidationService } from "./domain/validation/service.js";
import { TrainerHome } from "./domain/validation/trainer-home.js";
import { LearnerFiles } from "./domain/validation/tutor-file.js";
import type { ReminderSources } from "./jobs/validation-reminders.js";
import type { RosterSync } from "./lti/roster-sync.js";
import type { Logger } from "./logger.js";
import { CompetenceHistoryRepository } from "./persistence/competence-histories.js";
import { CompetenceRecordRepository } from "./persistence/competence-records.js";
import { CohortRowRepository } from "./persistence/cohort-rows.js";
import { CompetenceSummaryRepository, summaryModel } from "./persistence/competence-summaries.js";
import type { MongoConnection } from "./persistence/connection.js";
import type { CourseSettingsRepository } from "./persistence/course-settings.js";
import type { CredentialParts } from "./persistence/credential-parts.js";
import type { FrameworkRepository } from "./persistence/framework-repository.js";
import { JobMarkerRepository } from "./persistence/job-markers.js";
import type { MembershipDoc } from "./persistence/models/lti-models.js";
import { validationModels, type ValidationModels } from "./persistence/models/validation-models.js";
import { NotificationRepository } from "./persistence/notifications.js";
import type { PeopleRepository } from "./persistence/people-repository.js";
import type { PortfolioRepository } from "./persistence/portfolio-repository.js";
import { QueueRowRepository } from "./persistence/queue-rows.js";
import { TutorFileRepository } from "./persistence/tutor-files.js";
import type { TutoringRepository } from "./persistence/tutoring-repository.js";
import { PortfolioTraceCatalog } from "./persistence/validation-evidence.js";
import { ValidationRequestRepository } from "./persistence/validation-requests.js";
import { ValidationScanStore } from "./persistence/validation-scans.js";

/** The validation area's repositories, built before the areas that read them. */
export interface ValidationStores {
  /** For tests and the bench only: routes and jobs go through the repositories. */
  models: ValidationModels;
  records: CompetenceRecordRepository;
  /** Compact per-learner rows for the cohort matrix and the queue (a projection of the records). */
  summaries: CompetenceSummaryRepository;
  requests: ValidationRequestRepository;
  selfAssessments: CompetenceHistoryRepository<SelfAssessment>;
  comments: CompetenceHistoryRepository<FormativeComment>;
  files: TutorFileRepository;
  notifications: NotificationRepository;
  scans: ValidationScanStore;
  traces: PortfolioTraceCatalog;
  /** For the portfolio: validators may read the traces cited in requests they can decide on. */
  evidenceGrants: ValidationEvidenceGrants;
}

/** The validation area's repositories and use cases. */
export interface ValidationParts extends ValidationStores {
  service: ValidationService;
  tutoring: TutoringRepository;
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

export function validationStores(deps: {
  connection: MongoConnection["carnet"];
  frameworks: FrameworkRepository;
  teachingScopes: TeachingScopes;
  portfolioStore: PortfolioRepository;
  logger: Logger;
}): ValidationStores {
  const models = validationModels(deps.connection);
  const summaries = new CompetenceSummaryRepository(summaryModel(deps.connection), deps.frameworks);
  const records = new CompetenceRecordRepository(models, deps.frameworks, summaries, deps.logger);
  return {
    models,
    records,
    summaries,
    requests: new ValidationRequestRepository(models),
    selfAssessments: new CompetenceHistoryRepository(models.SelfAssessment, "newest first"),
    comments: new CompetenceHistoryRepository(models.ValidationComment, "oldest first"),
    files: new TutorFileRepository(models),
    notifications: new NotificationRepository(models),
    scans: new ValidationScanStore(deps.connection),
    traces: new PortfolioTraceCatalog(deps.portfolioStore),
    evidenceGrants: new ValidationEvidenceGrants(deps.teachingScopes, records),
  };
}

/** What the validation use cases read from the rest of Carnet. */
export interface ValidationDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  frameworks: FrameworkRepository;
  courseSettings: CourseSettingsRepository;
  tutoring: TutoringRepository;
  teachingScopes: TeachingScopes;
  people: PeopleRepository;
  /** The course memberships the cohort matrix's rows follow. */
  memberships: Model<MembershipDoc>;
  roster: RosterSync;
  portfolio: Portfolio;
  credentials: CredentialParts;
}

export function buildValidation(stores: ValidationStores, deps: ValidationDeps): ValidationParts {
  const { clock, frameworks, courseSettings: rules, people } = deps;
  const { records, traces } = stores;
  const service = new ValidationService({
    records,
    requests: stores.requests,
    selfAssessments: stores.selfAssessments,
    comments: stores.comments,
    notifications: stores.notifications,
    traces,
    directory: deps.tutoring,
    teachingScopes: deps.teachingScopes,
    frameworks,
    rules,
    readable: deps.portfolio.lists,
    clock,
    newId: randomUUID,
    onWithdrawn: (key) => deps.credentials.service.validationWithdrawn(key),
  });
  const queue = validationQueue(stores, deps);
  const learner = new LearnerCompetences({
    access: service,
    frameworks,
    rules,
    records,
    traces,
    people,
    clock,
  });
  return {
    ...stores,
    service,
    tutoring: deps.tutoring,
    queue,
    learner,
    settings: new CourseSettingsService({ rules, frameworks, people }),
    review: new RequestReview({
      requests: stores.requests,
      access: service,
      decisions: service,
      frameworks,
      rules,
      records,
      traces,
      clock,
    }),
    learnerFiles: new LearnerFiles({
      access: service,
      courses: learner,
      people,
      records,
      files: stores.files,
      clock,
    }),
    paperScans: new PaperScans({
      access: service,
      paper: service,
      store: stores.scans,
      maxBytes: deps.config.uploadMaxBytes,
    }),
    ...trainerViews(stores, deps, queue),
    competences: new CompetenceViews({
      access: service,
      frameworks,
      rules,
      records,
      selfAssessments: stores.selfAssessments,
      comments: stores.comments,
      people,
      traces,
      readable: deps.portfolio.lists,
      clock,
    }),
  };
}

/** The validators' queue: its badge from the summary rows, its pages read in the database. */
function validationQueue(stores: ValidationStores, deps: ValidationDeps): ValidationQueue {
  return new ValidationQueue({
    scopes: deps.teachingScopes,
    summaries: stores.summaries,
    pages: new QueueRowRepository(stores.summaries.model),
    rules: deps.courseSettings,
    clock: deps.clock,
  });
}

/** The trainers' read models: their home, the cohort matrix, and what the reminder job reads. */
function trainerViews(
  stores: ValidationStores,
  deps: ValidationDeps,
  queue: ValidationQueue,
): Pick<ValidationParts, "trainerHome" | "cohort" | "reminders"> {
  const { clock, frameworks, courseSettings: rules, people, roster } = deps;
  const { summaries } = stores;
  return {
    trainerHome: new TrainerHome({ queue, roster, people, frameworks, summaries, rules, clock }),
    cohort: new CohortMatrixQuery({
      frameworks,
      rules,
      people,
      rows: new CohortRowRepository({
        summaries: summaries.model,
        memberships: deps.memberships,
        marks: stores.models.JobRun,
        people,
        layout: (platformId, frameworkId) => summaries.layout(platformId, frameworkId),
        clock,
      }),
      scopes: deps.teachingScopes,
      roster,
      log: deps.logger,
      clock,
    }),
    reminders: {
      records: stores.records,
      summaries,
      notifications: stores.notifications,
      directory: deps.tutoring,
      rules,
      people,
      markers: new JobMarkerRepository(stores.models),
    },
  };
}
