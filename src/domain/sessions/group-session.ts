// A group session of a tutoring group: when and where it is, its agenda, whom it convenes, who came,
// and the report each tutee acknowledges. The convocation's iCalendar follows its sequence.

export const ATTENDANCE_MARKS = ["present", "absent", "excused"] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];

export type SessionStatus = "scheduled" | "cancelled";

export interface SessionReport {
  discussed: string;
  nextSteps: string;
  writtenBy: string;
  writtenAt: Date;
  /** Raised on each rewrite: tutees acknowledge one version. */
  version: number;
}

/** What scheduling (or rescheduling) decides. */
export interface SessionPlan {
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  videoUrl: string | null;
  agenda: string[];
}

export interface GroupSession extends SessionPlan {
  id: string;
  platformId: string;
  groupId: string;
  groupName: string;
  /** Who runs it: the group's tutor or peer tutor. */
  tutorId: string;
  /** The course the group belongs to (the programme whose agenda template applies). */
  deploymentId: string;
  contextId: string;
  /** Its rank among the group's sessions (1 = the first meeting, which absences make a warning sign). */
  number: number;
  /** The tutees convened (the group's members when it was scheduled or last changed). */
  invitees: string[];
  status: SessionStatus;
  /** iCalendar SEQUENCE: 0 when scheduled, raised by every change and by the cancellation. */
  sequence: number;
  attendance: { learnerId: string; mark: AttendanceMark }[];
  report: SessionReport | null;
  acknowledgements: { learnerId: string; version: number; at: Date }[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export function isCancelled(session: Pick<GroupSession, "status">): boolean {
  return session.status === "cancelled";
}

export function hasStarted(session: Pick<GroupSession, "startsAt">, now: Date): boolean {
  return session.startsAt.getTime() <= now.getTime();
}

export function markOf(session: Pick<GroupSession, "attendance">, learnerId: string): AttendanceMark | null {
  return session.attendance.find((entry) => entry.learnerId === learnerId)?.mark ?? null;
}

export function acknowledged(
  session: Pick<GroupSession, "acknowledgements" | "report">,
  learnerId: string,
): boolean {
  const version = session.report?.version;
  return (
    version !== undefined &&
    session.acknowledgements.some((ack) => ack.learnerId === learnerId && ack.version === version)
  );
}

/** The calendar UID of a session: never changes, so updates and cancellations replace the event. */
export function sessionUid(session: Pick<GroupSession, "id">, host: string): string {
  return `session-${session.id}@${host}`;
}
