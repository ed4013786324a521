// The support area's part of the composition root: its repositories and services, built once.
import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import type { Clock } from "./clock.js";
import type { CourseScope } from "./domain/course.js";
import type { TeachingScopes } from "./domain/people/teaching-scopes.js";
import { CaseOpening } from "./domain/support/case-opening.js";
import { CaseWork } from "./domain/support/case-work.js";
import { supportPersonsFor } from "./domain/support/circle.js";
import { MachineSignals } from "./domain/support/machine-signs.js";
import { InboxSupportNotifier } from "./domain/support/notifier.js";
import { ProgrammeSupport } from "./domain/support/programme.js";
import type { SupportDeps } from "./domain/support/ports.js";
import { SupportRetention } from "./domain/support/retention.js";
import { SignalDesk } from "./domain/support/signal-desk.js";
import { SupportSpace } from "./domain/support/space.js";
import { SupportStanding } from "./domain/support/standing.js";
import type { NotificationSink } from "./domain/validation/ports.js";
import { ltiModels } from "./persistence/models/lti-models.js";
import { portfolioModels } from "./persistence/models/portfolio-models.js";
import { supportModels } from "./persistence/models/support-models.js";
import { validationModels } from "./persistence/models/validation-models.js";
import type { PeopleRepository } from "./persistence/people-repository.js";
import { SupportAccessRepository, SupportPurgeRepository } from "./persistence/support-access.js";
import { supportStores } from "./persistence/support-cases.js";
import { SupportDirectoryRepository, SupportSettingsRepository } from "./persistence/support-directory.js";
import { lastSignsOf, SupportFactsRepository } from "./persistence/support-facts.js";

export interface SupportParts {
  signals: SignalDesk;
  /** The programme's designated support persons. */
  programme: ProgrammeSupport;
  opening: CaseOpening;
  work: CaseWork;
  space: SupportSpace;
  standing: SupportStanding;
  settings: SupportSettingsRepository;
  retention: SupportRetention;
  /** The job raising the signs Carnet can check itself. */
  machine: MachineSignals;
  deps: SupportDeps;
}

export interface SupportPartsDeps {
  connection: Connection;
  people: PeopleRepository;
  tutoring: { tutorsOf(platformId: string, learnerId: string): Promise<string[]> };
  rules: { get(scope: CourseScope): Promise<{ referentUserId?: string }> };
  teachingScopes: Pick<TeachingScopes, "of">;
  notifications: NotificationSink;
  clock: Clock;
  /** Days a closed case is kept before it is purged. */
  retentionDays: number;
}

export function buildSupport(parts: SupportPartsDeps): SupportParts {
  const { connection, people, clock } = parts;
  const models = supportModels(connection);
  const lti = ltiModels(connection);
  const settings = new SupportSettingsRepository(models.Settings, lti.Membership, clock);
  const directory = new SupportDirectoryRepository({
    people,
    tutoring: parts.tutoring,
    rules: parts.rules,
    settings,
  });
  const stores = supportStores(models);
  const access = new SupportAccessRepository(models.Access);
  const purged = new SupportPurgeRepository(models.Purge);
  const notifier = new InboxSupportNotifier(parts.notifications);
  const deps: SupportDeps = { ...stores, access, directory, notifier, clock, newId: randomUUID };
  const learnerCourses = (platformId: string, learnerId: string): Promise<CourseScope[]> =>
    people.coursesOf(platformId, learnerId, ["learner"]);
  const validation = validationModels(connection);
  const portfolio = portfolioModels(connection);
  return {
    signals: new SignalDesk(deps),
    programme: new ProgrammeSupport(settings),
    opening: new CaseOpening(deps),
    work: new CaseWork(deps),
    space: new SupportSpace(deps, purged),
    standing: new SupportStanding({
      teachingScopes: parts.teachingScopes,
      learnerCourses,
      referentsOf: async (platformId, learnerId) => {
        const courses = await learnerCourses(platformId, learnerId);
        const all = await Promise.all(courses.map((course) => parts.rules.get(course)));
        return all.flatMap((rules) => (rules.referentUserId ? [rules.referentUserId] : []));
      },
      directory,
    }),
    settings,
    retention: new SupportRetention({ ...stores, access, purged, clock }, parts.retentionDays),
    machine: new MachineSignals({
      facts: new SupportFactsRepository({
        User: lti.User,
        Membership: lti.Membership,
        CompetenceRecord: validation.CompetenceRecord,
        lastSigns: (platformId, ids) =>
          lastSignsOf(
            {
              Trace: portfolio.Trace,
              ValidationRequest: validation.ValidationRequest,
              ContactLog: validation.ContactLog,
            },
            platformId,
            ids,
          ),
        // Programmes set no silence threshold of their own yet: the default applies.
        silentAfterWeeks: async () => new Map<string, number>(),
      }),
      signals: stores.signals,
      notifier,
      circle: (platformId, learnerId) => supportPersonsFor(directory, platformId, learnerId),
      clock,
      newId: randomUUID,
    }),
    deps,
  };
}
