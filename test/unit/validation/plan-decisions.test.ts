// planDecisions: the decision form as typed → the item decisions, bulk included.
import { expect } from "chai";
import type { ValidationRequest } from "../../../src/domain/validation/ports.js";
import {
  planDecisions,
  type DecisionSheet,
  type TypedDecision,
} from "../../../src/domain/validation/request-review.js";
import { ValidationError } from "../../../src/errors.js";

const request: ValidationRequest = {
  id: "r",
  platformId: "p",
  deploymentId: "d",
  contextId: "c",
  learnerId: "lea",
  frameworkId: "fw",
  basis: "traces",
  items: ["C1", "C2", "C3"].map((code) => ({ code, recordId: `rec-${code}` })),
  assignedValidatorIds: [],
  createdAt: new Date("2026-01-01T00:00:00Z"),
};

function sheet(
  items: Record<number, Partial<TypedDecision>>,
  bulk: Partial<DecisionSheet> = {},
): DecisionSheet {
  return {
    bulk: false,
    selected: new Set(),
    bulkComment: "",
    items: new Map(
      Object.entries(items).map(([index, typed]) => [
        Number(index),
        { code: request.items[Number(index)]?.code ?? "", decision: "none", comment: "", rev: 1, ...typed },
      ]),
    ),
    ...bulk,
  };
}

function problemsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error("no problem reported");
}

describe("planDecisions", () => {
  it("keeps each item's own decision, reason, level and revision", () => {
    const decisions = planDecisions(
      request,
      sheet({
        0: { decision: "validate", comment: "Convaincant", level: "competent", rev: 3 },
        1: { decision: "ask_more_evidence", comment: "Précisez" },
        2: {},
      }),
    );
    expect(decisions).to.deep.equal([
      { code: "C1", decision: "validate", comment: "Convaincant", rev: 3, level: "competent" },
      { code: "C2", decision: "ask_more_evidence", comment: "Précisez", rev: 1 },
      { code: "C3", decision: "none", comment: "", rev: 1 },
    ]);
  });

  it("validates every selected item in bulk with its own reason, else the shared one, at the bulk level", () => {
    const decisions = planDecisions(
      request,
      sheet(
        { 0: { comment: "Le mien" }, 1: {}, 2: { decision: "comment", comment: "Une remarque" } },
        { bulk: true, selected: new Set([0, 1]), bulkComment: "Motif commun", bulkLevel: "expert" },
      ),
    );
    expect(decisions.map((d) => [d.code, d.decision, d.comment, d.level])).to.deep.equal([
      ["C1", "validate", "Le mien", "expert"],
      ["C2", "validate", "Motif commun", "expert"],
      ["C3", "comment", "Une remarque", undefined],
    ]);
  });

  it("ignores an item whose code does not match the request's item at that position", () => {
    const decisions = planDecisions(
      request,
      sheet({ 0: { code: "C9", decision: "validate", comment: "x" } }),
    );
    expect(decisions).to.deep.equal([]);
  });

  it("asks which decision a reason typed without one goes with, and for a selection in bulk", () => {
    expect(
      problemsOf(() => planDecisions(request, sheet({ 1: { comment: "Sans décision" } }))),
    ).to.deep.equal({
      "comment:C2": "NO_DECISION",
    });
    expect(problemsOf(() => planDecisions(request, sheet({ 0: {} }, { bulk: true })))).to.deep.equal({
      bulk: "NOTHING_SELECTED",
    });
  });
});
