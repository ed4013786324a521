// Builds the validation area's repositories and use cases once, for the composition root.
import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import type { Clock } from "../clock.js";
import type { FrameworkCatalog } from "../domain/frameworks/catalog.js";
import type { CourseRulesReader, TraceCatalog } from "../domain/validation/ports.js";
import { ValidationService } from "../domain/validation/service.js";
import { CompetenceRecordRepository } from "./competence-records.js";
import { CompetenceSummaryRepository, summaryModel } from "./competence-summaries.js";
import type { LtiModels } from "./models/lti-models.js";
import { tutoringModels } from "./models/tutoring-models.js";
import { validationModels, type ValidationModels } from "./models/validation-models.js";
import { NotificationRepository } from "./notifications.js";
import { SelfAssessmentRepository } from "./self-assessments.js";
import { TutorFileRepository } from "./tutor-files.js";
import { TutoringRepository } from "./tutoring-repository.js";
import { ValidationCommentRepository } from "./validation-comments.js";
import { EMPTY_TRACE_CATALOG, ValidationEvidenceGrants } from "./validation-evidence.js";
import { ValidationRequestRepository } from "./validation-requests.js";
import { ValidationScanStore } from "./validation-scans.js";

export interface ValidationBundle {
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
  traces: TraceCatalog;
  /** For the portfolio: validators may read the traces cited in requests they can decide on. */
  evidenceGrants: ValidationEvidenceGrants;
}

export interface ValidationBundleDeps {
  connection: Connection;
  lti: Pick<LtiModels, "Membership">;
  frameworks: FrameworkCatalog;
  rules: CourseRulesReader;
  clock: Clock;
  /** The portfolio's traces, once that area is wired; none otherwise. */
  traces?: TraceCatalog;
}

export function buildValidation(deps: ValidationBundleDeps): ValidationBundle {
  const models = validationModels(deps.connection);
  const summaries = new CompetenceSummaryRepository(summaryModel(deps.connection), deps.frameworks);
  const records = new CompetenceRecordRepository(models, deps.frameworks, summaries);
  const requests = new ValidationRequestRepository(models);
  const selfAssessments = new SelfAssessmentRepository(models);
  const comments = new ValidationCommentRepository(models);
  const notifications = new NotificationRepository(models);
  const tutoring = new TutoringRepository({
    ...tutoringModels(deps.connection),
    Membership: deps.lti.Membership,
  });
  const traces = deps.traces ?? EMPTY_TRACE_CATALOG;
  const service = new ValidationService({
    records,
    requests,
    selfAssessments,
    comments,
    notifications,
    directory: tutoring,
    frameworks: deps.frameworks,
    rules: deps.rules,
    traces,
    clock: deps.clock,
    newId: randomUUID,
  });
  return {
    models,
    service,
    records,
    summaries,
    requests,
    selfAssessments,
    comments,
    files: new TutorFileRepository(models),
    notifications,
    tutoring,
    scans: new ValidationScanStore(deps.connection),
    traces,
    evidenceGrants: new ValidationEvidenceGrants(models, tutoring),
  };
}
