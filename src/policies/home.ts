// The landing page after a launch: everyone has one; which one follows what the launch says they do
// here — the trainers' workspace for who teaches in the course, the tutor workspace for a Mentor (LTI's
// tutors), administration for an administrator who is not also a learner, the learner's carnet otherwise.
import { hasRole, teachesHere, type Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";

export const homePolicy = definePolicy<"view" | "workspace" | "tutorWorkspace" | "administer", Actor>(
  "home",
  {
    view: () => true,
    workspace: (actor) => teachesHere(actor),
    tutorWorkspace: (actor) => hasRole(actor, "mentor") && !teachesHere(actor) && !hasRole(actor, "learner"),
    administer: (actor) => hasRole(actor, "admin") && !hasRole(actor, "learner"),
  },
);
