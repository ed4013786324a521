// What a new tutoring assignment tells the people in it: the tutor how many learners they now follow,
// each learner who their tutor is — in the course where it happened, if there is one.
import type { NewNotification } from "../validation/ports.js";

export function assignmentNotices(
  platformId: string,
  tutorId: string,
  learnerIds: readonly string[],
  where: { deploymentId?: string; contextId?: string },
  group = "",
): NewNotification[] {
  return [
    {
      platformId,
      userId: tutorId,
      kind: "tutoring_assigned",
      params: { count: learnerIds.length, group },
      path: "tutoring",
      ...where,
    },
    ...learnerIds.map((learnerId) => ({
      platformId,
      userId: learnerId,
      kind: "tutoring_assigned" as const,
      params: { count: 0, group, tutorId },
      path: "my-tutors",
      ...where,
    })),
  ];
}
