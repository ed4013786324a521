import { expect } from "chai";
import {
  ACTIONS,
  CHANNELS,
  COMPETENCE_STATES,
  type ActingRole,
  type Channel,
  type CompetenceState,
  type ValidationAction,
} from "../../../src/domain/validation/states.js";
import { transition } from "../../../src/domain/validation/transition.js";
import { buildInput, buildRecord, LEARNER_ID, TEACHER_ID } from "./build.js";

type Expected = CompetenceState | "same";

/**
 * The state machine written out by hand, independently of the rules table:
 * action → role → channel → { from state: resulting state }. Everything absent is refused.
 */
const SPEC: Record<
  ValidationAction,
  Partial<Record<ActingRole, Partial<Record<Channel, Partial<Record<CompetenceState, Expected>>>>>>
> = {
  self_assess: {
    learner: {
      online: {
        not_started: "self_assessed",
        self_assessed: "same",
        submitted: "same",
        more_evidence: "same",
        resubmitted: "same",
        validated: "same",
        withdrawn: "same",
      },
    },
  },
  request: {
    learner: {
      online: { not_started: "submitted", self_assessed: "submitted", withdrawn: "submitted" },
      prior_practice: { not_started: "submitted", self_assessed: "submitted", withdrawn: "submitted" },
    },
  },
  resubmit: {
    learner: { online: { more_evidence: "resubmitted" }, prior_practice: { more_evidence: "resubmitted" } },
  },
  validate: {
    validator: {
      online: { submitted: "validated", resubmitted: "validated" },
      prior_practice: { submitted: "validated", resubmitted: "validated" },
    },
  },
  ask_more_evidence: {
    validator: {
      online: { submitted: "more_evidence", resubmitted: "more_evidence" },
      prior_practice: { submitted: "more_evidence", resubmitted: "more_evidence" },
    },
  },
  withdraw: { validator: { online: { validated: "withdrawn" } } },
  observe: {
    validator: {
      observation: {
        not_started: "validated",
        self_assessed: "validated",
        submitted: "validated",
        more_evidence: "validated",
        resubmitted: "validated",
        withdrawn: "validated",
      },
    },
  },
  propose: {
    validator: {
      proposal: { not_started: "same", self_assessed: "same", more_evidence: "same", withdrawn: "same" },
    },
  },
  accept_proposal: {
    learner: {
      proposal: {
        not_started: "validated",
        self_assessed: "validated",
        more_evidence: "validated",
        withdrawn: "validated",
      },
    },
  },
  decline_proposal: {
    learner: {
      proposal: { not_started: "same", self_assessed: "same", more_evidence: "same", withdrawn: "same" },
    },
  },
  record_paper: {
    lead: {
      paper: {
        not_started: "validated",
        self_assessed: "validated",
        submitted: "validated",
        more_evidence: "validated",
        resubmitted: "validated",
        withdrawn: "validated",
      },
    },
  },
};

/** A validator who is also lead may do everything a validator does. */
function expectedFor(
  action: ValidationAction,
  role: ActingRole,
  channel: Channel,
  state: CompetenceState,
): Expected | undefined {
  const direct = SPEC[action][role]?.[channel]?.[state];
  if (direct) return direct;
  if (role === "lead") return SPEC[action].validator?.[channel]?.[state];
  return undefined;
}

