// The dossier area's part of the composition root: the learner's choice, the tutor's synthesis, the assembled
// dossier, links for people without an LMS account, juries and the certification record.
import { randomUUID } from "node:crypto";
import type { Clock } from "./clock.js";
import type { Config } from "./config/config.js";
import type { AuditLog } from "./domain/audit/audit-log.js";
import { AccessLinks } from "./domain/dossier/access-links.js";
import { DossierAssembler } from "./domain/dossier/assemble.js";
import { CertificationRecords } from "./domain/dossier/certification.js";
import { Juries } from "./domain/dossier/juries.js";
import { LinkTokens } from "./domain/dossier/link-tokens.js";
import { DossierService } from "./domain/dossier/service.js";
import type { AttendanceSource } from "./domain/dossier/ports.js";
import { TutorSyntheses } from "./domain/dossier/synthesis.js";
import type { NotificationSink } from "./domain/validation/ports.js";
import { AccessLinkRepository, JuryRepository } from "./persistence/access-repository.js";
import type { GridFsAttachmentStore } from "./persistence/attachments.js";
import type { CompetenceRecordRepository } from "./persistence/competence-records.js";
import type { MongoConnection } from "./persistence/connection.js";
import type { CourseSettingsRepository } from "./persistence/course-settings.js";
import { DossierSelectionRepository, SynthesisRepository } from "./persistence/dossier-repository.js";
import type { FrameworkRepository } from "./persistence/framework-repository.js";
import { accessModels } from "./persistence/models/access-models.js";
import { dossierModels } from "./persistence/models/dossier-models.js";
import type { PeopleRepository } from "./persistence/people-repository.js";
import type { PortfolioRepository } from "./persistence/portfolio-repository.js";

/** The jury dossier: the learner's choice, the tutor's synthesis, the assembled dossier, juries. */
export interface DossierParts {
  service: DossierService;
  syntheses: TutorSyntheses;
  /** Links for people without an LMS account (jury members, placement supervisors). */
  links: AccessLinks;
  juries: Juries;
  certification: CertificationRecords;
}

export function buildDossier(parts: {
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
