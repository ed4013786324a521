// The actions a competence page offers: exactly those the state machine would accept from this person
// now (reasons and levels aside), so a button is never shown for something that would be refused.
import type { StoredFramework } from "../frameworks/catalog.js";
import type { CourseRules } from "./ports.js";
import type { CompetenceRecord } from "./records.js";
import type { ActingRole, Channel, ValidationAction } from "./states.js";
import { transition, type RecordSnapshot } from "./transition.js";

export type OfferedAction =
  | "selfAssess"
  | "request"
  | "resubmit"
  | "answerProposal"
  | "decide"
  | "askMore"
  | "observe"
  | "propose"
  | "paper"
  | "withdraw";

/** A competence nobody has acted on yet: how the page and the state machine see it. */
export function emptyRecord(
  learnerId: string,
): RecordSnapshot & Pick<CompetenceRecord, "timeline" | "assignedValidatorIds" | "rev"> {
  return {
    learnerId,
    state: "not_started",
    approvals: [],
    evidenceVersion: 0,
    timeline: [],
    assignedValidatorIds: [],
    rev: 0,
  };
}

export function offeredActions(
  record: RecordSnapshot,
  actor: { userId: string; roles: readonly ActingRole[] },
  framework: StoredFramework,
  rules: Pick<CourseRules, "validationsRequired">,
): Record<OfferedAction, boolean> {
  const levels = framework.definition.scale.levels;
  const proficient = levels.find((level) => level.proficient)?.code ?? levels[0]?.code;
  const allows = (action: ValidationAction, channel: Channel): boolean =>
    transition({
      record,
      action,
      channel,
      actor: { ...actor, displayRole: "teacher" },
      scale: levels,
      validationsRequired: rules.validationsRequired,
      now: new Date(0),
      entryId: "dry-run",
      comment: "-",
      ...(proficient ? { level: proficient } : {}),
      externalName: "-",
    }).ok;
  const pending = record.state === "submitted" || record.state === "resubmitted";
  return {
    selfAssess: allows("self_assess", "online"),
    request: allows("request", "online"),
    resubmit: allows("resubmit", "online"),
    answerProposal: Boolean(record.proposal) && allows("accept_proposal", "proposal"),
    decide: pending && allows("validate", "online"),
    askMore: pending && allows("ask_more_evidence", "online"),
    observe: allows("observe", "observation"),
    propose: !record.proposal && allows("propose", "proposal"),
    paper: allows("record_paper", "paper"),
    withdraw: allows("withdraw", "online"),
  };
}
