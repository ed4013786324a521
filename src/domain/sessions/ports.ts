// What the sessions area reads and writes, implemented by repositories; every call is scoped by platform.
import type { CourseScope } from "../course.js";
import type { AgendaTemplate } from "./agenda-templates.js";
import type { AttendanceMark, GroupSession, SessionPlan, SessionReport } from "./group-session.js";

export type NewGroupSession = Omit<GroupSession, "id">;

export interface GroupSessionStore {
  create(session: NewGroupSession): Promise<GroupSession>;
  get(platformId: string, sessionId: string): Promise<GroupSession | null>;
  /**
   * Replaces the plan and invitees and raises the sequence, only if nobody changed the session since it
   * was read (`sequence` unchanged): false otherwise. Marks the convocations as due again.
   */
  reschedule(
    platformId: string,
    sessionId: string,
    sequence: number,
    change: SessionPlan & { invitees: string[]; updatedAt: Date },
  ): Promise<boolean>;
  cancel(platformId: string, sessionId: string, sequence: number, at: Date): Promise<boolean>;
  setAttendance(
    platformId: string,
    sessionId: string,
    attendance: { learnerId: string; mark: AttendanceMark }[],
    at: Date,
  ): Promise<void>;
  setReport(platformId: string, sessionId: string, report: SessionReport): Promise<void>;
  /** Records the acknowledgement of this report version (once). */
  acknowledge(
    platformId: string,
    sessionId: string,
    learnerId: string,
    version: number,
    at: Date,
  ): Promise<void>;
  /** Sessions not cancelled overlapping [from, to) where any of these people is tutor or invitee. */
  overlapping(platformId: string, people: readonly string[], from: Date, to: Date): Promise<GroupSession[]>;
  /** The group's sessions, cancelled ones included, by start. */
  ofGroup(platformId: string, groupId: string): Promise<GroupSession[]>;
  /** Sessions where these people are invited (cancelled ones included), by start. */
  ofInvitees(platformId: string, learnerIds: readonly string[]): Promise<GroupSession[]>;
  /** Sessions the person runs or is invited to, by start. */
  ofPerson(platformId: string, personId: string): Promise<GroupSession[]>;
}

/** A tutoring group as the sessions see it: its tutor and its members now. */
export interface SessionGroup {
  id: string;
  platformId: string;
  name: string;
  tutorId: string;
  /** The course it was made in (its programme). */
  course: CourseScope;
  members: string[];
}

export interface SessionGroups {
  /** The group if it exists and was not removed. */
  group(platformId: string, groupId: string): Promise<SessionGroup | null>;
}

/** What the sessions' pages ask of tutoring: groups to convene, tutees to interview. */
export interface SessionDirectory extends SessionGroups {
  /** The groups the person runs now (as tutor or peer tutor), by name. */
  runBy(platformId: string, tutorId: string): Promise<SessionGroup[]>;
  /** The groups made in a course, by name. */
  ofCourse(scope: CourseScope): Promise<SessionGroup[]>;
  /** Whom the person tutors now as a tutor (a peer tutor holds no interviews). */
  tuteesOf(platformId: string, tutorId: string): Promise<string[]>;
  isTutorOf(platformId: string, tutorId: string, learnerId: string): Promise<boolean>;
}

/** Each programme's agenda template (null: never edited, the default applies). */
export interface AgendaTemplateStore {
  get(scope: CourseScope): Promise<AgendaTemplate | null>;
  save(scope: CourseScope, template: AgendaTemplate, userId: string, at: Date): Promise<void>;
}

/** A convocation to e-mail: the session as it stands and the tutees whose last e-mail is older. */
export interface DueConvocation {
  session: GroupSession;
  learnerIds: string[];
}

/** The convocations still to e-mail (kept on each session: every change makes them due again). */
export interface ConvocationOutbox {
  dueConvocations(limit?: number): Promise<DueConvocation[]>;
  /** These tutees got the convocation of `sequence` (or have no address to get it at). */
  markMailed(
    platformId: string,
    sessionId: string,
    learnerIds: readonly string[],
    sequence: number,
  ): Promise<void>;
}
