// Who may do what with group sessions and individual interviews. A session is run by its group's tutor
// (or peer tutor), or convened on their behalf by who teaches the group's course; it is seen by them and
// by the tutees convened. An interview is the tutee's and their tutor's alone: no référent, no
// formateur, no peer tutor — what is said there stays between the two.
import { teachesHere, type Actor } from "../domain/actor.js";
import { sameCourse, type CourseRef } from "../domain/course.js";
import { definePolicy } from "./policy.js";
import { tutorsLearner, type TeachingScope } from "./teaching-scope.js";

/** Launch-level: everyone has their sessions and interviews; a programme's agenda is its teachers'. */
export const sessionsLaunchPolicy = definePolicy<"mine" | "editAgenda", Actor>("sessions", {
  mine: () => true,
  editAgenda: (actor) => teachesHere(actor),
});

/** A tutoring group whose sessions someone wants to see or schedule. */
export interface SessionGroupTarget {
  platformId: string;
  tutorId: string;
  members: readonly string[];
  course: CourseRef;
}

/** A group session. */
export interface GroupSessionTarget {
  platformId: string;
  tutorId: string;
  invitees: readonly string[];
  deploymentId: string;
  contextId: string;
}

function teachesCourseHere(actor: Actor, course: CourseRef): boolean {
  return (
    teachesHere(actor) &&
    actor.contextId !== null &&
    sameCourse({ deploymentId: actor.deploymentId, contextId: actor.contextId }, course)
  );
}

function runs(actor: Actor, target: { platformId: string; tutorId: string }, course: CourseRef): boolean {
  return (
    actor.platformId === target.platformId &&
    (actor.userId === target.tutorId || teachesCourseHere(actor, course))
  );
}

export const sessionGroupPolicy = definePolicy<"schedule" | "viewSessions", SessionGroupTarget>(
  "sessionGroup",
  {
    schedule: (actor, group) => runs(actor, group, group.course),
    viewSessions: (actor, group) =>
      runs(actor, group, group.course) ||
      (actor.platformId === group.platformId && group.members.includes(actor.userId)),
  },
);

const courseOf = (session: GroupSessionTarget): CourseRef => ({
  deploymentId: session.deploymentId,
  contextId: session.contextId,
});

const convened = (actor: Actor, session: GroupSessionTarget): boolean =>
  actor.platformId === session.platformId && session.invitees.includes(actor.userId);

export const groupSessionPolicy = definePolicy<"view" | "manage" | "acknowledge", GroupSessionTarget>(
  "groupSession",
  {
    view: (actor, session) => runs(actor, session, courseOf(session)) || convened(actor, session),
    /** Change, cancel, attendance and the report. */
    manage: (actor, session) => runs(actor, session, courseOf(session)),
    acknowledge: convened,
  },
);

/** An individual interview. */
export interface InterviewTarget {
  platformId: string;
  learnerId: string;
  tutorId: string;
}

const isTutee = (actor: Actor, target: InterviewTarget): boolean =>
  actor.platformId === target.platformId && actor.userId === target.learnerId;
const isTutor = (actor: Actor, target: InterviewTarget): boolean =>
  actor.platformId === target.platformId &&
  actor.userId === target.tutorId &&
  target.tutorId !== target.learnerId;

export const interviewPolicy = definePolicy<"view" | "prepare" | "complete" | "sign", InterviewTarget>(
  "interview",
  {
    view: (actor, target) => isTutee(actor, target) || isTutor(actor, target),
    prepare: isTutee,
    complete: isTutor,
    sign: (actor, target) => isTutee(actor, target) || isTutor(actor, target),
  },
);

/** Opening an interview with a learner: their tutor only (a peer tutor holds no interviews). */
export interface InterviewOpening {
  platformId: string;
  learnerId: string;
  scope: TeachingScope;
}

export const interviewOpeningPolicy = definePolicy<"open", InterviewOpening>("interviewOpening", {
  open: (actor, target) =>
    actor.platformId === target.platformId &&
    target.scope.userId === actor.userId &&
    tutorsLearner(target.scope, target.learnerId),
});
