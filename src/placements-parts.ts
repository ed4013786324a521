// The placement supervisors' part of the composition root: invitations (inviters' side) and the
// supervisor's desk (link side), over the dossier's access links, validation and support.
import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import type { Clock } from "./clock.js";
import type { AuditLog } from "./domain/audit/audit-log.js";
import type { AccessLinks } from "./domain/dossier/access-links.js";
import { PlacementInvitations } from "./domain/placements/invitations.js";
import { SupervisorDesk } from "./domain/placements/supervisor-desk.js";
import type { SignalDesk } from "./domain/support/signal-desk.js";
import { InvitedObservations } from "./domain/validation/invited-observation.js";
import type { ValidationService } from "./domain/validation/service.js";
import type { CompetenceRecordRepository } from "./persistence/competence-records.js";
import type { CourseSettingsRepository } from "./persistence/course-settings.js";
import type { FrameworkRepository } from "./persistence/framework-repository.js";
import { placementModels } from "./persistence/models/placement-models.js";
import type { PeopleRepository } from "./persistence/people-repository.js";
import { PlacementInvitationRepository } from "./persistence/placement-invitations.js";
import type { PortfolioRepository } from "./persistence/portfolio-repository.js";

export interface PlacementParts {
  /** The invitations' repository, for the invitation e-mail job. */
  store: PlacementInvitationRepository;
  invitations: PlacementInvitations;
  desk: SupervisorDesk;
  links: AccessLinks;
}

export interface PlacementPartsDeps {
  connection: Connection;
  links: AccessLinks;
  validation: Pick<ValidationService, "access">;
  records: CompetenceRecordRepository;
  frameworks: FrameworkRepository;
  courseSettings: CourseSettingsRepository;
  portfolioStore: PortfolioRepository;
  people: PeopleRepository;
  signals: Pick<SignalDesk, "recordFromInvitation">;
  audit: AuditLog;
  clock: Clock;
}

export function buildPlacements(parts: PlacementPartsDeps): PlacementParts {
  const store = new PlacementInvitationRepository(placementModels(parts.connection));
  const invitations = new PlacementInvitations({
    store,
    links: parts.links,
    following: async (actor, scope, learnerId) => {
      const { facts } = await parts.validation.access(actor, scope, learnerId);
      if (facts.teachesInCourse) return "teacher";
      return facts.tutorOfLearner ? "tutor" : null;
    },
    rules: parts.courseSettings,
    frameworks: parts.frameworks,
    traces: parts.portfolioStore,
    people: parts.people,
    audit: parts.audit,
    clock: parts.clock,
    newId: randomUUID,
  });
  const desk = new SupervisorDesk({
    store,
    frameworks: parts.frameworks,
    records: parts.records,
    traces: parts.portfolioStore,
    people: parts.people,
    observations: new InvitedObservations({
      records: parts.records,
      frameworks: parts.frameworks,
      rules: parts.courseSettings,
      clock: parts.clock,
      newId: randomUUID,
    }),
    signals: parts.signals,
    audit: parts.audit,
    clock: parts.clock,
  });
  return { store, invitations, desk, links: parts.links };
}
