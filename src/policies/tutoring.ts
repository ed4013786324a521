// Who may do what in tutoring: appointing a tutor is a permission of its own (a lead of one of the
// learner's courses, acting from it, or an administrator); the tutor workspace shows one's own tutees;
// team notes are for whoever follows the learner (tutors, référent, the course's formateurs), never
// a peer tutor and never the learner.
import { hasRole, teachesHere, type Actor } from "../domain/actor.js";
import { sameCourse, type CourseRef } from "../domain/course.js";
import { definePolicy } from "./policy.js";
import { peerTutorsLearner, teachesCourse, tutorsLearner, type TeachingScope } from "./teaching-scope.js";

function launchCourse(actor: Actor): CourseRef | null {
  return actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null;
}

/**
 * Launch-level: everyone has a tutor workspace (it lists only their own tutees, often none); the
 * course's tutoring (groups, appointments, imports, its contact rhythm) is managed by who teaches here.
 */
export const tutoringLaunchPolicy = definePolicy<"workspace" | "manage" | "ownTutors", Actor>("tutoring", {
  workspace: () => true,
  manage: (actor) => teachesHere(actor),
  ownTutors: () => true,
});

/** A learner someone wants to give (or take away) a tutor. */
export interface AppointmentTarget {
  platformId: string;
  learnerId: string;
  /** The courses where the person is enrolled as a learner (memberships). */
  learnerCourses: readonly CourseRef[];
}

/**
 * An administrator of the platform appoints for anyone; a teacher only for the learners of the course
 * they act from — never pulling a learner of another course into their own reach.
 */
function mayAppoint(actor: Actor, target: AppointmentTarget): boolean {
  if (actor.platformId !== target.platformId) return false;
  if (hasRole(actor, "admin")) return true;
  const here = launchCourse(actor);
  return (
    here !== null && teachesHere(actor) && target.learnerCourses.some((course) => sameCourse(course, here))
  );
}

export const appointmentPolicy = definePolicy<"appoint" | "end" | "history", AppointmentTarget>(
  "tutoringAppointment",
  {
    appoint: mayAppoint,
    end: mayAppoint,
    history: (actor, target) =>
      actor.platformId === target.platformId &&
      (actor.userId === target.learnerId || mayAppoint(actor, target)),
  },
);

/** What decides how someone relates to a learner they might follow. */
export interface FollowedLearner {
  platformId: string;
  learnerId: string;
  /** Whom the actor follows (loaded for the actor). */
  scope: TeachingScope;
  /** The courses where the learner is enrolled as a learner. */
  learnerCourses: readonly CourseRef[];
  /** The référents of the learner's courses (course settings). */
  referents: readonly string[];
}

export type FollowerRole = "tutor" | "peer" | "referent" | "teacher";

/** How the actor follows this learner, strongest first; null for the learner and strangers. */
export function followerRole(actor: Actor, target: FollowedLearner): FollowerRole | null {
  const { scope } = target;
  if (actor.platformId !== target.platformId || actor.userId === target.learnerId) return null;
  if (scope.platformId !== actor.platformId || scope.userId !== actor.userId) return null;
  if (tutorsLearner(scope, target.learnerId)) return "tutor";
  if (target.referents.includes(actor.userId)) return "referent";
  const here = launchCourse(actor);
  if (here && teachesCourse(scope, here) && target.learnerCourses.some((course) => sameCourse(course, here)))
    return "teacher";
  if (peerTutorsLearner(scope, target.learnerId)) return "peer";
  return null;
}

const following =
  (...roles: readonly FollowerRole[]) =>
  (actor: Actor, target: FollowedLearner): boolean => {
    const role = followerRole(actor, target);
    return role !== null && roles.includes(role);
  };

export const followedLearnerPolicy = definePolicy<
  "openTutee" | "readTeamNotes" | "writeTeamNote" | "logContact",
  FollowedLearner
>("followedLearner", {
  /** The tutee's file in the workspace: their tutors and peer tutors. */
  openTutee: following("tutor", "peer"),
  /** Notes shared by the team around the learner; a peer tutor is a fellow intern, not the team. */
  readTeamNotes: following("tutor", "referent", "teacher"),
  writeTeamNote: following("tutor", "referent", "teacher"),
  /** A meeting, a call, a message: anyone who accompanies the learner keeps the contact log. */
  logContact: following("tutor", "peer", "referent", "teacher"),
});
