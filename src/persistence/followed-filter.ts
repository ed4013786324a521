// The one MongoDB filter for "in these courses or of these learners" (a teaching scope as data): the
// queue's rows, the evidence a validator may read. null when it would match nothing.
import type { FollowedLearners } from "../domain/validation/summary-row.js";

export function followedFilter(among: FollowedLearners): { $or: Record<string, unknown>[] } | null {
  const or: Record<string, unknown>[] = among.courses.map((course) => ({
    deploymentId: course.deploymentId,
    contextId: course.contextId,
  }));
  if (among.learnerIds.length > 0) or.push({ learnerId: { $in: [...among.learnerIds] } });
  return or.length > 0 ? { $or: or } : null;
}
