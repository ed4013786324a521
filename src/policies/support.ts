// Who may do what in the confidential support space. Support and evaluation are kept apart: whoever
// evaluates a learner (their tutor, a référent, a formateur of their course, an LMS administrator acting
// from it) may raise a concern but reads nothing of the space unless the learner adds them to a case.
import { teachesHere, type Actor } from "../domain/actor.js";
import { definePolicy } from "./policy.js";

/** How the actor follows the learner (the tutoring area's follower roles); null: they do not. */
export type SupportFollower = "tutor" | "peer" | "referent" | "teacher";

/** A learner someone wants to raise a concern about, or whose signals they want to read. */
export interface SupportLearner {
  platformId: string;
  learnerId: string;
  /** How the actor follows the learner (followerRole of the tutoring policy). */
  follower: SupportFollower | null;
  /** The actor is among the support persons designated by one of the learner's programmes. */
  designated: boolean;
  /** The actor holds an invitation (placement supervisor, external validator) that names this learner. */
  invited: boolean;
}

/** A peer tutor accompanies without evaluating; every other follower has a say on validation. */
export function evaluates(target: Pick<SupportLearner, "follower">): boolean {
  return target.follower !== null && target.follower !== "peer";
}

function isLearner(actor: Actor, target: { platformId: string; learnerId: string }): boolean {
  return actor.platformId === target.platformId && actor.userId === target.learnerId;
}

function aboutSomeoneElse(actor: Actor, target: { platformId: string; learnerId: string }): boolean {
  return actor.platformId === target.platformId && actor.userId !== target.learnerId;
}

/** The support circle of a learner: designated support persons who do not evaluate them. */
function inCircle(actor: Actor, target: SupportLearner): boolean {
  return aboutSomeoneElse(actor, target) && target.designated && !evaluates(target);
}

/**
 * Launch-level: everyone has a support space (a learner's own requests, a support person's cases); the
 * programme's designated support persons are chosen by who teaches in its course.
 */
export const supportLaunchPolicy = definePolicy<"space" | "settings", Actor>("support", {
  space: () => true,
  settings: (actor) => teachesHere(actor),
});

export const supportLearnerPolicy = definePolicy<
  "recordSignal" | "readSignals" | "openCase" | "requestSupport",
  SupportLearner
>("supportLearner", {
  /** Anyone who follows the learner, a support person, or an invited placement supervisor. */
  recordSignal: (actor, target) =>
    aboutSomeoneElse(actor, target) && (target.follower !== null || target.designated || target.invited),
  readSignals: inCircle,
  openCase: inCircle,
  /** "Je souhaite en parler à quelqu'un": the learner only, for themselves. */
  requestSupport: isLearner,
});

/** A support case as its policy sees it. */
export interface SupportCaseAccess {
  platformId: string;
  learnerId: string;
  /** Who works on the case (the learner is not listed: they are the case's subject). */
  members: readonly string[];
  closed: boolean;
}

function isMember(actor: Actor, target: SupportCaseAccess): boolean {
  return aboutSomeoneElse(actor, target) && target.members.includes(actor.userId);
}

const open =
  (rule: (actor: Actor, target: SupportCaseAccess) => boolean) =>
  (actor: Actor, target: SupportCaseAccess): boolean =>
    !target.closed && rule(actor, target);

const learnerOrMember = (actor: Actor, target: SupportCaseAccess): boolean =>
  isLearner(actor, target) || isMember(actor, target);

export const supportCasePolicy = definePolicy<
  "read" | "readMembersNotes" | "readSignals" | "writeNote" | "manage" | "addMember" | "readAccessLog",
  SupportCaseAccess
>("supportCase", {
  /** The case, its steps, actions and the notes shared with the learner. */
  read: learnerOrMember,
  /** Notes kept among members and the signals' notes are third parties' words: not the learner's to read. */
  readMembersNotes: isMember,
  readSignals: isMember,
  writeNote: open(learnerOrMember),
  /** Steps, review dates, escalation, closure. */
  manage: open(isMember),
  /** Members bring in support persons; only the learner may bring in someone who evaluates them. */
  addMember: open(learnerOrMember),
  /** Who read the case and when. */
  readAccessLog: learnerOrMember,
});
