// The jury dossier: a learner builds and reads their own, from a course (the dossier is the course's
// framework and records); who teaches in the course runs its juries; who follows a learner (teachingScope decides) writes their synthesis.
import { hasRole, teachesHere, type Actor } from "../domain/actor.js";
import type { FollowingReason } from "./teaching-scope.js";
import { definePolicy } from "./policy.js";

export const dossierPolicy = definePolicy<"own" | "manageJuries" | "certify", Actor>("dossier", {
  own: (actor) => actor.contextId !== null && hasRole(actor, "learner"),
  /** Juries belong to the programme's course: who teaches in it (the programme lead) runs them. */
  manageJuries: (actor) => teachesHere(actor),
  /** The course's certification record (every learner's competences): its teachers only. */
  certify: (actor) => teachesHere(actor),
});

/** One learner's synthesis, as the actor stands to them. */
export interface SynthesisTarget {
  learnerId: string;
  /** Why the actor follows the learner in the launch's course, if they do (followsLearner). */
  following: FollowingReason | null;
}

export const synthesisPolicy = definePolicy<"write" | "read" | "acknowledge", SynthesisTarget>("synthesis", {
  write: (actor, target) => target.learnerId !== actor.userId && target.following !== null,
  read: (actor, target) => target.learnerId === actor.userId || target.following !== null,
  acknowledge: (actor, target) => target.learnerId === actor.userId,
});
