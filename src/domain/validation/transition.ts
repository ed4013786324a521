// Applies one action to a record snapshot: either a refusal code or the change to write (state,
// approvals, level, waiting time and the timeline entry). Pure: the repository writes it atomically.
import { requiredApprovals, addApproval, settledLevel } from "./double-validation.js";
import type {
  Approval,
  CompetenceRecord,
  TimelineRole,
  EvidenceRef,
  Proposal,
  TimelineEntry,
} from "./records.js";
import {
  isPending,
  rulesFor,
  type ActingRole,
  type Channel,
  type CompetenceState,
  type TransitionRule,
  type ValidationAction,
} from "./states.js";

export type RefusalCode =
  | "OWN_COMPETENCE"
  | "ROLE_NOT_ALLOWED"
  | "CHANNEL_NOT_ALLOWED"
  | "STATE_NOT_ALLOWED"
  | "COMMENT_REQUIRED"
  | "LEVEL_REQUIRED"
  | "LEVEL_INVALID"
  | "ALREADY_APPROVED"
  | "NO_PROPOSAL"
  | "SUPERVISOR_REQUIRED";

export interface ScaleLevel {
  code: string;
  proficient: boolean;
}

export type RecordSnapshot = Pick<
  CompetenceRecord,
  | "learnerId"
  | "state"
  | "level"
  | "approvals"
  | "evidenceVersion"
  | "proposal"
  | "waitingSince"
  | "requestId"
>;

export interface TransitionInput {
  record: RecordSnapshot;
  action: ValidationAction;
  channel: Channel;
  actor: { userId: string; roles: readonly ActingRole[]; displayRole: TimelineRole };
  scale: readonly ScaleLevel[];
  /** Course setting: 1, or 2 for double validation. */
  validationsRequired: number;
  now: Date;
  entryId: string;
  level?: string;
  comment?: string;
  evidence?: EvidenceRef;
  /** For a proposal: the traces it is made from. */
  proposal?: Omit<Proposal, "by" | "at" | "level" | "comment">;
  externalName?: string;
  /** A placement supervisor acting through an invitation link (see invited-observation.ts). */
  invitationId?: string;
  scanId?: string;
  requestId?: string;
}

export interface RecordChange {
  state: CompetenceState;
  /** The state or the validated level changes: the grade may change (grades contract: outbox marker). */
  stateOrLevelChanged: boolean;
  level: string | null;
  approvals: Approval[];
  /** undefined: leave as is; null: clear. */
  waitingSince: Date | null | undefined;
  evidenceVersion: number;
  evidence: EvidenceRef | undefined;
  proposal: Proposal | null | undefined;
  requestId: string | null | undefined;
  selfLevel: string | undefined;
  learnerActed: boolean;
  entry: TimelineEntry;
}

export type TransitionResult = { ok: true; change: RecordChange } | { ok: false; reason: RefusalCode };

function refuse(reason: RefusalCode): TransitionResult {
  return { ok: false, reason };
}

/** The first reason the rules give for refusing, in the order people can act on it. */
function matchRule(input: TransitionInput): TransitionRule | RefusalCode {
  const rules = rulesFor(input.action);
  const acting = input.actor.roles;
  const validatorSide = rules.some((rule) => !rule.roles.includes("learner"));
  // A learner never decides on their own competence, whatever roles they hold elsewhere.
  if (validatorSide && input.actor.userId === input.record.learnerId) return "OWN_COMPETENCE";
  const byRole = rules.filter((rule) => rule.roles.some((role) => acting.includes(role)));
  if (byRole.length === 0) return "ROLE_NOT_ALLOWED";
  const byChannel = byRole.filter((rule) => rule.channels.includes(input.channel));
  if (byChannel.length === 0) return "CHANNEL_NOT_ALLOWED";
  const byState = byChannel.find((rule) => rule.from.includes(input.record.state));
  return byState ?? "STATE_NOT_ALLOWED";
}

/** What the input must carry for the matched rule: a reason, a level of the scale, a signatory. */
function checkInput(
  input: TransitionInput,
  rule: TransitionRule,
): { level: string | undefined } | RefusalCode {
  if (rule.comment && (input.comment?.trim() ?? "") === "") return "COMMENT_REQUIRED";
  if ((input.action === "accept_proposal" || input.action === "decline_proposal") && !input.record.proposal)
    return "NO_PROPOSAL";
  let level: string | undefined;
  if (rule.level !== "none") {
    if (!input.level) return "LEVEL_REQUIRED";
    const found = input.scale.find((candidate) => candidate.code === input.level);
    if (!found || (rule.level === "proficient" && !found.proficient)) return "LEVEL_INVALID";
    level = found.code;
  }
  if (input.action === "record_paper" && !input.externalName?.trim()) return "SUPERVISOR_REQUIRED";
  return { level };
}

/** The record as the action leaves it (`level`: the validated level), built up step by step. */
type Draft = Omit<RecordChange, "stateOrLevelChanged" | "learnerActed" | "entry">;

/** What the action itself does to the draft, beyond the state change of its rule. */
type Effect = (draft: Draft, input: TransitionInput, step: { level?: string; comment: string }) => void;

const submitEvidence: Effect = (draft, input, { comment }) => {
  draft.evidenceVersion += 1;
  draft.evidence = input.evidence ?? { traceIds: [], traceRevisions: [], justification: comment };
  draft.waitingSince = input.now;
  draft.approvals = [];
  draft.level = null;
  if (input.requestId) draft.requestId = input.requestId;
};

