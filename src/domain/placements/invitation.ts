// A placement supervisor's invitation (maître de stage without an LMS account): one person, one
// placement, one learner; what its link shows and what the supervisor left on it.
import type { CourseScope } from "../course.js";
import type { AccessLink } from "../dossier/access-links.js";
import type { EvaluationLevel } from "./evaluation-forms.js";

/** Days the link still works after the placement's last day: time to write the evaluation. */
export const GRACE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export const PLACEMENT_LIMITS = {
  name: 200,
  email: 254,
  placement: 300,
  comment: 4000,
  competences: 60,
  traces: 50,
  comments: 100,
} as const;

export interface PlacementEvaluation {
  formKey: string;
  ratings: Record<string, EvaluationLevel>;
  comment: string;
  at: Date;
}

export interface SupervisorComment {
  body: string;
  at: Date;
}

export interface PlacementInvitation extends CourseScope {
  id: string;
  learnerId: string;
  supervisor: { name: string; email: string };
  placement: string;
  /** First and last day of the placement (UTC midnight). */
  startsOn: Date;
  endsOn: Date;
  /** The course's framework when the invitation was made; null when the course has none. */
  frameworkId: string | null;
  /** The competences in question (empty: every competence of the framework). */
  competenceCodes: string[];
  /** The learner's traces shared with this supervisor, and only with them. */
  traceIds: string[];
  linkId: string;
  createdBy: string;
  createdAt: Date;
  evaluation: PlacementEvaluation | null;
  comments: SupervisorComment[];
  /** The invitation e-mail with the link: pending until the mail job sent it (or found nothing to send). */
  mail: { pending: boolean; sentAt: Date | null };
}

export interface PlacementInvitationStore {
  insert(invitation: PlacementInvitation): Promise<void>;
  byId(platformId: string, id: string): Promise<PlacementInvitation | null>;
  /** A learner's invitations made in one course, newest first. */
  forLearner(scope: CourseScope, learnerId: string): Promise<PlacementInvitation[]>;
  setTraces(platformId: string, id: string, traceIds: string[]): Promise<void>;
  setEvaluation(platformId: string, id: string, evaluation: PlacementEvaluation): Promise<void>;
  /** Invitations whose e-mail is still to send, oldest first. */
  pendingMail(limit: number): Promise<PlacementInvitation[]>;
  /** Marks the e-mail done (sentAt null: nothing was sent); false when another run did it first. */
  mailDone(platformId: string, id: string, sentAt: Date | null): Promise<boolean>;
  /** Appends a comment unless the invitation already holds `max` of them; false when full. */
  addComment(platformId: string, id: string, comment: SupervisorComment, max: number): Promise<boolean>;
}

export type InvitationState = "not_opened" | "opened" | "revoked" | "expired";

export function invitationState(link: AccessLink | null, now: Date): InvitationState {
  if (!link || link.revokedAt) return "revoked";
  if (now.getTime() > link.validUntil.getTime()) return "expired";
  return link.claim ? "opened" : "not_opened";
}

/** The link dies at the end of the placement's last day plus the grace period. */
export function linkValidUntil(endsOn: Date): Date {
  return new Date(endsOn.getTime() + (GRACE_DAYS + 1) * DAY_MS - 1000);
}

/** The placement's last day is over (UTC): too late to invite anyone for it. */
export function endsInThePast(endsOn: Date, now: Date): boolean {
  return endsOn.getTime() + DAY_MS <= now.getTime();
}
