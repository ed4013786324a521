// The validators' queue: everyone launched has one (it lists only whom they follow). Opening and
// deciding one request is acting as that learner's validator: `competencesPolicy.viewAsValidator`.
import type { Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";

export const queuePolicy = definePolicy<"view", Actor>("queue", {
  // A peer tutor holds no teaching role and still decides on their tutees: the queue is never refused,
  // it is empty for who follows nobody.
  view: () => true,
});
