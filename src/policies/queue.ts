// The validators' side: the queue (everyone launched has one; it lists only whom they follow) and a
// request decided item by item (only by someone who may validate this learner in this course).
import type { Actor } from "../domain/actor.js";
import type { ActingRole } from "../domain/validation/states.js";
import { definePolicy } from "./policy.js";

export const queuePolicy = definePolicy<"view", Actor>("queue", {
  // A peer tutor holds no teaching role and still decides on their tutees: the queue is never refused,
  // it is empty for who follows nobody.
  view: () => true,
});

/** A request as its reader stands towards it: the acting roles from `ValidationService.access`. */
export interface RequestTarget {
  platformId: string;
  learnerId: string;
  /** What the actor is to the learner in the request's course (teachingScope decided it). */
  roles: readonly ActingRole[];
}

export const requestPolicy = definePolicy<"decide", RequestTarget>("validationRequest", {
  decide: (actor, request) =>
    actor.platformId === request.platformId &&
    actor.userId !== request.learnerId &&
    request.roles.includes("validator"),
});
