// Who may do what to whose competences: the acting roles an actor holds towards one learner in one
// course, and the permissions outside the state machine (notes, contact log, settings, groups).
import type { ActingRole } from "../domain/validation/states.js";
import type { DisplayRole } from "../domain/validation/records.js";

export interface AccessFacts {
  actorId: string;
  learnerId: string;
  /** The actor teaches in the record's course: LTI says so for the launch's context (teachesHere), the
   * memberships collection (role teacher/admin) for other courses. */
  teachesInCourse: boolean;
  /** A tutoring relation (per platform) assigns this learner to the actor. */
  tutorOfLearner: boolean;
}

/** Never both learner and validator: on one's own competences one is only ever the learner. */
export function actingRoles(facts: AccessFacts): ActingRole[] {
  if (facts.actorId === facts.learnerId) return ["learner"];
  const roles: ActingRole[] = [];
  if (facts.teachesInCourse || facts.tutorOfLearner) roles.push("validator");
  if (facts.teachesInCourse) roles.push("lead");
  return roles;
}

export function displayRole(facts: AccessFacts): DisplayRole {
  if (facts.actorId === facts.learnerId) return "learner";
  if (facts.teachesInCourse) return "teacher";
  return "tutor";
}

export const PERMISSIONS = {
  viewOwnCompetences: ["learner"],
  comment: ["learner", "validator"],
  viewLearnerFile: ["validator"],
  writeTutorNote: ["validator"],
  logContact: ["validator"],
  viewScan: ["learner", "validator"],
} as const satisfies Record<string, readonly ActingRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export function may(roles: readonly ActingRole[], permission: Permission): boolean {
  const allowed: readonly ActingRole[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

/** Course-level actions (cohort, tutoring groups, settings) belong to who teaches in the course. */
export function mayManageCourse(teachesInCourse: boolean): boolean {
  return teachesInCourse;
}
