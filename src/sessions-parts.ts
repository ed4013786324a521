// The sessions area's part of the composition root: group sessions, interviews, agenda templates, the
// convocation outbox and the facts the tutor workspace shows, built once.
import type { Connection } from "mongoose";
import type { Clock } from "./clock.js";
import type { PeopleDirectory } from "./domain/people/people.js";
import { DossierAttendanceSource } from "./domain/sessions/dossier-attendance.js";
import { GroupSessions } from "./domain/sessions/group-sessions.js";
import { Interviews } from "./domain/sessions/interviews.js";
import { DEFAULT_TIME_ZONE } from "./domain/sessions/local-time.js";
import { SessionFactsSource } from "./domain/sessions/session-facts.js";
import type { AgendaTemplateStore, SessionDirectory } from "./domain/sessions/ports.js";
import type { NotificationSink } from "./domain/validation/ports.js";
import { agendaTemplateStore } from "./persistence/agenda-templates.js";
import { GroupSessionRepository, groupSessionModel } from "./persistence/group-sessions.js";
import { InterviewRepository, interviewModel } from "./persistence/interviews.js";

export interface SessionsParts {
  groupSessions: GroupSessions;
  interviews: Interviews;
  templates: AgendaTemplateStore;
  directory: SessionDirectory;
  /** The convocation e-mails still due (the job reads it). */
  convocations: GroupSessionRepository;
  /** Next session and absences per tutee, for the tutor workspace. */
  facts: SessionFactsSource;
  /** Sessions held and interviews completed, for the jury dossier (dates and kinds, never their text). */
  attendance: DossierAttendanceSource;
  timeZone: string;
}

export interface SessionsPartsDeps {
  connection: Connection;
  /** Tutoring groups and relations, as the sessions read them. */
  directory: SessionDirectory;
  people: Pick<PeopleDirectory, "people">;
  notifications: NotificationSink;
  clock: Clock;
}

export function buildSessions(deps: SessionsPartsDeps): SessionsParts {
  const { connection, clock, notifications } = deps;
  const timeZone = DEFAULT_TIME_ZONE;
  const store = new GroupSessionRepository(groupSessionModel(connection));
  const templates = agendaTemplateStore(connection);
  const { directory } = deps;
  const interviewStore = new InterviewRepository(interviewModel(connection));
  return {
    groupSessions: new GroupSessions({
      store,
      groups: directory,
      templates,
      people: deps.people,
      notifications,
      clock,
      timeZone,
    }),
    interviews: new Interviews({
      store: interviewStore,
      tutors: directory,
      notifications,
      clock,
      timeZone,
    }),
    templates,
    directory,
    convocations: store,
    facts: new SessionFactsSource(store),
    attendance: new DossierAttendanceSource({ sessions: store, interviews: interviewStore, clock }),
    timeZone,
  };
}
