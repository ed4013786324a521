import { expect } from "chai";
import {
  addApproval,
  approvalProgress,
  requiredApprovals,
  settledLevel,
} from "../../../src/domain/validation/double-validation.js";
import { transition } from "../../../src/domain/validation/transition.js";
import { buildInput, buildRecord, SCALE, TEACHER_2_ID, TEACHER_ID } from "./build.js";

describe("double validation", () => {
  const first = {
    validatorId: TEACHER_ID,
    level: "expert",
    at: new Date("2026-02-01T00:00:00Z"),
    channel: "online" as const,
  };

  it("requires two approvals only when the course asks for two", () => {
    expect(requiredApprovals(1)).to.equal(1);
    expect(requiredApprovals(2)).to.equal(2);
    expect(approvalProgress([first], 2)).to.equal("1/2");
    expect(approvalProgress([first], 1)).to.equal(null);
  });

  it("keeps a competence waiting after the first approval, showing 1/2", () => {
    const result = transition(
      buildInput("validate", "validator", "online", "submitted", { validationsRequired: 2 }),
    );
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.change.state).to.equal("submitted");
    expect(result.change.level).to.equal(null);
    expect(result.change.approvals).to.have.length(1);
    expect(result.change.stateOrLevelChanged).to.equal(false);
    expect(result.change.waitingSince).to.equal(undefined);
    expect(result.change.entry).to.include({ approvals: 1, required: 2 });
  });

  it("refuses a second approval by the same validator", () => {
    const record = buildRecord({ state: "submitted", approvals: [first] });
    const result = transition({
      ...buildInput("validate", "validator", "online", "submitted", { validationsRequired: 2 }),
      record,
    });
    expect(result).to.deep.equal({ ok: false, reason: "ALREADY_APPROVED" });
  });

  it("validates once a second, distinct validator approves, at the lower of the two levels", () => {
    const record = buildRecord({
      state: "resubmitted",
      approvals: [first],
      waitingSince: new Date("2026-01-20T00:00:00Z"),
    });
    const result = transition({
      ...buildInput("validate", "validator", "online", "resubmitted", {
        validationsRequired: 2,
        level: "competent",
      }),
      record,
      actor: { userId: TEACHER_2_ID, roles: ["validator"], displayRole: "teacher" },
    });
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.change.state).to.equal("validated");
    expect(result.change.level).to.equal("competent");
    expect(result.change.waitingSince).to.equal(null);
    expect(result.change.stateOrLevelChanged).to.equal(true);
    expect(result.change.entry).to.include({ approvals: 2, required: 2 });
  });

  it("counts a field supervisor's paper form as one distinct validator", () => {
    const record = buildRecord({ state: "submitted", approvals: [first] });
    const result = transition({
      ...buildInput("record_paper", "lead", "paper", "submitted", { validationsRequired: 2 }),
      record,
    });
    expect(result.ok).to.equal(true);
    if (result.ok)
      expect(result.change.approvals[1]?.validatorId).to.equal("external:m. dupont, maître de stage");
  });

  it("puts an observation into the queue when a second validation is needed", () => {
    const input = buildInput("observe", "validator", "observation", "self_assessed", {
      validationsRequired: 2,
    });
    const result = transition(input);
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.change.state).to.equal("submitted");
    expect(result.change.waitingSince).to.deep.equal(input.now);
  });

  it("drops the approvals given on an evidence version when more evidence is asked", () => {
    const record = buildRecord({ state: "submitted", approvals: [first] });
    const result = transition({
      ...buildInput("ask_more_evidence", "validator", "online", "submitted", { validationsRequired: 2 }),
      record,
      actor: { userId: TEACHER_2_ID, roles: ["validator"], displayRole: "teacher" },
    });
    expect(result.ok && result.change.approvals).to.deep.equal([]);
  });

  it("helpers: addApproval refuses duplicates, settledLevel takes the lowest", () => {
    expect(addApproval([first], { ...first })).to.equal(null);
    expect(settledLevel([first, { ...first, validatorId: "x", level: "competent" }], SCALE)).to.equal(
      "competent",
    );
  });
});

describe("withdrawal", () => {
  it("withdraws a validation with a reason, clearing its level and approvals", () => {
    const record = buildRecord({
      state: "validated",
      level: "competent",
      approvals: [{ validatorId: TEACHER_ID, level: "competent", at: new Date(), channel: "online" }],
    });
    const result = transition({
      ...buildInput("withdraw", "validator", "online", "validated", {
        comment: "Trace retirée par l'établissement",
      }),
      record,
    });
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.change).to.include({ state: "withdrawn", level: null, stateOrLevelChanged: true });
    expect(result.change.approvals).to.deep.equal([]);
    expect(result.change.entry.comment).to.equal("Trace retirée par l'établissement");
  });
  it("refuses a withdrawal without a reason, and by the learner", () => {
    expect(
      transition(buildInput("withdraw", "validator", "online", "validated", { comment: "" })),
    ).to.deep.equal({ ok: false, reason: "COMMENT_REQUIRED" });
    expect(transition(buildInput("withdraw", "learner", "online", "validated"))).to.deep.equal({
      ok: false,
      reason: "OWN_COMPETENCE",
    });
  });
  it("lets the learner ask again after a withdrawal", () => {
    expect(transition(buildInput("request", "learner", "online", "withdrawn")).ok).to.equal(true);
  });
});
