// Wires the portfolio service to its stores on Carnet's connection (called once, from buildServices).
import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import type { Clock } from "../clock.js";
import type { FrameworkCatalog } from "../domain/frameworks/catalog.js";
import type {
  CourseRoster,
  EvidenceGrantSource,
  PortfolioLog,
  TraceNotifier,
} from "../domain/portfolio/ports.js";
import { PortfolioService } from "../domain/portfolio/service.js";
import { GridFsAttachmentStore } from "./attachments.js";
import { ltiModels } from "./models/lti-models.js";
import { portfolioModels } from "./models/portfolio-models.js";
import { tutoringModels } from "./models/tutoring-models.js";
import { PeopleRepository } from "./people-repository.js";
import { PortfolioRepository } from "./portfolio-repository.js";
import { TutoringRepository } from "./tutoring-repository.js";

export interface PortfolioStoreDeps {
  connection: Connection;
  clock: Clock;
  log: PortfolioLog;
  frameworks: FrameworkCatalog;
  uploadMaxBytes: number;
  evidenceGrants?: EvidenceGrantSource;
  /** The validation area's in-app notifications (NotificationRepository). */
  notifications?: TraceNotifier;
}

export function buildPortfolioService(deps: PortfolioStoreDeps): PortfolioService {
  const lti = ltiModels(deps.connection);
  const people = new PeopleRepository(lti);
  const tutoring = new TutoringRepository({ ...tutoringModels(deps.connection), Membership: lti.Membership });
  const roster: CourseRoster = {
    learnerCourses: async (platformId, userId) =>
      (await people.coursesOf(platformId, userId, ["learner"])).map((course) => ({
        deploymentId: course.deploymentId,
        contextId: course.contextId,
      })),
    teachersOf: (platformId, course) => tutoring.courseValidators({ platformId, ...course }),
  };
  return new PortfolioService({
    store: new PortfolioRepository(portfolioModels(deps.connection)),
    attachments: new GridFsAttachmentStore(deps.connection),
    tutoring,
    roster,
    frameworks: deps.frameworks,
    clock: deps.clock,
    newId: randomUUID,
    log: deps.log,
    uploadMaxBytes: deps.uploadMaxBytes,
    ...(deps.evidenceGrants ? { evidenceGrants: deps.evidenceGrants } : {}),
    ...(deps.notifications ? { notifier: deps.notifications } : {}),
  });
}