describe("validation state machine", () => {
  const roles: ActingRole[] = ["learner", "validator", "lead"];
  for (const action of ACTIONS) {
    describe(`transition: ${action}`, () => {
      for (const role of roles) {
        for (const channel of CHANNELS) {
          const allowed = COMPETENCE_STATES.filter((state) => expectedFor(action, role, channel, state));
          const title = allowed.length
            ? `lets a ${role} act through ${channel} from ${allowed.join(", ")} only`
            : `refuses a ${role} through ${channel} in every state`;
          it(title, () => {
            for (const state of COMPETENCE_STATES) {
              const expected = expectedFor(action, role, channel, state);
              const result = transition(buildInput(action, role, channel, state));
              if (!expected) {
                expect(result.ok, `${state}: ${JSON.stringify(result)}`).to.equal(false);
                continue;
              }
              expect(result.ok, `${state}: ${JSON.stringify(result)}`).to.equal(true);
              if (!result.ok) continue;
              expect(result.change.state, state).to.equal(expected === "same" ? state : expected);
              expect(result.change.entry).to.include({ action, from: state, channel });
              expect(result.change.entry.to).to.equal(result.change.state);
            }
          });
        }
      }
    });
  }

  describe("refusal reasons", () => {
    it("says ROLE_NOT_ALLOWED when a learner tries to validate", () => {
      const result = transition(
        buildInput("validate", "learner", "online", "submitted", {
          actor: { userId: "someone-else", roles: ["learner"], displayRole: "learner" },
        }),
      );
      expect(result).to.deep.equal({ ok: false, reason: "ROLE_NOT_ALLOWED" });
    });
    it("says OWN_COMPETENCE when the record's learner acts as a validator, whatever roles they claim", () => {
      const result = transition(
        buildInput("validate", "lead", "online", "submitted", {
          actor: { userId: LEARNER_ID, roles: ["validator", "lead"], displayRole: "teacher" },
        }),
      );
      expect(result).to.deep.equal({ ok: false, reason: "OWN_COMPETENCE" });
    });
    it("says CHANNEL_NOT_ALLOWED for a paper form entered by a tutor who is not a lead", () => {
      expect(transition(buildInput("record_paper", "validator", "paper", "submitted"))).to.deep.equal({
        ok: false,
        reason: "ROLE_NOT_ALLOWED",
      });
      expect(transition(buildInput("observe", "validator", "paper", "submitted"))).to.deep.equal({
        ok: false,
        reason: "CHANNEL_NOT_ALLOWED",
      });
    });
    it("says STATE_NOT_ALLOWED when the request was already decided", () => {
      expect(transition(buildInput("validate", "validator", "online", "validated"))).to.deep.equal({
        ok: false,
        reason: "STATE_NOT_ALLOWED",
      });
    });
    it("requires a written reason for every decision, including a validation", () => {
      for (const action of [
        "validate",
        "ask_more_evidence",
        "withdraw",
        "observe",
        "record_paper",
        "propose",
      ] as const) {
        const role: ActingRole = action === "record_paper" ? "lead" : "validator";
        const channel: Channel =
          action === "observe"
            ? "observation"
            : action === "record_paper"
              ? "paper"
              : action === "propose"
                ? "proposal"
                : "online";
        const state: CompetenceState =
          action === "withdraw" ? "validated" : action === "propose" ? "self_assessed" : "submitted";
        const result = transition(buildInput(action, role, channel, state, { comment: "   " }));
        expect(result, action).to.deep.equal({ ok: false, reason: "COMMENT_REQUIRED" });
      }
    });
    it("validates only at a level of the scale that means acquired", () => {
      expect(
        transition(buildInput("validate", "validator", "online", "submitted", { level: "novice" })),
      ).to.deep.equal({ ok: false, reason: "LEVEL_INVALID" });
      expect(
        transition(buildInput("validate", "validator", "online", "submitted", { level: "unknown" })),
      ).to.deep.equal({ ok: false, reason: "LEVEL_INVALID" });
      expect(
        transition(buildInput("validate", "validator", "online", "submitted", { level: undefined })),
      ).to.deep.equal({ ok: false, reason: "LEVEL_REQUIRED" });
    });
    it("lets a learner self-assess at any level of the scale", () => {
      const result = transition(
        buildInput("self_assess", "learner", "online", "not_started", { level: "novice", comment: "" }),
      );
      expect(result.ok).to.equal(true);
      if (result.ok) expect(result.change.selfLevel).to.equal("novice");
    });
    it("needs the supervisor's name on a paper form", () => {
      expect(
        transition(buildInput("record_paper", "lead", "paper", "not_started", { externalName: " " })),
      ).to.deep.equal({ ok: false, reason: "SUPERVISOR_REQUIRED" });
    });
    it("needs a pending proposal to accept or decline", () => {
      const input = buildInput("accept_proposal", "learner", "proposal", "self_assessed");
      const result = transition({ ...input, record: buildRecord({ state: "self_assessed" }) });
      expect(result).to.deep.equal({ ok: false, reason: "NO_PROPOSAL" });
    });
  });

  describe("what each step records", () => {
    it("starts the waiting time and a new evidence version on a request", () => {
      const input = buildInput("request", "learner", "online", "self_assessed", {
        evidence: { traceIds: ["t1"], traceRevisions: [3], justification: "Séquence menée en classe" },
        requestId: "req-1",
      });
      const result = transition(input);
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.change.waitingSince).to.deep.equal(input.now);
      expect(result.change.evidenceVersion).to.equal(1);
      expect(result.change.entry.evidence).to.deep.equal({
        traceIds: ["t1"],
        traceRevisions: [3],
        justification: "Séquence menée en classe",
      });
      expect(result.change.entry).to.include({
        requestId: "req-1",
        actorRole: "learner",
        evidenceVersion: 1,
      });
      expect(result.change.stateOrLevelChanged).to.equal(true);
    });
    it("stops the waiting time and keeps who, when, channel and reason on a decision", () => {
      const record = buildRecord({
        state: "submitted",
        waitingSince: new Date("2026-01-10T00:00:00Z"),
        evidenceVersion: 2,
        requestId: "req-1",
      });
      const result = transition({ ...buildInput("validate", "validator", "online", "submitted"), record });
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.change.waitingSince).to.equal(null);
      expect(result.change.level).to.equal("competent");
      expect(result.change.entry).to.include({
        actorId: TEACHER_ID,
        actorRole: "tutor",
        channel: "online",
        evidenceVersion: 2,
        comment: "Une raison écrite",
        level: "competent",
        requestId: "req-1",
      });
    });
    it("keeps the proposer as validator when the learner accepts a proposal, with the learner's reflection", () => {
      const result = transition(
        buildInput("accept_proposal", "learner", "proposal", "self_assessed", {
          comment: "J'y vois ma progression",
        }),
      );
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.change.approvals.map((a) => a.validatorId)).to.deep.equal(["teacher-2"]);
      expect(result.change.level).to.equal("competent");
      expect(result.change.proposal).to.equal(null);
      expect(result.change.evidence).to.deep.equal({
        traceIds: ["t1"],
        traceRevisions: [2],
        justification: "J'y vois ma progression",
      });
    });
    it("does not mark a grade change when only a proposal is made", () => {
      const result = transition(buildInput("propose", "validator", "proposal", "self_assessed"));
      expect(result.ok && result.change.stateOrLevelChanged).to.equal(false);
    });
  });
});
