// Applies one action to a record snapshot: either a refusal code or the change to write (state,
// approvals, level, waiting time and the timeline entry). Pure: the repository writes it atomically.
import { requiredApprovals, addApproval, settledLevel } from "./double-validation.js";
import type {
  Approval,
  CompetenceRecord,
  DisplayRole,
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
  actor: { userId: string; roles: readonly ActingRole[]; displayRole: DisplayRole };
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

export function transition(input: TransitionInput): TransitionResult {
  const matched = matchRule(input);
  if (typeof matched === "string") return refuse(matched);
  const rule = matched;
  const comment = input.comment?.trim() ?? "";
  if (rule.comment && comment === "") return refuse("COMMENT_REQUIRED");
  const proposal = input.record.proposal;
  if (input.action === "accept_proposal" || input.action === "decline_proposal") {
    if (!proposal) return refuse("NO_PROPOSAL");
  }
  let level: string | undefined;
  if (rule.level !== "none") {
    if (!input.level) return refuse("LEVEL_REQUIRED");
    const found = input.scale.find((candidate) => candidate.code === input.level);
    if (!found || (rule.level === "proficient" && !found.proficient)) return refuse("LEVEL_INVALID");
    level = found.code;
  }
  if (input.action === "record_paper" && !input.externalName?.trim()) return refuse("SUPERVISOR_REQUIRED");

  const from = input.record.state;
  const required = requiredApprovals(input.validationsRequired);
  let state: CompetenceState = from;
  let approvals = input.record.approvals;
  let validatedLevel: string | null = input.record.level ?? null;
  let waitingSince: Date | null | undefined;
  let evidenceVersion = input.record.evidenceVersion;
  let evidence: EvidenceRef | undefined;
  let nextProposal: Proposal | null | undefined;
  let requestId: string | null | undefined;
  let selfLevel: string | undefined;

  if (rule.to === "approval") {
    const approval: Approval =
      input.action === "accept_proposal" && proposal
        ? { validatorId: proposal.by, level: proposal.level, at: input.now, channel: "proposal" }
        : {
            validatorId:
              input.action === "record_paper"
                ? `external:${normalizeName(input.externalName ?? "")}`
                : input.actor.userId,
            level: level ?? "",
            at: input.now,
            channel: input.channel,
            ...(input.externalName ? { externalName: input.externalName.trim() } : {}),
          };
    const added = addApproval(approvals, approval);
    if (!added) return refuse("ALREADY_APPROVED");
    approvals = added;
    if (approvals.length >= required) {
      state = "validated";
      validatedLevel = settledLevel(approvals, input.scale);
      waitingSince = null;
    } else {
      // One of two validations is in: the competence waits for a second, distinct validator.
      state = isPending(from) ? from : "submitted";
      if (!isPending(from)) waitingSince = input.now;
    }
    if (input.action === "accept_proposal") nextProposal = null;
  } else if (rule.to !== "same") {
    state = rule.to;
  }

  switch (input.action) {
    case "self_assess":
      selfLevel = level;
      break;
    case "request":
    case "resubmit":
      evidenceVersion += 1;
      evidence = input.evidence ?? { traceIds: [], traceRevisions: [], justification: comment };
      waitingSince = input.now;
      approvals = [];
      validatedLevel = null;
      if (input.requestId) requestId = input.requestId;
      break;
    case "ask_more_evidence":
      // The evidence will change: approvals given on this version no longer hold.
      approvals = [];
      waitingSince = null;
      break;
    case "withdraw":
      approvals = [];
      validatedLevel = null;
      waitingSince = null;
      break;
    case "propose":
      nextProposal = {
        by: input.actor.userId,
        traceIds: input.proposal?.traceIds ?? [],
        traceRevisions: input.proposal?.traceRevisions ?? [],
        level: level ?? "",
        comment,
        at: input.now,
      };
      break;
    case "decline_proposal":
      nextProposal = null;
      break;
    case "accept_proposal":
      if (proposal) {
        evidenceVersion += 1;
        evidence = {
          traceIds: proposal.traceIds,
          traceRevisions: proposal.traceRevisions,
          justification: comment,
        };
      }
      break;
    default:
      break;
  }
  if (state !== "validated") validatedLevel = null;

  const entry: TimelineEntry = {
    id: input.entryId,
    at: input.now,
    action: input.action,
    from,
    to: state,
    actorId: input.actor.userId,
    actorRole: input.actor.displayRole,
    channel: input.channel,
    evidenceVersion,
    ...(level ? { level } : {}),
    ...(comment ? { comment } : {}),
    ...(evidence ? { evidence } : {}),
    ...(rule.to === "approval" ? { approvals: approvals.length, required } : {}),
    ...(input.externalName?.trim() ? { externalName: input.externalName.trim() } : {}),
    ...(input.scanId ? { scanId: input.scanId } : {}),
    ...((input.requestId ?? input.record.requestId)
      ? { requestId: input.requestId ?? input.record.requestId }
      : {}),
  };
  return {
    ok: true,
    change: {
      state,
      stateOrLevelChanged: changesStateOrLevel(input.record, { state, level: validatedLevel }),
      level: validatedLevel,
      approvals,
      waitingSince,
      evidenceVersion,
      evidence,
      proposal: nextProposal,
      requestId,
      selfLevel,
      learnerActed: input.actor.roles.includes("learner"),
      entry,
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
