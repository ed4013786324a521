// Who may do what with a trace. Pure predicates over the actor, the trace and the owner's relations;
// routes answer 404 to every refusal so a trace's existence never leaks.
import { teachesHere, type Actor } from "../domain/actor.js";
import { canApply } from "../domain/portfolio/lifecycle.js";
import { sameCourse, type Trace } from "../domain/portfolio/types.js";

/** The fields of a trace that access depends on. */
export type TraceAccessTarget = Pick<
  Trace,
  "id" | "platformId" | "ownerId" | "visibility" | "sharedIn" | "status"
>;

/** The trace owner's tutoring relations (read through TutoringDirectory). */
export interface TraceRelations {
  platformId: string;
  ownerId: string;
  /** The owner's personal tutors. */
  tutors: readonly string[];
  /** Peers of the owner's tutoring group(s). */
  groupPeers: readonly string[];
}

/**
 * Read access given outside the sharing rules: the validators of a validation request may read the
 * traces attached to it as evidence (granted by the validation workflow).
 */
export interface EvidenceGrant {
  platformId: string;
  traceId: string;
  userId: string;
}

export const NO_RELATIONS = (platformId: string, ownerId: string): TraceRelations => ({
  platformId,
  ownerId,
  tutors: [],
  groupPeers: [],
});

export type ReviewerKind = "tutor" | "teacher";

function sameTenant(actor: Actor, trace: TraceAccessTarget): boolean {
  return actor.platformId === trace.platformId;
}

export function isOwner(actor: Actor, trace: TraceAccessTarget): boolean {
  return sameTenant(actor, trace) && actor.userId === trace.ownerId;
}

/** Relations only count when they are the owner's, in the trace's tenant. */
function relationsFor(trace: TraceAccessTarget, relations: TraceRelations): TraceRelations {
  return relations.platformId === trace.platformId && relations.ownerId === trace.ownerId
    ? relations
    : NO_RELATIONS(trace.platformId, trace.ownerId);
}

/**
 * Why the actor reviews this trace, if they do: the owner's personal tutor, or a teacher (Instructor-like
 * role) of a course the trace is shared in, acting from that course. Private traces have no reviewer.
 */
export function reviewerKind(
  actor: Actor,
  trace: TraceAccessTarget,
  relations: TraceRelations,
): ReviewerKind | null {
  if (!sameTenant(actor, trace) || actor.userId === trace.ownerId || trace.visibility === "private")
    return null;
  if (relationsFor(trace, relations).tutors.includes(actor.userId)) return "tutor";
  if (
    teachesHere(actor) &&
    actor.contextId !== null &&
    trace.sharedIn.some((course) =>
      sameCourse(course, { deploymentId: actor.deploymentId, contextId: actor.contextId ?? "" }),
    )
  ) {
    return "teacher";
  }
  return null;
}

/** A peer of the owner's tutoring group, on a trace the owner opened to the group. */
export function isGroupPeer(actor: Actor, trace: TraceAccessTarget, relations: TraceRelations): boolean {
  return (
    sameTenant(actor, trace) &&
    actor.userId !== trace.ownerId &&
    trace.visibility === "group" &&
    relationsFor(trace, relations).groupPeers.includes(actor.userId)
  );
}

export function canRead(
  actor: Actor,
  trace: TraceAccessTarget,
  relations: TraceRelations,
  evidenceGrants: readonly EvidenceGrant[] = [],
): boolean {
  if (!sameTenant(actor, trace)) return false;
  if (isOwner(actor, trace)) return true;
  if (
    evidenceGrants.some(
      (grant) =>
        grant.platformId === trace.platformId && grant.traceId === trace.id && grant.userId === actor.userId,
    )
  ) {
    return true;
  }
  return reviewerKind(actor, trace, relations) !== null || isGroupPeer(actor, trace, relations);
}

/** Only the owner writes, and a validated trace stays as it was validated. */
export function canEdit(actor: Actor, trace: TraceAccessTarget): boolean {
  return isOwner(actor, trace) && canApply(trace.status, "revise");
}

/** Only the owner chooses who reads. */
export function canShare(actor: Actor, trace: TraceAccessTarget): boolean {
  return isOwner(actor, trace);
}

export function canComment(actor: Actor, trace: TraceAccessTarget, relations: TraceRelations): boolean {
  return (
    isOwner(actor, trace) ||
    reviewerKind(actor, trace, relations) !== null ||
    isGroupPeer(actor, trace, relations)
  );
}

/** A reviewer (never the owner, never a peer) decides on a shared trace. */
export function canDecide(actor: Actor, trace: TraceAccessTarget, relations: TraceRelations): boolean {
  return (
    reviewerKind(actor, trace, relations) !== null &&
    (canApply(trace.status, "validate") || canApply(trace.status, "rework"))
  );
}

export interface TraceAbilities {
  read: boolean;
  edit: boolean;
  share: boolean;
  comment: boolean;
  decide: boolean;
  /** Owner only: attachments follow the edit rule. */
  attach: boolean;
}

export function traceAbilities(
  actor: Actor,
  trace: TraceAccessTarget,
  relations: TraceRelations,
  evidenceGrants: readonly EvidenceGrant[] = [],
): TraceAbilities {
  const read = canRead(actor, trace, relations, evidenceGrants);
  return {
    read,
    edit: read && canEdit(actor, trace),
    share: read && canShare(actor, trace),
    comment: read && canComment(actor, trace, relations),
    decide: read && canDecide(actor, trace, relations),
    attach: read && canEdit(actor, trace),
  };
}
