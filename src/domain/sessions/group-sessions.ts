// Group sessions' use cases: schedule from the programme's agenda, change or cancel before it starts
// (each a new calendar sequence, convocations due again), then attendance, the report and each tutee's
// acknowledgement. Refusals name their field; nothing is saved unless everything holds.
import type { Clock } from "../../clock.js";
import { ConflictError, found, NotFoundError, ValidationError } from "../../errors.js";
import type { Actor } from "../actor.js";
import { displayName, type PeopleDirectory } from "../people/people.js";
import type { NewNotification, NotificationSink } from "../validation/ports.js";
import { agendaFor, defaultAgenda, type AgendaSession } from "./agenda-templates.js";
import {
  ATTENDANCE_MARKS,
  hasStarted,
  isCancelled,
  type AttendanceMark,
  type GroupSession,
  type SessionPlan,
} from "./group-session.js";
import { localOf } from "./local-time.js";
import type { AgendaTemplateStore, GroupSessionStore, SessionGroup, SessionGroups } from "./ports.js";
import { checkedPlan, clashesOf, SESSION_LIMITS, type SessionPlanInput } from "./session-rules.js";

export interface GroupSessionsDeps {
  store: GroupSessionStore;
  groups: SessionGroups;
  templates: Pick<AgendaTemplateStore, "get">;
  people: Pick<PeopleDirectory, "people">;
  notifications: NotificationSink;
  clock: Clock;
  timeZone: string;
}

export type SessionNotice = "session_convened" | "session_updated" | "session_cancelled" | "session_report";

export interface ReportInput {
  discussed: string;
  nextSteps: string;
}

export class GroupSessions {
  constructor(private readonly deps: GroupSessionsDeps) {}

  /** The group (404 when it does not exist or was removed). */
  async group(platformId: string, groupId: string): Promise<SessionGroup> {
    return found(await this.deps.groups.group(platformId, groupId), "no such tutoring group");
  }

  /** The session (404 when it does not exist on this platform). */
  async session(platformId: string, sessionId: string): Promise<GroupSession> {
    return found(await this.deps.store.get(platformId, sessionId), "no such session");
  }

  ofGroup(group: SessionGroup): Promise<GroupSession[]> {
    return this.deps.store.ofGroup(group.platformId, group.id);
  }

  /** Sessions the actor runs or is convened to. */
  ofPerson(actor: Actor): Promise<GroupSession[]> {
    return this.deps.store.ofPerson(actor.platformId, actor.userId);
  }

  /** What the scheduling form proposes: the next session's number and its agenda from the template. */
  async proposal(
    group: SessionGroup,
    locale: string,
  ): Promise<{ number: number; agenda: AgendaSession | null }> {
    const number = await this.nextNumber(group);
    const template = (await this.deps.templates.get(group.course)) ?? defaultAgenda(locale);
    return { number, agenda: agendaFor(template, number) };
  }

