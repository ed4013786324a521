// The cohort matrix belongs to who teaches in the launch's course (LTI says so); a learner is refused
// the area (403: the navigation does not offer it to them).
import { teachesHere, type Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";

export const cohortPolicy = definePolicy<"view", Actor>("cohort", {
  view: (actor) => teachesHere(actor),
});
