// The validation state machine of one (learner, competence): which action moves which state, for
// whom and through which channel. A table, so the rules read like the issue and tests enumerate it.
export const COMPETENCE_STATES = [
  "not_started",
  "self_assessed",
  "submitted",
  "more_evidence",
  "resubmitted",
  "validated",
  "withdrawn",
] as const;
export type CompetenceState = (typeof COMPETENCE_STATES)[number];

/** States in which a validator owes the learner an answer (the queue). */
export const PENDING_STATES: readonly CompetenceState[] = ["submitted", "resubmitted"];

/** How a decision reached Carnet: the provenance every transition keeps. */
export const CHANNELS = ["online", "observation", "proposal", "prior_practice", "paper"] as const;
export type Channel = (typeof CHANNELS)[number];

export const ACTIONS = [
  "self_assess",
  "request",
  "resubmit",
  "validate",
  "ask_more_evidence",
  "withdraw",
  "observe",
  "propose",
  "accept_proposal",
  "decline_proposal",
  "record_paper",
] as const;
export type ValidationAction = (typeof ACTIONS)[number];

/**
 * What the actor is to this record: its learner, a validator (teaches in the course or tutors the
 * learner), or a lead (teaches in the course: may enter paper forms by proxy).
 */
export type ActingRole = "learner" | "validator" | "lead";

/** "same": the state does not change; "approval": validated once enough distinct validators agree. */
export type Target = CompetenceState | "same" | "approval";

export interface TransitionRule {
  action: ValidationAction;
  roles: readonly ActingRole[];
  channels: readonly Channel[];
  from: readonly CompetenceState[];
  to: Target;
  /** A written reason is required (decisions are never "I'll explain later"). */
  comment: boolean;
  /** "proficient": a level of the scale that means acquired; "any": any level of the scale. */
  level: "none" | "any" | "proficient";
}

const OPEN: readonly CompetenceState[] = ["not_started", "self_assessed", "withdrawn"];
const NOT_VALIDATED: readonly CompetenceState[] = [
  "not_started",
  "self_assessed",
  "submitted",
  "more_evidence",
  "resubmitted",
  "withdrawn",
];

/** A decision on a request: a validator's, with a reason, while the request waits for one. */
const ON_A_REQUEST = {
  roles: ["validator"],
  channels: ["online", "prior_practice"],
  from: PENDING_STATES,
  comment: true,
} as const satisfies Partial<TransitionRule>;

export const TRANSITIONS: readonly TransitionRule[] = [
  // The learner's own steps.
  {
    action: "self_assess",
    roles: ["learner"],
    channels: ["online"],
    from: ["not_started"],
    to: "self_assessed",
    comment: false,
    level: "any",
  },
  {
    action: "self_assess",
    roles: ["learner"],
    channels: ["online"],
    from: ["self_assessed", "submitted", "more_evidence", "resubmitted", "validated", "withdrawn"],
    to: "same",
    comment: false,
    level: "any",
  },
  {
    action: "request",
    roles: ["learner"],
    channels: ["online", "prior_practice"],
    from: OPEN,
    to: "submitted",
    comment: true,
    level: "none",
  },
  {
    action: "resubmit",
    roles: ["learner"],
    channels: ["online", "prior_practice"],
    from: ["more_evidence"],
    to: "resubmitted",
    comment: true,
    level: "none",
  },
  // Decisions on a request.
  {
    action: "validate",
    ...ON_A_REQUEST,
    to: "approval",
    level: "proficient",
  },
  {
    action: "ask_more_evidence",
    ...ON_A_REQUEST,
    to: "more_evidence",
    level: "none",
  },
  {
    action: "withdraw",
    roles: ["validator"],
    channels: ["online"],
    from: ["validated"],
    to: "withdrawn",
    comment: true,
    level: "none",
  },
  // Routes without a learner request.
  {
    action: "observe",
    roles: ["validator"],
    channels: ["observation"],
    from: NOT_VALIDATED,
    to: "approval",
    comment: true,
    level: "proficient",
  },
  {
    action: "propose",
    roles: ["validator"],
    channels: ["proposal"],
    from: ["not_started", "self_assessed", "more_evidence", "withdrawn"],
    to: "same",
    comment: true,
    level: "proficient",
  },
  {
    action: "accept_proposal",
    roles: ["learner"],
    channels: ["proposal"],
    from: ["not_started", "self_assessed", "more_evidence", "withdrawn"],
    to: "approval",
    comment: true,
    level: "none",
  },
  {
    action: "decline_proposal",
    roles: ["learner"],
    channels: ["proposal"],
    from: ["not_started", "self_assessed", "more_evidence", "withdrawn"],
    to: "same",
    comment: false,
    level: "none",
  },
  {
    action: "record_paper",
    roles: ["lead"],
    channels: ["paper"],
    from: NOT_VALIDATED,
    to: "approval",
    comment: true,
    level: "proficient",
  },
];

export function rulesFor(action: ValidationAction): TransitionRule[] {
  return TRANSITIONS.filter((rule) => rule.action === action);
}

export function isPending(state: CompetenceState): boolean {
  return PENDING_STATES.includes(state);
}