  async schedule(actor: Actor, group: SessionGroup, input: SessionPlanInput): Promise<GroupSession> {
    const now = this.deps.clock.now();
    const plan = checkedPlan(input, now, this.deps.timeZone);
    const invitees = group.members.filter((id) => id !== group.tutorId);
    await this.refuseClashes(group.platformId, plan, [group.tutorId, ...invitees]);
    const session = await this.deps.store.create({
      platformId: group.platformId,
      groupId: group.id,
      groupName: group.name,
      tutorId: group.tutorId,
      deploymentId: group.course.deploymentId,
      contextId: group.course.contextId,
      number: await this.nextNumber(group),
      ...plan,
      invitees,
      status: "scheduled",
      sequence: 0,
      attendance: [],
      report: null,
      acknowledgements: [],
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await this.notify(session, "session_convened", now);
    return session;
  }

  /** A new plan before the session starts: a new sequence, the group's newcomers convened too. */
  async reschedule(
    actor: Actor,
    session: GroupSession,
    group: SessionGroup | null,
    input: SessionPlanInput,
  ): Promise<GroupSession> {
    const now = this.deps.clock.now();
    this.refuseIfClosed(session, now);
    const plan = checkedPlan(input, now, this.deps.timeZone);
    const newcomers = (group?.members ?? []).filter(
      (id) => id !== session.tutorId && !session.invitees.includes(id),
    );
    const invitees = [...session.invitees, ...newcomers];
    await this.refuseClashes(session.platformId, plan, [session.tutorId, ...invitees], session.id);
    const changed = await this.deps.store.reschedule(session.platformId, session.id, session.sequence, {
      ...plan,
      invitees,
      updatedAt: now,
    });
    if (!changed) throw new ConflictError("SESSION_CHANGED");
    const updated = await this.session(session.platformId, session.id);
    await this.notify(updated, "session_updated", now);
    return updated;
  }

  async cancel(_actor: Actor, session: GroupSession): Promise<GroupSession> {
    const now = this.deps.clock.now();
    this.refuseIfClosed(session, now);
    if (!(await this.deps.store.cancel(session.platformId, session.id, session.sequence, now)))
      throw new ConflictError("SESSION_CHANGED");
    const cancelled = await this.session(session.platformId, session.id);
    await this.notify(cancelled, "session_cancelled", now);
    return cancelled;
  }

  /** Who came, once the session has started: a mark for every tutee convened, none for anyone else. */
  async recordAttendance(
    _actor: Actor,
    session: GroupSession,
    marks: Record<string, string>,
  ): Promise<GroupSession> {
    const now = this.deps.clock.now();
    this.refuseUnlessHeld(session, now);
    const fields: Record<string, string> = {};
    const attendance: { learnerId: string; mark: AttendanceMark }[] = [];
    for (const learnerId of session.invitees) {
      const mark = ATTENDANCE_MARKS.find((candidate) => candidate === marks[learnerId]);
      if (mark) attendance.push({ learnerId, mark });
      else fields[`attendance.${learnerId}`] = "MARK_REQUIRED";
    }
    if (Object.keys(marks).some((id) => !session.invitees.includes(id))) fields.attendance = "NOT_CONVENED";
    if (Object.keys(fields).length > 0) throw new ValidationError("VALIDATION_FAILED", {}, fields);
    await this.deps.store.setAttendance(session.platformId, session.id, attendance, now);
    return this.session(session.platformId, session.id);
  }

  /** The report (discussed, next steps); rewriting it asks every tutee to acknowledge it again. */
  async writeReport(actor: Actor, session: GroupSession, input: ReportInput): Promise<GroupSession> {
    const now = this.deps.clock.now();
    this.refuseUnlessHeld(session, now);
    const discussed = input.discussed.trim();
    const nextSteps = input.nextSteps.trim();
    const fields: Record<string, string> = {};
    if (discussed === "") fields.discussed = "REPORT_REQUIRED";
    else if (discussed.length > SESSION_LIMITS.report) fields.discussed = "TOO_LONG";
    if (nextSteps.length > SESSION_LIMITS.report) fields.nextSteps = "TOO_LONG";
    if (Object.keys(fields).length > 0)
      throw new ValidationError("VALIDATION_FAILED", { ...SESSION_LIMITS }, fields);
    await this.deps.store.setReport(session.platformId, session.id, {
      discussed,
      nextSteps,
      writtenBy: actor.userId,
      writtenAt: now,
      version: (session.report?.version ?? 0) + 1,
    });
    const written = await this.session(session.platformId, session.id);
    await this.notify(written, "session_report", now);
    return written;
  }

  /** A convened tutee acknowledges the report as it stands (again after a rewrite). */
  async acknowledge(actor: Actor, session: GroupSession): Promise<GroupSession> {
    if (!session.invitees.includes(actor.userId)) throw new NotFoundError("NOT_FOUND", "not convened");
    if (!session.report) throw new ConflictError("NO_REPORT_YET");
    await this.deps.store.acknowledge(
      session.platformId,
      session.id,
      actor.userId,
      session.report.version,
      this.deps.clock.now(),
    );
    return this.session(session.platformId, session.id);
  }

  private async nextNumber(group: SessionGroup): Promise<number> {
    const sessions = await this.deps.store.ofGroup(group.platformId, group.id);
    return sessions.filter((session) => !isCancelled(session)).length + 1;
  }

  /** Changing or cancelling is for sessions still ahead and not cancelled. */
  private refuseIfClosed(session: GroupSession, now: Date): void {
    if (isCancelled(session)) throw new ConflictError("SESSION_CANCELLED");
    if (hasStarted(session, now)) throw new ConflictError("SESSION_STARTED");
  }

  /** Attendance and the report are for sessions that took place. */
  private refuseUnlessHeld(session: GroupSession, now: Date): void {
    if (isCancelled(session)) throw new ConflictError("SESSION_CANCELLED");
    if (!hasStarted(session, now)) throw new ConflictError("SESSION_NOT_HELD_YET");
  }

  private async refuseClashes(
    platformId: string,
    plan: SessionPlan,
    people: readonly string[],
    except?: string,
  ): Promise<void> {
    const busy = await this.deps.store.overlapping(platformId, people, plan.startsAt, plan.endsAt);
    const clashes = clashesOf(
      plan,
      people,
      busy.map((other) => ({ ...other, people: [other.tutorId, ...other.invitees] })),
      except,
    );
    const first = clashes[0];
    if (!first) return;
    const names = await this.deps.people.people(platformId, [first.personId]);
    const person = names.get(first.personId);
    const at = localOf(first.slot.startsAt, this.deps.timeZone);
    throw new ValidationError(
      "VALIDATION_FAILED",
      {
        person: person ? displayName(person) : first.personId,
        session: first.slot.title,
        date: at.date,
        time: at.time,
        count: clashes.length,
      },
      { date: "CLASH" },
    );
  }

  private async notify(session: GroupSession, kind: SessionNotice, now: Date): Promise<void> {
    const at = localOf(session.startsAt, this.deps.timeZone);
    const notices: NewNotification[] = session.invitees.map((userId) => ({
      platformId: session.platformId,
      userId,
      kind,
      params: { tutorId: session.tutorId, title: session.title, date: at.date, time: at.time },
      deploymentId: session.deploymentId,
      contextId: session.contextId,
      path: `sessions/${session.id}`,
    }));
    if (notices.length > 0) await this.deps.notifications.notify(notices, now);
  }
}
