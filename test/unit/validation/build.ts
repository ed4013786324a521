// Builders for the validation unit tests: a record snapshot and a transition input with overrides.
import type { CompetenceRecord } from "../../../src/domain/validation/records.js";
import type {
  ActingRole,
  Channel,
  CompetenceState,
  ValidationAction,
} from "../../../src/domain/validation/states.js";
import type { TransitionInput } from "../../../src/domain/validation/transition.js";

export const LEARNER_ID = "learner-1";
export const TEACHER_ID = "teacher-1";
export const TEACHER_2_ID = "teacher-2";

export const SCALE = [
  { code: "novice", proficient: false },
  { code: "intermediaire", proficient: false },
  { code: "competent", proficient: true },
  { code: "expert", proficient: true },
];

export function buildRecord(overrides: Partial<CompetenceRecord> = {}): CompetenceRecord {
  return {
    id: "record-1",
    platformId: "p1",
    deploymentId: "1",
    contextId: "c1",
    learnerId: LEARNER_ID,
    frameworkId: "fw",
    competenceCode: "C1",
    state: "not_started",
    approvals: [],
    assignedValidatorIds: [],
    lastActivityAt: new Date("2026-01-01T10:00:00Z"),
    evidenceVersion: 0,
    rev: 0,
    timeline: [],
    ...overrides,
  };
}

const ROLE_OF: Record<
  ActingRole,
  { userId: string; roles: ActingRole[]; displayRole: "learner" | "teacher" | "tutor" }
> = {
  learner: { userId: LEARNER_ID, roles: ["learner"], displayRole: "learner" },
  validator: { userId: TEACHER_ID, roles: ["validator"], displayRole: "tutor" },
  lead: { userId: TEACHER_ID, roles: ["validator", "lead"], displayRole: "teacher" },
};

/** A complete input for `action` by `role`: a comment, a proficient level and a supervisor name. */
export function buildInput(
  action: ValidationAction,
  role: ActingRole,
  channel: Channel,
  state: CompetenceState,
  overrides: Partial<TransitionInput> = {},
): TransitionInput {
  return {
    record: buildRecord({
      state,
      ...(action === "accept_proposal" || action === "decline_proposal"
        ? {
            proposal: {
              by: TEACHER_2_ID,
              traceIds: ["t1"],
              traceRevisions: [2],
              level: "competent",
              comment: "Vu en classe",
              at: new Date("2026-01-02T00:00:00Z"),
            },
          }
        : {}),
    }),
    action,
    channel,
    actor: ROLE_OF[role],
    scale: SCALE,
    validationsRequired: 1,
    now: new Date("2026-02-01T09:00:00Z"),
    entryId: "entry-1",
    level: "competent",
    comment: "Une raison écrite",
    externalName: "M. Dupont, maître de stage",
    ...overrides,
  };
}
