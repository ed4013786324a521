// The jury dossier: a learner builds and reads their own, from a course (the dossier is the course's
// framework and records); who teaches in the course runs its juries; the learner's tutors (the tutoring
// relation, teachingScope's tutees) write their synthesis for the jury.
import { hasRole, teachesHere, type Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";
import { tutorsLearner, type TeachingScope } from "./teaching-scope.js";

export const dossierPolicy = definePolicy<"own" | "manageJuries" | "certify" | "tutorSyntheses", Actor>(
  "dossier",
  {
    own: (actor) => actor.contextId !== null && hasRole(actor, "learner"),
    /**
     * Anyone may have tutees, whatever the LMS calls them: the learner decides (synthesisPolicy.write),
     * and a learner one does not tutor is a 404.
     */
    tutorSyntheses: () => true,
    /** Juries belong to the programme's course: who teaches in it (the programme lead) runs them. */
    manageJuries: (actor) => teachesHere(actor),
    /** The course's certification record (every learner's competences): its teachers only. */
    certify: (actor) => teachesHere(actor),
  },
);

/** One learner's synthesis, as the actor stands to them. */
export interface SynthesisTarget {
  learnerId: string;
  /**
   * The actor tutors the learner now (tutorsLearner: a tutoring relation, not a peer tutor's). Teaching
   * the learner's course is not enough: the synthesis is the tutor's letter to the jury.
   */
  tutors: boolean;
}

export const synthesisPolicy = definePolicy<"write" | "read" | "acknowledge", SynthesisTarget>("synthesis", {
  write: (actor, target) => target.learnerId !== actor.userId && target.tutors,
  read: (actor, target) => target.learnerId === actor.userId || target.tutors,
  acknowledge: (actor, target) => target.learnerId === actor.userId,
});

/** How the actor (whose scope this is) stands to a learner's synthesis. */
export function synthesisTargetOf(scope: TeachingScope, learnerId: string): SynthesisTarget {
  return { learnerId, tutors: tutorsLearner(scope, learnerId) };
}
