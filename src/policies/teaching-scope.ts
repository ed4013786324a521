// The one answer to "whom does this person follow?": the courses they teach and their tutees. Used by
// validation access, evidence grants, the queue and the cohort matrix alike.
import { teachesHere, type Actor } from "../domain/actor.js";
import { sameCourse, type CourseRef } from "../domain/course.js";

export interface TeachingScope {
  readonly platformId: string;
  readonly userId: string;
  /** The launch's course when LTI says the actor teaches there; other courses per Carnet's memberships. */
  readonly courses: readonly CourseRef[];
  /** Whom they tutor: they read, comment and validate. */
  readonly tutees: ReadonlySet<string>;
  /** Whom they accompany as a peer tutor: they read and comment, never validate. */
  readonly peerTutees: ReadonlySet<string>;
}

/** What Carnet has recorded about the person (memberships with a teaching role, tutoring relations). */
export interface TeachingFacts {
  coursesTaught: readonly CourseRef[];
  tutees: readonly string[];
  peerTutees?: readonly string[];
}

export function teachingScope(actor: Actor, facts: TeachingFacts): TeachingScope {
  const launchCourse = actor.contextId
    ? { deploymentId: actor.deploymentId, contextId: actor.contextId }
    : null;
  // In the launch's course LTI decides: a stale membership neither grants nor hides it.
  const courses = facts.coursesTaught.filter((course) => !launchCourse || !sameCourse(course, launchCourse));
  if (launchCourse && teachesHere(actor)) courses.push(launchCourse);
  return {
    platformId: actor.platformId,
    userId: actor.userId,
    courses: dedupe(courses),
    tutees: new Set(facts.tutees.filter((id) => id !== actor.userId)),
    peerTutees: new Set((facts.peerTutees ?? []).filter((id) => id !== actor.userId)),
  };
}

export function teachesCourse(scope: TeachingScope, course: CourseRef): boolean {
  return scope.courses.some((taught) => sameCourse(taught, course));
}

export function tutorsLearner(scope: TeachingScope, learnerId: string): boolean {
  return learnerId !== scope.userId && scope.tutees.has(learnerId);
}

/** A peer tutor reads and comments their peer tutees' shared work; validating is never theirs. */
export function peerTutorsLearner(scope: TeachingScope, learnerId: string): boolean {
  return learnerId !== scope.userId && scope.peerTutees.has(learnerId);
}

export type FollowingReason = "teacher" | "tutor";

/**
 * Why the person follows this learner in this course, if they do. Teaching a course gives a say on
 * that course's learners only (`learnerInCourse`), never on anyone of the platform; nobody follows
 * themselves.
 */
export function followsLearner(
  scope: TeachingScope,
  learnerId: string,
  course: CourseRef,
  learnerInCourse: boolean,
): FollowingReason | null {
  if (learnerId === scope.userId) return null;
  if (learnerInCourse && teachesCourse(scope, course)) return "teacher";
  if (tutorsLearner(scope, learnerId)) return "tutor";
  return null;
}

/** Validates nobody: no course taught, no tutee (peer tutees do not count: peers never validate). */
export function isEmptyScope(scope: TeachingScope): boolean {
  return scope.courses.length === 0 && scope.tutees.size === 0;
}

function dedupe(courses: CourseRef[]): CourseRef[] {
  const seen = new Map<string, CourseRef>();
  for (const course of courses) seen.set(`${course.deploymentId}\u0000${course.contextId}`, course);
  return [...seen.values()];
}
