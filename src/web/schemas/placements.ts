// The placement invitations' forms (inviter's side) and the supervisor's forms (link side).
import { z } from "zod";
import { listOf } from "./ids.js";
import { PLACEMENT_LIMITS } from "../../domain/placements/invitation.js";

const ID = z.string().regex(/^[\w-]{1,64}$/);
/** Framework codes as frameworks allow them (spaces and punctuation inside), bounded. */
const CODE = z.string().min(1).max(100);
const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "DATE_INVALID" });
const EMAIL = /^[^\s<>,;@]{1,64}@[^\s<>,;@]{1,190}\.[^\s<>,;@]{1,30}$/;

function required(max: number) {
  return z.string().trim().min(1, { message: "REQUIRED" }).max(max, { message: "TOO_LONG" });
}

/** A day as typed (YYYY-MM-DD) → that day at 00:00 UTC, refusing 2026-02-31. */
const day = DAY.transform((text, ctx) => {
  const date = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "DATE_INVALID" });
    return z.NEVER;
  }
  return date;
});

export const InviteBody = z.object({
  name: required(PLACEMENT_LIMITS.name),
  email: z
    .string()
    .trim()
    .max(PLACEMENT_LIMITS.email, { message: "TOO_LONG" })
    .regex(EMAIL, { message: "EMAIL_INVALID" })
    .transform((email) => email.toLowerCase()),
  placement: required(PLACEMENT_LIMITS.placement),
  startsOn: day,
  endsOn: day,
  competences: listOf(CODE, PLACEMENT_LIMITS.competences),
});

export const OwnInviteForm = z.object({ body: InviteBody });
export const LearnerInviteForm = z.object({ params: z.object({ learnerId: ID }), body: InviteBody });
export const LearnerParams = z.object({ params: z.object({ learnerId: ID }) });
export const InvitationParams = z.object({ params: z.object({ invitationId: z.string().uuid() }) });
export const LearnerInvitationParams = z.object({
  params: z.object({ learnerId: ID, invitationId: z.string().uuid() }),
});
export const ShareTracesForm = z.object({
  params: z.object({ invitationId: z.string().uuid() }),
  body: z.object({ traces: listOf(ID, PLACEMENT_LIMITS.traces) }),
});

// The supervisor's forms (the link's CSRF token is checked before these are parsed).
export const TokenParams = z.object({ params: z.object({ token: z.string().min(1).max(4000) }) });

export const ObserveBody = z.object({
  code: CODE,
  level: z.string().trim().min(1, { message: "LEVEL_REQUIRED" }).max(100),
  comment: z.string().max(PLACEMENT_LIMITS.comment, { message: "TOO_LONG" }),
});

export const CommentBody = z.object({
  body: z.string().max(PLACEMENT_LIMITS.comment, { message: "TOO_LONG" }),
});

export const ConcernBody = z.object({
  category: z.string().max(100),
  note: z.string().max(PLACEMENT_LIMITS.comment, { message: "TOO_LONG" }),
});

/** Ratings come as rating_<criterion>=<level>: the domain checks them against the programme's form. */
export const EvaluationBody = z
  .object({ comment: z.string().max(PLACEMENT_LIMITS.comment, { message: "TOO_LONG" }).default("") })
  .catchall(z.union([z.string().max(100), z.array(z.string().max(100)).max(5)]));
