// A course's validation rules belong to who teaches in the launch's course (LTI says so); learners are
// refused the area (403: the navigation does not offer it to them).
import { teachesHere, type Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";

export const courseSettingsPolicy = definePolicy<"view" | "edit", Actor>("courseSettings", {
  view: (actor) => teachesHere(actor),
  edit: (actor) => teachesHere(actor),
});
