import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { Actor } from "../../../src/domain/actor.js";
import {
  draftSize,
  MAX_DRAFT_CHARACTERS,
  slotOf,
  TraceDrafts,
  type DraftStore,
} from "../../../src/domain/portfolio/drafts.js";
import { PortfolioError } from "../../../src/domain/portfolio/errors.js";
import { BUILT_IN_TRACE_TYPES } from "../../../src/domain/portfolio/trace-types.js";
import type { TraceInput } from "../../../src/domain/portfolio/writing.js";
import { NotFoundError } from "../../../src/errors.js";

const actor: Actor = {
  platformId: "p1",
  deploymentId: "d1",
  contextId: "c1",
  resourceLinkId: null,
  userId: "u1",
  roles: ["learner"],
  launchId: "launch-000001",
};

function input(sections: string[]): TraceInput {
  return {
    title: "T",
    date: "2026-12-06",
    placement: "",
    sections: sections.map((body, index) => ({ key: `s${index}`, body, progress: "draft" })),
    frameworkId: null,
    competences: [],
    situations: [],
  };
}

/** A store the refusals must never reach. */
const untouched: DraftStore = {
  findDraft: () => Promise.reject(new Error("store read")),
  putDraft: () => Promise.reject(new Error("store written")),
  removeDraft: () => Promise.reject(new Error("store written")),
  newDraftTypes: () => Promise.reject(new Error("store read")),
};

const rsca = BUILT_IN_TRACE_TYPES.find((type) => type.key === "rsca");

function drafts(): TraceDrafts {
  return new TraceDrafts({
    store: untouched,
    writing: { openForEditing: () => Promise.reject(new NotFoundError("NOT_FOUND")) },
    types: {
      offered: (_platform, key) =>
        rsca && key === "rsca" ? Promise.resolve(rsca) : Promise.reject(new NotFoundError("NOT_FOUND")),
    },
    clock: new ManualClock(new Date("2026-12-06T22:40:00Z")),
  });
}

describe("TraceDrafts", () => {
  it("counts the free text of a draft", () => {
    expect(draftSize(input(["abc", "de"]))).to.equal(1 + 10 + 5);
  });

  it("refuses a draft over the cap before anything is stored", async () => {
    const big = input(["x".repeat(MAX_DRAFT_CHARACTERS)]);
    const error: unknown = await drafts()
      .save(actor, { typeKey: "rsca" }, big, null)
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(PortfolioError);
    expect(error).to.have.property("code", "DRAFT_TOO_LARGE");
    expect(error).to.have.property("status", 413);
  });

  it("refuses a draft on a trace that is not the writer's own (not found), before anything is stored", async () => {
    const error: unknown = await drafts()
      .save(actor, { traceId: "someone-elses" }, input(["x"]), 3)
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(NotFoundError);
  });

  it("keeps one slot per saved trace, and per course and type for new traces", () => {
    expect(slotOf(actor, { traceId: "t1" })).to.deep.equal({ kind: "trace", traceId: "t1" });
    expect(slotOf(actor, { typeKey: "rsca" })).to.deep.equal({
      kind: "new",
      deploymentId: "d1",
      contextId: "c1",
      typeKey: "rsca",
    });
  });
});
