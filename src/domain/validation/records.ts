// The shapes of a competence record and its timeline, as the domain sees them (persistence mirrors them).
import type { Channel, CompetenceState, ValidationAction } from "./states.js";

/** How people appear in a timeline: the role they acted in, not their LMS role list. */
export type DisplayRole = "learner" | "teacher" | "tutor" | "lead";

/** Who acted in a timeline entry: a display role, or a placement supervisor acting through an invitation. */
export type TimelineRole = DisplayRole | "supervisor";

export interface EvidenceRef {
  traceIds: string[];
  /** Revision of each trace when it was submitted, index for index with traceIds. */
  traceRevisions: number[];
  justification: string;
}

export interface Approval {
  /** The validator's user id, or `external:<name>` for a field supervisor's paper form. */
  validatorId: string;
  level: string;
  at: Date;
  channel: Channel;
  /** A supervisor outside the LMS, named on a paper form or on a placement invitation. */
  externalName?: string;
  /** The placement invitation the supervisor acted through (validation by observation in placement). */
  invitationId?: string;
}

export interface Proposal {
  by: string;
  traceIds: string[];
  traceRevisions: number[];
  level: string;
  comment: string;
  at: Date;
}

export interface TimelineEntry {
  id: string;
  at: Date;
  action: ValidationAction;
  from: CompetenceState;
  to: CompetenceState;
  actorId: string;
  actorRole: TimelineRole;
  channel: Channel;
  /** Which version of the evidence the step was about (1 = first request, +1 per resubmission). */
  evidenceVersion: number;
  level?: string;
  comment?: string;
  evidence?: EvidenceRef;
  /** Approvals after this step and how many the course requires (double validation: "1/2"). */
  approvals?: number;
  required?: number;
  externalName?: string;
  /** The placement invitation a supervisor acted through: the provenance the timeline shows. */
  invitationId?: string;
  scanId?: string;
  requestId?: string;
}

export interface CompetenceKey {
  platformId: string;
  deploymentId: string;
  contextId: string;
  learnerId: string;
  frameworkId: string;
  competenceCode: string;
}

export interface CompetenceRecord extends CompetenceKey {
  id: string;
  state: CompetenceState;
  /** Validated level code (only while validated). */
  level?: string;
  /** The learner's latest self-assessed level (the history is in self_assessments). */
  selfLevel?: string;
  approvals: Approval[];
  requestId?: string;
  assignedValidatorIds: string[];
  waitingSince?: Date;
  lastActivityAt: Date;
  learnerActivityAt?: Date;
  evidence?: EvidenceRef;
  evidenceVersion: number;
  proposal?: Proposal;
  /** Optimistic concurrency: every change requires the revision it was computed from. */
  rev: number;
  timeline: TimelineEntry[];
}
