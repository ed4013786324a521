// The sessions page: one's group sessions (run or convened to), the groups one may convene, one's
// interviews (as tutee or tutor) and the form to open one with a tutee.
import { namesOf, type PeopleDirectory } from "../../../domain/people/people.js";
import { hasStarted } from "../../../domain/sessions/group-session.js";
import { abilities, can, guard } from "../../../policies/policy.js";
import { sessionGroupPolicy, sessionsLaunchPolicy } from "../../../policies/tutoring-sessions.js";
import { sessionRow } from "../../../presenters/sessions/group-sessions.js";
import { interviewRow } from "../../../presenters/sessions/interviews.js";
import type { SessionsParts } from "../../../sessions-parts.js";
import type { FormProblem } from "../../form-problem.js";
import { page, type PageResult, type RouteContext } from "../../route.js";

export interface SessionsDeps {
  sessions: SessionsParts;
  people: Pick<PeopleDirectory, "people">;
  clock: { now(): Date };
}

/** The sessions area's routes: each one's own rule is the session's or interview's policy (404). */
export const mine = guard(sessionsLaunchPolicy, "mine");

/** What the area's pages are built with from a route's context. */
export type Ctx = Pick<RouteContext<unknown>, "actor" | "t" | "locale" | "base">;

export async function sessionsPage(
  deps: SessionsDeps,
  ctx: Ctx,
  extra: { done?: string; problem?: FormProblem } = {},
): Promise<PageResult> {
  const { actor, t, locale, base } = ctx;
  const { groupSessions, interviews, directory, timeZone } = deps.sessions;
  const now = deps.clock.now();
  const view = { t, locale, base, timeZone, people: deps.people, now };
  const course = actor.contextId
    ? { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId }
    : null;
  const [mine, run, ofCourse, asTutee, asTutor, tutees] = await Promise.all([
    groupSessions.ofPerson(actor),
    directory.runBy(actor.platformId, actor.userId),
    course ? directory.ofCourse(course) : Promise.resolve([]),
    interviews.ofLearner(actor.platformId, actor.userId),
    interviews.ofTutor(actor.platformId, actor.userId),
    directory.tuteesOf(actor.platformId, actor.userId),
  ]);
  const groups = [...run, ...ofCourse.filter((group) => !run.some((own) => own.id === group.id))].filter(
    (group) => can(actor, sessionGroupPolicy, "schedule", group),
  );
  const names = await namesOf(deps.people, actor.platformId, [
    ...asTutee.map((interview) => interview.tutorId),
    ...asTutor.map((interview) => interview.learnerId),
    ...tutees,
  ]);
  const someone = t("validation:someone");
  const typedLearner = extra.problem?.values.learnerId;
  return page("pages/sessions/index", "sessions", {
    title: t("sessions:page.title"),
    done: extra.done ?? "",
    upcoming: mine.filter((session) => !hasStarted(session, now)).map((s) => sessionRow(actor, s, view)),
    past: mine
      .filter((session) => hasStarted(session, now))
      .reverse()
      .map((s) => sessionRow(actor, s, view)),
    groups: groups.map((group) => ({
      name: group.name,
      members: group.members.length,
      href: `${base}/sessions/groups/${group.id}/new`,
    })),
    interviews: [
      ...asTutee.map((interview) => interviewRow(interview, names.get(interview.tutorId) ?? someone, view)),
      ...asTutor.map((interview) => interviewRow(interview, names.get(interview.learnerId) ?? someone, view)),
    ],
    tutees: tutees.map((id) => ({ id, name: names.get(id) ?? someone, selected: id === typedLearner })),
    openAction: `${base}/interviews`,
    openValues: {
      date: typeof extra.problem?.values.date === "string" ? extra.problem.values.date : "",
      time: typeof extra.problem?.values.time === "string" ? extra.problem.values.time : "",
    },
    errors: extra.problem?.errors ?? {},
    agendaHref: `${base}/sessions/agenda`,
    can: abilities(actor, sessionsLaunchPolicy, actor),
  });
}
