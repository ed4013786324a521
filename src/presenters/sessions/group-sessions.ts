// Group sessions → view models: the list of one's sessions, a session's page (with the forms its viewer
// may use) and the scheduling form, typed values shown again after a refusal.
import type { Actor } from "../../domain/actor.js";
import { namesOf } from "../../domain/people/people.js";
import type { AgendaSession } from "../../domain/sessions/agenda-templates.js";
import {
  acknowledged,
  hasStarted,
  isCancelled,
  markOf,
  ATTENDANCE_MARKS,
  type GroupSession,
} from "../../domain/sessions/group-session.js";
import { localOf } from "../../domain/sessions/local-time.js";
import type { SessionGroup } from "../../domain/sessions/ports.js";
import type { Translate } from "../../i18n/i18n.js";
import { abilities } from "../../policies/policy.js";
import { groupSessionPolicy } from "../../policies/tutoring-sessions.js";
import { typedInForm, typedValue, type TypedForm, type TypedValues } from "../typed-values.js";
import type { SessionsView } from "./view.js";
import { slotOf } from "./when.js";
import { nameOr } from "../person-name.js";

export interface SessionView extends SessionsView {
  now: Date;
}

export interface SessionRow {
  href: string;
  title: string;
  group: string;
  when: string;
  where: string;
  cancelled: boolean;
  past: boolean;
  /** For a tutee: a report waits for their acknowledgement. */
  toAcknowledge: boolean;
}

export function sessionRow(actor: Actor, session: GroupSession, view: SessionView): SessionRow {
  return {
    href: `${view.base}/sessions/${session.id}`,
    title: session.title,
    group: session.groupName,
    when: slotOf(session.startsAt, session.endsAt, view.locale, view.timeZone),
    where: session.place ?? view.t("sessions:page.video"),
    cancelled: isCancelled(session),
    past: hasStarted(session, view.now),
    toAcknowledge:
      session.invitees.includes(actor.userId) &&
      session.report !== null &&
      !acknowledged(session, actor.userId),
  };
}

export interface PlanFields {
  title: string;
  date: string;
  time: string;
  durationMinutes: string;
  place: string;
  videoUrl: string;
  agenda: string;
}

/** The plan form's values: what was typed after a refusal, else the session's or the proposal's. */
export function planFields(
  source: { session: GroupSession; timeZone: string } | { proposal: AgendaSession | null; number: number },
  typed: TypedValues | undefined,
  t: Translate,
): PlanFields {
  const base: PlanFields =
    "session" in source
      ? {
          title: source.session.title,
          ...localOf(source.session.startsAt, source.timeZone),
          durationMinutes: String(
            Math.round((source.session.endsAt.getTime() - source.session.startsAt.getTime()) / 60_000),
          ),
          place: source.session.place ?? "",
          videoUrl: source.session.videoUrl ?? "",
          agenda: source.session.agenda.join("\n"),
        }
      : {
          title: t("sessions:schedule.defaultTitle", {
            number: source.number,
            theme: source.proposal?.title ?? "",
          }),
          date: "",
          time: "",
          durationMinutes: "120",
          place: "",
          videoUrl: "",
          agenda: source.proposal?.items.join("\n") ?? "",
        };
  if (!typed) return base;
  const keep = (name: keyof PlanFields): string => typedValue(typed, name) ?? base[name];
  return {
    title: keep("title"),
    date: keep("date"),
    time: keep("time"),
    durationMinutes: keep("durationMinutes"),
    place: keep("place"),
    videoUrl: keep("videoUrl"),
    agenda: keep("agenda"),
  };
}

export async function presentSession(
  actor: Actor,
  session: GroupSession,
  view: SessionView,
  typed?: TypedForm<"attendance" | "report">,
): Promise<{ title: string } & Record<string, unknown>> {
  const can = abilities(actor, groupSessionPolicy, session);
  const names = await namesOf(view.people, session.platformId, [session.tutorId, ...session.invitees]);
  const started = hasStarted(session, view.now);
  const cancelled = isCancelled(session);
  const open = !cancelled && started && can.manage;
  return {
    title: session.title,
    group: session.groupName,
    tutor: nameOr(names, session.tutorId, view.t),
    when: slotOf(session.startsAt, session.endsAt, view.locale, view.timeZone),
    place: session.place,
    videoUrl: session.videoUrl,
    agenda: session.agenda,
    cancelled,
    sequence: session.sequence,
    back: `${view.base}/sessions`,
    can: {
      change: can.manage && !cancelled && !started,
      attendance: open,
      report: open,
      acknowledge: can.acknowledge && session.report !== null && !acknowledged(session, actor.userId),
    },
    editHref: `${view.base}/sessions/${session.id}/edit`,
    cancelAction: `${view.base}/sessions/${session.id}/cancel`,
    attendanceAction: `${view.base}/sessions/${session.id}/attendance`,
    reportAction: `${view.base}/sessions/${session.id}/report`,
    acknowledgeAction: `${view.base}/sessions/${session.id}/acknowledge`,
    invitees: session.invitees.map((learnerId, index) => {
      const saved = markOf(session, learnerId);
      const mark = typedInForm(typed, "attendance", `mark-${learnerId}`) ?? saved;
      return {
        index,
        learnerId,
        name: names.get(learnerId) ?? view.t("validation:someone"),
        markLabel: saved ? view.t(`sessions:marks.${saved}`) : "",
        options: ATTENDANCE_MARKS.map((option) => ({
          value: option,
          checked: option === mark,
          label: view.t(`sessions:marks.${option}`),
        })),
        acknowledged: acknowledged(session, learnerId),
      };
    }),
    attendanceTaken: session.attendance.length > 0,
    report: session.report
      ? {
          discussed: session.report.discussed,
          nextSteps: session.report.nextSteps,
          at: session.report.writtenAt,
        }
      : null,
    reportForm: {
      discussed: typedInForm(typed, "report", "discussed") ?? session.report?.discussed ?? "",
      nextSteps: typedInForm(typed, "report", "nextSteps") ?? session.report?.nextSteps ?? "",
    },
    acknowledgedByMe: acknowledged(session, actor.userId),
  };
}

export function presentScheduleForm(
  group: Pick<SessionGroup, "id" | "name">,
  fields: PlanFields,
  view: Pick<SessionView, "base">,
  session?: GroupSession,
): Record<string, unknown> {
  return {
    group: group.name,
    fields,
    action: session ? `${view.base}/sessions/${session.id}` : `${view.base}/sessions/groups/${group.id}`,
    back: session ? `${view.base}/sessions/${session.id}` : `${view.base}/sessions`,
    editing: session !== undefined,
  };
}
