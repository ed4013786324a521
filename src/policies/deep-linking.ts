// Choosing what a course offers (deep linking's "Select content") is a teacher's act, whatever the LMS
// lets others open: who teaches in the launch's course, or an administrator.
import { hasRole, teachesHere, type Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";

export const deepLinkingPolicy = definePolicy<"choose", Actor>("deepLinking", {
  choose: (actor) => teachesHere(actor) || hasRole(actor, "admin"),
});
