import { expect } from "chai";
import { StageTimings } from "../../src/observability/stage-timings.js";

describe("StageTimings", () => {
  it("adds up the durations of a stage that runs twice, in the order stages first ran", () => {
    const timings = new StageTimings();
    timings.add("verify", 2);
    timings.add("person", 1.25);
    timings.add("verify", 1);
    expect(timings.entries()).to.deep.equal(["verify;dur=3.0", "person;dur=1.3"]);
  });

  it("records a stage that failed, and lets its error through", async () => {
    const timings = new StageTimings();
    const failure = await timings
      .time("state", () => Promise.reject(new Error("no state")))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).to.be.instanceOf(Error).with.property("message", "no state");
    expect(timings.entries()).to.have.length(1);
    expect(timings.entries()[0]).to.match(/^state;dur=\d+\.\d$/);
  });

  it("refuses a stage name that is not a Server-Timing token (no header injection)", () => {
    const timings = new StageTimings();
    expect(() => timings.add("a, b;dur=9", 1)).to.throw("not a metric token");
  });
});
