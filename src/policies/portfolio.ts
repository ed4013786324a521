// Who may do what with portfolios and traces: pure rules over the actor, whom the actor follows
// (teachingScope), the trace owner's tutoring group and the evidence grants of validation requests.
// Refusals on a trace or a learner are 404s (their existence is private); launch-level guards are 403s.
import { hasRole, type Actor } from "../domain/actor.js";
import { sameCourse, type CourseRef } from "../domain/course.js";
import { canApply } from "../domain/portfolio/lifecycle.js";
import type { Trace } from "../domain/portfolio/types.js";
import { definePolicy } from "./policy.js";
import {
  followsLearner,
  peerTutorsLearner,
  teachesCourse,
  tutorsLearner,
  type TeachingScope,
} from "./teaching-scope.js";

/** The fields of a trace that access depends on. */
export type TraceAccessTarget = Pick<
  Trace,
  "id" | "platformId" | "ownerId" | "visibility" | "sharedIn" | "sharedWith" | "status"
>;

/** The trace owner's tutoring relations (read through TutoringDirectory). */
export interface TraceRelations {
  platformId: string;
  ownerId: string;
  /** The owner's personal tutors (shown to the owner, told of shares; access goes by the tutor's scope). */
  tutors: readonly string[];
  /** The owner's peer tutors. */
  peerTutors: readonly string[];
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

/** Everything a decision on one trace depends on. */
export interface TraceAccess {
  trace: TraceAccessTarget;
  relations: TraceRelations;
  /** Whom the actor follows: courses taught, tutees. */
  scope: TeachingScope;
  grants: readonly EvidenceGrant[];
}

export const NO_RELATIONS = (platformId: string, ownerId: string): TraceRelations => ({
  platformId,
  ownerId,
  tutors: [],
  peerTutors: [],
  groupPeers: [],
});

/** A peer tutor reviews like a tutor (reads, comments) but never decides (issue 11). */
export type ReviewerKind = "tutor" | "peerTutor" | "teacher";

function sameTenant(actor: Actor, trace: TraceAccessTarget): boolean {
  return actor.platformId === trace.platformId;
}

export function isOwner(actor: Actor, trace: TraceAccessTarget): boolean {
  return sameTenant(actor, trace) && actor.userId === trace.ownerId;
}

/** Facts only count when they are about these people: the owner's relations, the actor's scope. */
function relationsFor(access: TraceAccess): TraceRelations {
  const { trace, relations } = access;
  return relations.platformId === trace.platformId && relations.ownerId === trace.ownerId
    ? relations
    : NO_RELATIONS(trace.platformId, trace.ownerId);
}

function scopeIsTheActors(actor: Actor, scope: TeachingScope): boolean {
  return scope.platformId === actor.platformId && scope.userId === actor.userId;
}

function launchCourse(actor: Actor): CourseRef | null {
  return actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null;
}

/**
 * The author chose "my tutors" and this person was among them when she chose (or agreed since): a tutor
 * appointed later does not read what was shared before (issue 11). Traces shared before Carnet kept
 * who the tutors were (tutorIds null) stay open to every current tutor, as they were.
 */
export function chosenTutor(trace: Pick<TraceAccessTarget, "sharedWith">, userId: string): boolean {
  const { tutors, tutorIds } = trace.sharedWith;
  return tutors && (tutorIds === null || tutorIds.includes(userId));
}

/**
 * Why the actor reviews this trace, if they do: a tutor of the owner the owner chose, or a teacher of a
 * course the trace is shared in, acting from that course. Private traces have no reviewer; "my tutor
 * only" leaves every other formateur out.
 */
export function reviewerKind(actor: Actor, access: TraceAccess): ReviewerKind | null {
  const { trace, scope } = access;
  if (!sameTenant(actor, trace) || actor.userId === trace.ownerId || trace.visibility === "private")
    return null;
  if (!scopeIsTheActors(actor, scope)) return null;
  if (chosenTutor(trace, actor.userId)) {
    if (tutorsLearner(scope, trace.ownerId)) return "tutor";
    if (peerTutorsLearner(scope, trace.ownerId)) return "peerTutor";
  }
  const here = launchCourse(actor);
  if (here && teachesCourse(scope, here) && trace.sharedIn.some((course) => sameCourse(course, here)))
    return "teacher";
  return null;
}

/** A peer of the owner's tutoring group, on a trace the owner opened to the group. */
export function isGroupPeer(actor: Actor, access: TraceAccess): boolean {
  const { trace } = access;
  return (
    sameTenant(actor, trace) &&
    actor.userId !== trace.ownerId &&
    trace.visibility === "group" &&
    relationsFor(access).groupPeers.includes(actor.userId)
  );
}

/** Someone the author named among the trace's readers: they read it, nothing more. */
export function isNamedReader(actor: Actor, { trace }: Pick<TraceAccess, "trace">): boolean {
  return (
    sameTenant(actor, trace) &&
    actor.userId !== trace.ownerId &&
    trace.visibility !== "private" &&
    trace.sharedWith.people.includes(actor.userId)
  );
}

function hasEvidenceGrant(actor: Actor, { trace, grants }: TraceAccess): boolean {
  return grants.some(
    (grant) =>
      grant.platformId === trace.platformId && grant.traceId === trace.id && grant.userId === actor.userId,
  );
}

function canRead(actor: Actor, access: TraceAccess): boolean {
  if (!sameTenant(actor, access.trace)) return false;
  return (
    isOwner(actor, access.trace) ||
    hasEvidenceGrant(actor, access) ||
    reviewerKind(actor, access) !== null ||
    isGroupPeer(actor, access) ||
    isNamedReader(actor, access)
  );
}

/** Only the owner writes, and a validated trace stays as it was validated. */
function canEdit(actor: Actor, { trace }: TraceAccess): boolean {
  return isOwner(actor, trace) && canApply(trace.status, "revise");
}

export type TraceAction = "read" | "edit" | "share" | "comment" | "decide" | "attach";

/** One trace: read it, write it (owner), choose who reads it (owner), comment, decide (reviewers). */
export const tracePolicy = definePolicy<TraceAction, TraceAccess>("trace", {
  read: canRead,
  edit: canEdit,
  share: (actor, { trace }) => isOwner(actor, trace),
  comment: (actor, access) =>
    isOwner(actor, access.trace) || reviewerKind(actor, access) !== null || isGroupPeer(actor, access),
  decide: (actor, access) =>
    (reviewerKind(actor, access) === "tutor" || reviewerKind(actor, access) === "teacher") &&
    (canApply(access.trace.status, "validate") || canApply(access.trace.status, "rework")),
  // Files and links follow the edit rule.
  attach: canEdit,
});

export type TraceAbilities = Record<TraceAction, boolean>;

/** How the reader relates to a trace they may read. */
export type ReaderRole = "owner" | ReviewerKind | "peer" | "named" | "evidence";

export function readerRole(actor: Actor, access: TraceAccess): ReaderRole {
  if (isOwner(actor, access.trace)) return "owner";
  const reviewer = reviewerKind(actor, access);
  if (reviewer) return reviewer;
  if (isGroupPeer(actor, access)) return "peer";
  return isNamedReader(actor, access) ? "named" : "evidence";
}

/** What decides whether the actor may open a learner's portfolio page. */
export interface LearnerAccess {
  platformId: string;
  learnerId: string;
  scope: TeachingScope;
  /** The learner is a learner of the course the actor launched from. */
  learnerInLaunchCourse: boolean;
  /** Peers of the learner's tutoring group(s). */
  groupPeers: readonly string[];
}

export type FollowingRelation = "self" | "teacher" | "tutor" | "peerTutor" | "peer";

/**
 * How the actor relates to a learner's portfolio: themselves, a teacher of the course they launched
 * from where the person is a learner, a tutor, or a peer of the learner's group; null when none.
 */
export function followingRelation(actor: Actor, access: LearnerAccess): FollowingRelation | null {
  if (access.platformId !== actor.platformId) return null;
  if (access.learnerId === actor.userId) return "self";
  const here = launchCourse(actor);
  if (scopeIsTheActors(actor, access.scope)) {
    const following = here
      ? followsLearner(access.scope, access.learnerId, here, access.learnerInLaunchCourse)
      : tutorsLearner(access.scope, access.learnerId)
        ? "tutor"
        : null;
    if (following) return following;
    if (peerTutorsLearner(access.scope, access.learnerId)) return "peerTutor";
  }
  return access.groupPeers.includes(actor.userId) ? "peer" : null;
}

/** A learner's portfolio as others see it: the list of their traces each may read. */
export const learnerPortfolioPolicy = definePolicy<"viewTraces", LearnerAccess>("learnerPortfolio", {
  viewTraces: (actor, access) => followingRelation(actor, access) !== null,
});

export type PortfolioAction = "keep" | "read" | "review" | "manageTypes";

/**
 * Launch-level actions. Everyone launched keeps a portfolio of their own (trainers write traces too),
 * may open a trace (each trace's policy then decides, 404 otherwise) and the review pages (they list
 * only what each trace's policy lets them read); the platform's trace types are an administrator's.
 */
export const portfolioPolicy = definePolicy<PortfolioAction, Actor>("portfolio", {
  keep: () => true,
  read: () => true,
  review: () => true,
  manageTypes: (actor) => hasRole(actor, "admin"),
});
