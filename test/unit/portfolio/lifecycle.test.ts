import { expect } from "chai";
import {
  awaitsLearner,
  awaitsReviewer,
  effectiveProgress,
  nextStatus,
  progressPercent,
  TRACE_EVENTS,
  type TraceEvent,
} from "../../../src/domain/portfolio/lifecycle.js";
import { TRACE_STATUSES, type TraceStatus } from "../../../src/domain/portfolio/types.js";

// Expected status after each event, from each status; null = refused.
const TABLE: Record<TraceEvent, Record<TraceStatus, TraceStatus | null>> = {
  share: {
    draft: "shared",
    shared: "shared",
    feedback: "feedback",
    revised: "revised",
    validated: "validated",
    to_rework: "to_rework",
  },
  unshare: {
    draft: "draft",
    shared: "draft",
    feedback: "draft",
    revised: "draft",
    validated: "validated",
    to_rework: "to_rework",
  },
  revise: {
    draft: "draft",
    shared: "shared",
    feedback: "revised",
    revised: "revised",
    validated: null,
    to_rework: "revised",
  },
  reviewer_comment: {
    draft: null,
    shared: "feedback",
    feedback: "feedback",
    revised: "feedback",
    validated: "validated",
    to_rework: "to_rework",
  },
  validate: {
    draft: null,
    shared: "validated",
    feedback: "validated",
    revised: "validated",
    validated: null,
    to_rework: "validated",
  },
  rework: {
    draft: null,
    shared: "to_rework",
    feedback: "to_rework",
    revised: "to_rework",
    validated: "to_rework",
    to_rework: null,
  },
};

describe("portfolio lifecycle", () => {
  describe("nextStatus", () => {
    for (const event of TRACE_EVENTS) {
      for (const status of TRACE_STATUSES) {
        const expected = TABLE[event][status];
        it(`${event} from ${status} → ${expected ?? "refused"}`, () => {
          expect(nextStatus(status, event)).to.equal(expected);
        });
      }
    }
  });

  it("walks the whole cycle: draft → shared → feedback → revised → to_rework → revised → validated", () => {
    let status: TraceStatus = "draft";
    const steps: [TraceEvent, TraceStatus][] = [
      ["share", "shared"],
      ["reviewer_comment", "feedback"],
      ["revise", "revised"],
      ["rework", "to_rework"],
      ["revise", "revised"],
      ["validate", "validated"],
    ];
    for (const [event, expected] of steps) {
      const next = nextStatus(status, event);
      expect(next, `${event} from ${status}`).to.equal(expected);
      status = expected;
    }
  });

  it("freezes a validated trace until a reviewer asks for rework", () => {
    expect(nextStatus("validated", "revise")).to.equal(null);
    expect(nextStatus("validated", "rework")).to.equal("to_rework");
    expect(nextStatus("to_rework", "revise")).to.equal("revised");
  });

  it("says who is expected to act", () => {
    expect(TRACE_STATUSES.filter(awaitsLearner)).to.deep.equal(["feedback", "to_rework"]);
    expect(TRACE_STATUSES.filter(awaitsReviewer)).to.deep.equal(["shared", "revised"]);
  });

  describe("progressPercent", () => {
    it("counts a section in progress as half", () => {
      expect(
        progressPercent([
          { progress: "done" },
          { progress: "draft" },
          { progress: "empty" },
          { progress: "empty" },
        ]),
      ).to.equal(38);
      expect(progressPercent([{ progress: "done" }, { progress: "done" }])).to.equal(100);
      expect(progressPercent([])).to.equal(0);
    });
  });

  describe("effectiveProgress", () => {
    it("marks a section with text as at least in progress", () => {
      expect(effectiveProgress("Du texte", "empty")).to.equal("draft");
      expect(effectiveProgress("   ", "empty")).to.equal("empty");
      expect(effectiveProgress("Du texte", "done")).to.equal("done");
      expect(effectiveProgress("", "done")).to.equal("done");
    });
  });
});
