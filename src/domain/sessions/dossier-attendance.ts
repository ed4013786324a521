// What the jury dossier shows of a learner's sessions: the group sessions held that they were convened
// to, with their attendance, and the individual interviews completed — dates, kinds and titles only.
// Nothing an interview or a report says leaves here (interviews are confidential, reports are the group's).
import type { AttendanceSource } from "../dossier/ports.js";
import type { DossierSubject, SessionAttendance } from "../dossier/dossier.js";
import { hasStarted, isCancelled, markOf, type GroupSession } from "./group-session.js";
import type { Interview } from "./interview.js";
import type { InterviewStore } from "./interviews.js";
import type { GroupSessionStore } from "./ports.js";

/**
 * The learner's attendance, oldest first. Sessions and interviews follow the tutoring relation, which
 * outlives a course: they are read on the whole platform, like the tutor's synthesis.
 */
export function attendanceRows(
  learnerId: string,
  sessions: readonly GroupSession[],
  interviews: readonly Interview[],
  now: Date,
): SessionAttendance[] {
  const held: SessionAttendance[] = sessions
    .filter(
      (session) => !isCancelled(session) && hasStarted(session, now) && session.invitees.includes(learnerId),
    )
    .map((session) => ({
      kind: "group_session",
      at: session.startsAt,
      title: session.title,
      group: session.groupName,
      mark: markOf(session, learnerId) ?? "unrecorded",
    }));
  const completed: SessionAttendance[] = interviews
    .filter((interview) => interview.learnerId === learnerId && interview.completedAt !== null)
    .map((interview) => ({
      kind: "interview",
      at: interview.plannedAt ?? interview.completedAt ?? interview.createdAt,
      title: "",
      group: "",
      number: interview.number,
      mark: "completed",
    }));
  return [...held, ...completed].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The dossier's AttendanceSource, read from the sessions' stores. */
export class DossierAttendanceSource implements AttendanceSource {
  constructor(
    private readonly deps: {
      sessions: Pick<GroupSessionStore, "ofInvitees">;
      interviews: Pick<InterviewStore, "ofLearner">;
      clock: { now(): Date };
    },
  ) {}

  async attendanceOf(subject: DossierSubject): Promise<SessionAttendance[]> {
    const { platformId, learnerId } = subject;
    const [sessions, interviews] = await Promise.all([
      this.deps.sessions.ofInvitees(platformId, [learnerId]),
      this.deps.interviews.ofLearner(platformId, learnerId),
    ]);
    return attendanceRows(learnerId, sessions, interviews, this.deps.clock.now());
  }
}
