// Placement supervisors' invitations: the learner invites for herself and picks what the supervisor
// reads; a formateur who follows her (teachingScope: teaches her course or tutors her) invites too;
// both see the invitations and may revoke them.
import { hasRole, type Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";
import type { FollowingReason } from "./teaching-scope.js";

/** The launch-level areas: a learner's own invitations, or those of the learners a trainer follows. */
export const placementAreaPolicy = definePolicy<"own" | "follow", Actor>("placements", {
  own: (actor) => actor.contextId !== null && hasRole(actor, "learner"),
  follow: (actor) =>
    actor.contextId !== null &&
    (hasRole(actor, "teacher") || hasRole(actor, "mentor") || hasRole(actor, "admin")),
});

/** One learner's invitations, as the actor stands to her. */
export interface PlacementTarget {
  learnerId: string;
  /** Why the actor follows the learner in the launch's course, if they do. */
  following: FollowingReason | null;
}

function herself(actor: Actor, target: PlacementTarget): boolean {
  return actor.contextId !== null && actor.userId === target.learnerId && hasRole(actor, "learner");
}

function herselfOrFollower(actor: Actor, target: PlacementTarget): boolean {
  return herself(actor, target) || (actor.userId !== target.learnerId && target.following !== null);
}

export const placementPolicy = definePolicy<"invite" | "list" | "revoke" | "shareTraces", PlacementTarget>(
  "placement",
  {
    invite: herselfOrFollower,
    list: herselfOrFollower,
    revoke: herselfOrFollower,
    /** Her traces are hers to share: a formateur never opens them to someone else. */
    shareTraces: herself,
  },
);
