// Grades sent to the LMS belong to who teaches in the launch's course: they choose how a placement is
// graded and re-send the course's grades. Parked deliveries (what the LMS refused or never received)
// are seen and retried by the course's teachers, and by the platform's administrators for every course.
import { hasRole, teachesHere, type Actor } from "../domain/actor.js";
import type { CourseScope } from "../domain/course.js";
import { definePolicy } from "./policy.js";

export const gradingPolicy = definePolicy<"view" | "configure" | "resync" | "viewParked", Actor>("grading", {
  view: (actor) => teachesHere(actor),
  configure: (actor) => teachesHere(actor),
  resync: (actor) => teachesHere(actor),
  viewParked: (actor) => hasRole(actor, "admin") || teachesHere(actor),
});

/** A parked delivery belongs to its course. */
export const parkedGradePolicy = definePolicy<"retry", CourseScope>("parkedGrade", {
  retry: (actor, grade) =>
    grade.platformId === actor.platformId &&
    (hasRole(actor, "admin") ||
      (teachesHere(actor) &&
        grade.deploymentId === actor.deploymentId &&
        grade.contextId === actor.contextId)),
});

/** Which parked deliveries a person sees: their platform's (administrators) or their course's. */
export function parkedScope(actor: Actor): { platformId: string; deploymentId?: string; contextId?: string } {
  if (hasRole(actor, "admin")) return { platformId: actor.platformId };
  // Without a course (refused by the guard anyway) the scope matches nothing.
  return { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId ?? "" };
}
