// Who may do what to whose competences: the acting roles a person holds towards one learner in one
// course (decided by their teaching scope), and what each role may do outside the state machine —
// read a learner's file, write notes, log contacts, comment, open scans. Decisions themselves are the
// state machine's (states.ts): a route lets anyone with a role reach it, and it names the refusal.
import type { Actor } from "../domain/actor.js";
import type { DisplayRole } from "../domain/validation/records.js";
import type { ActingRole } from "../domain/validation/states.js";
import { definePolicy } from "./policy.js";

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

/** What the actor is to one learner in one course (ValidationService.access computes it). */
export interface LearnerRelation {
  readonly facts: AccessFacts;
  readonly roles: readonly ActingRole[];
}

type Rule = (actor: Actor, relation: LearnerRelation) => boolean;

/** A relation only counts for the person it was computed for. */
const holds =
  (...roles: readonly ActingRole[]): Rule =>
  (actor, relation) =>
    relation.facts.actorId === actor.userId && relation.roles.some((role) => roles.includes(role));

export const competencesPolicy = definePolicy<
  | "viewOwn"
  | "actAsLearner"
  | "viewAsValidator"
  | "act"
  | "comment"
  | "viewFile"
  | "writeNote"
  | "logContact"
  | "enterPaper"
  | "viewScan",
  LearnerRelation
>("validation", {
  /** The learner's own competence pages and the actions on them (self-assessment, resubmission, proposals). */
  viewOwn: holds("learner"),
  actAsLearner: holds("learner"),
  /** The trainer's page of a learner's competence. */
  viewAsValidator: holds("validator"),
  /** Reaching the state machine from the trainer's page: it refuses a learner deciding on their own. */
  act: holds("learner", "validator"),
  /** Formative exchanges: the learner and whoever follows them. */
  comment: holds("learner", "validator"),
  /** The learner's file (competences, timeline, contact log, one's own private notes): never the learner. */
  viewFile: holds("validator"),
  writeNote: holds("validator"),
  logContact: holds("validator"),
  /** A field supervisor's paper form is entered by someone who teaches in the course. */
  enterPaper: holds("lead"),
  viewScan: holds("learner", "validator"),
});

export type CompetenceAction = keyof typeof competencesPolicy.rules;

/**
 * What a launch may open at all. Nothing here is decided by LTI roles: everyone launched has their own
 * competences, and a tutor follows tutees from any course, even launched as a learner; each learner's
 * things are checked against `competencesPolicy` (404 when refused).
 */
export const validationLaunchPolicy = definePolicy<"ownCompetences" | "followLearners", Actor>("validation", {
  ownCompetences: () => true,
  followLearners: () => true,
});
