// The tutoring area's part of the composition root: its repositories and services, built once.
import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import type { Clock } from "./clock.js";
import { TutorAppointments } from "./domain/tutoring/appointments.js";
import type { CourseScope } from "./domain/course.js";
import type { TeachingScopes } from "./domain/people/teaching-scopes.js";
import { CourseTutoring, type RosterRefresh } from "./domain/tutoring/course-tutoring.js";
import { TeamNotes } from "./domain/tutoring/team-notes.js";
import { TutorCsvImport } from "./domain/tutoring/csv-import.js";
import { TutoringGroups } from "./domain/tutoring/groups.js";
import { MentorScopeSync } from "./domain/tutoring/mentor-scope.js";
import { TutoringSettings } from "./domain/tutoring/settings.js";
import {
  NO_SESSIONS,
  TutorWorkspace,
  type TuteeSessionSource,
  type TuteeSynthesisSource,
} from "./domain/tutoring/workspace.js";
import type { NotificationSink } from "./domain/validation/ports.js";
import { summaryModel } from "./persistence/competence-summaries.js";
import { ltiModels } from "./persistence/models/lti-models.js";
import { portfolioModels } from "./persistence/models/portfolio-models.js";
import { validationModels } from "./persistence/models/validation-models.js";
import type { PeopleRepository } from "./persistence/people-repository.js";
import { teamNoteModel, TeamNoteRepository } from "./persistence/team-notes.js";
import { TuteeActivityRepository } from "./persistence/tutee-activity.js";
import { importDraftModel, TutoringImportDrafts } from "./persistence/tutoring-imports.js";
import type { TutoringRepository } from "./persistence/tutoring-repository.js";
import { tutoringSettingsStore } from "./persistence/tutoring-settings.js";

export interface TutoringParts {
  store: TutoringRepository;
  appointments: TutorAppointments;
  groups: TutoringGroups;
  csvImport: TutorCsvImport;
  /** Relations derived from the LMS's Mentor role and role_scope_mentor at launch. */
  mentorScope: MentorScopeSync;
  settings: TutoringSettings;
  workspace: TutorWorkspace;
  course: CourseTutoring;
  /** Notes shared by the people who follow a learner (never the learner's, never exported). */
  teamNotes: TeamNotes;
}

export interface TutoringPartsDeps {
  connection: Connection;
  store: TutoringRepository;
  people: PeopleRepository;
  notifications: NotificationSink;
  roster: RosterRefresh;
  clock: Clock;
  /** The sessions area's facts (next session, absences); none until it plugs in. */
  sessions?: TuteeSessionSource;
  /** Where each tutee's synthesis for the jury stands (the dossier area). */
  syntheses?: TuteeSynthesisSource;
  /** Whom a person follows (team notes). */
  scopes: Pick<TeachingScopes, "of">;
  /** The référent a course's settings name (team notes). */
  referents: { referentOf(scope: CourseScope): Promise<string | null> };
}

export function buildTutoring(deps: TutoringPartsDeps): TutoringParts {
  const { connection, store, people, notifications, clock } = deps;
  const appointments = new TutorAppointments({ store, people, notifications, clock });
  const settings = new TutoringSettings(tutoringSettingsStore(connection), people, clock);
  const lti = ltiModels(connection);
  const portfolio = portfolioModels(connection);
  const validation = validationModels(connection);
  const activity = new TuteeActivityRepository({
    User: lti.User,
    Trace: portfolio.Trace,
    TraceComment: portfolio.TraceComment,
    ValidationRequest: validation.ValidationRequest,
    ContactLog: validation.ContactLog,
    Summary: summaryModel(connection),
  });
  return {
    store,
    appointments,
    groups: new TutoringGroups({ store, appointments, clock }),
    csvImport: new TutorCsvImport({
      store,
      drafts: new TutoringImportDrafts(importDraftModel(connection)),
      newId: randomUUID,
      lookup: people,
      appointments,
      notifications,
      clock,
    }),
    mentorScope: new MentorScopeSync(store),
    settings,
    workspace: new TutorWorkspace({
      store,
      activity,
      sessions: deps.sessions ?? NO_SESSIONS,
      ...(deps.syntheses ? { syntheses: deps.syntheses } : {}),
      settings,
      people,
      clock,
    }),
    course: new CourseTutoring({ store, people, settings, roster: deps.roster }),
    teamNotes: new TeamNotes({
      store: new TeamNoteRepository(teamNoteModel(connection)),
      scopes: deps.scopes,
      courses: people,
      referents: deps.referents,
      clock,
      newId: randomUUID,
    }),
  };
}