const EFFECTS: Partial<Record<ValidationAction, Effect>> = {
  self_assess: (draft, _input, { level }) => {
    draft.selfLevel = level;
  },
  request: submitEvidence,
  resubmit: submitEvidence,
  ask_more_evidence: (draft) => {
    // The evidence will change: approvals given on this version no longer hold.
    draft.approvals = [];
    draft.waitingSince = null;
  },
  withdraw: (draft) => {
    draft.approvals = [];
    draft.level = null;
    draft.waitingSince = null;
  },
  propose: (draft, input, { level, comment }) => {
    draft.proposal = {
      by: input.actor.userId,
      traceIds: input.proposal?.traceIds ?? [],
      traceRevisions: input.proposal?.traceRevisions ?? [],
      level: level ?? "",
      comment,
      at: input.now,
    };
  },
  decline_proposal: (draft) => {
    draft.proposal = null;
  },
  accept_proposal: (draft, input, { comment }) => {
    const proposal = input.record.proposal;
    draft.proposal = null;
    if (!proposal) return;
    draft.evidenceVersion += 1;
    draft.evidence = {
      traceIds: proposal.traceIds,
      traceRevisions: proposal.traceRevisions,
      justification: comment,
    };
  },
};

/** Who approves: the proposer when a proposal is accepted, the named supervisor of a paper form, or the actor. */
function approvalOf(input: TransitionInput, level: string | undefined): Approval {
  const proposal = input.record.proposal;
  if (input.action === "accept_proposal" && proposal)
    return { validatorId: proposal.by, level: proposal.level, at: input.now, channel: "proposal" };
  return {
    validatorId:
      input.action === "record_paper"
        ? `external:${normalizeName(input.externalName ?? "")}`
        : input.actor.userId,
    level: level ?? "",
    at: input.now,
    channel: input.channel,
    ...(input.externalName ? { externalName: input.externalName.trim() } : {}),
    ...(input.invitationId ? { invitationId: input.invitationId } : {}),
  };
}

/** Adds one approval: validated once enough distinct validators agree, else (still) waiting. */
function approve(draft: Draft, input: TransitionInput, level: string | undefined, required: number): boolean {
  const added = addApproval(draft.approvals, approvalOf(input, level));
  if (!added) return false;
  draft.approvals = added;
  const from = input.record.state;
  if (added.length >= required) {
    draft.state = "validated";
    draft.level = settledLevel(added, input.scale);
    draft.waitingSince = null;
  } else {
    // One of two validations is in: the competence waits for a second, distinct validator.
    draft.state = isPending(from) ? from : "submitted";
    if (!isPending(from)) draft.waitingSince = input.now;
  }
  return true;
}

function timelineEntry(
  input: TransitionInput,
  rule: TransitionRule,
  draft: Draft,
  step: { level?: string; comment: string; required: number },
): TimelineEntry {
  const externalName = input.externalName?.trim();
  const requestId = input.requestId ?? input.record.requestId;
  return {
    id: input.entryId,
    at: input.now,
    action: input.action,
    from: input.record.state,
    to: draft.state,
    actorId: input.actor.userId,
    actorRole: input.actor.displayRole,
    channel: input.channel,
    evidenceVersion: draft.evidenceVersion,
    ...(step.level ? { level: step.level } : {}),
    ...(step.comment ? { comment: step.comment } : {}),
    ...(draft.evidence ? { evidence: draft.evidence } : {}),
    ...(rule.to === "approval" ? { approvals: draft.approvals.length, required: step.required } : {}),
    ...(externalName ? { externalName } : {}),
    ...(input.invitationId ? { invitationId: input.invitationId } : {}),
    ...(input.scanId ? { scanId: input.scanId } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export function transition(input: TransitionInput): TransitionResult {
  const rule = matchRule(input);
  if (typeof rule === "string") return refuse(rule);
  const checked = checkInput(input, rule);
  if (typeof checked === "string") return refuse(checked);
  const step = { level: checked.level, comment: input.comment?.trim() ?? "" };
  const required = requiredApprovals(input.validationsRequired);
  const draft: Draft = {
    state: input.record.state,
    approvals: input.record.approvals,
    level: input.record.level ?? null,
    waitingSince: undefined,
    evidenceVersion: input.record.evidenceVersion,
    evidence: undefined,
    proposal: undefined,
    requestId: undefined,
    selfLevel: undefined,
  };
  if (rule.to === "approval") {
    if (!approve(draft, input, step.level, required)) return refuse("ALREADY_APPROVED");
  } else if (rule.to !== "same") {
    draft.state = rule.to;
  }
  EFFECTS[input.action]?.(draft, input, step);
  if (draft.state !== "validated") draft.level = null;
  return {
    ok: true,
    change: {
      ...draft,
      stateOrLevelChanged: changesStateOrLevel(input.record, { state: draft.state, level: draft.level }),
      learnerActed: input.actor.roles.includes("learner"),
      entry: timelineEntry(input, rule, draft, { ...step, required }),
    },
  };
}

/**
 * Whether going from `before` to `after` changes the state or the validated level. Either can change
 * a learner's grade (the "weighted" policy counts levels), so either sets the grade outbox marker.
 */
export function changesStateOrLevel(
  before: { state: CompetenceState; level?: string | null },
  after: { state: CompetenceState; level?: string | null },
): boolean {
  return before.state !== after.state || (before.level || null) !== (after.level || null);
}

/** Paper forms name people outside the LMS: the same name twice is the same supervisor. */
export function normalizeName(name: string): string {
  return name.trim().toLocaleLowerCase("fr").replace(/\s+/g, " ");
}
