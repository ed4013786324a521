import { expect } from "chai";
import { PlatformHealth } from "../../../src/domain/grading/platform-health.js";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const OPTIONS = { recoveryStreak: 3, releaseEveryMs: 10_000, probeBaseMs: 1_000, probeCapMs: 30_000 };

describe("PlatformHealth", () => {
  it("knows nothing of a platform that always answered", () => {
    const health = new PlatformHealth(OPTIONS);
    expect(health.answered("p", T0)).to.equal("none");
    expect(health.probesDue(T0)).to.deep.equal([]);
    expect(health.paused(T0)).to.deep.equal([]);
  });

  it("probes a failing platform at doubling intervals, capped", () => {
    const health = new PlatformHealth(OPTIONS);
    const probeTimes: number[] = [];
    let now = T0;
    for (let failure = 0; failure < 8; failure++) {
      health.failed("p", now);
      // The next probe is due exactly when the interval is over, not a millisecond before.
      let next = now;
      while (!health.probesDue(next).includes("p")) next += 500;
      probeTimes.push(next - now);
      now = next;
    }
    expect(probeTimes).to.deep.equal([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(health.failingSince("p")).to.equal(T0);
  });

  it("releases every waiting entry on the first success after an outage, and forgets the platform", () => {
    const health = new PlatformHealth(OPTIONS);
    for (let i = 0; i < 3; i++) health.failed("p", T0 + i);
    expect(health.answered("p", T0 + 5)).to.equal("all");
    expect(health.answered("p", T0 + 6), "nothing failed since").to.equal("none");
    expect(health.failingSince("p")).to.equal(undefined);
    expect(health.probesDue(T0 + 3_600_000)).to.deep.equal([]);
  });

  it("after scattered failures, releases the recent ones at most every releaseEveryMs", () => {
    const health = new PlatformHealth(OPTIONS);
    health.failed("p", T0);
    expect(health.answered("p", T0 + 1)).to.equal("recent");
    health.failed("p", T0 + 2);
    expect(health.answered("p", T0 + 9_999), "released 9.998 s ago").to.equal("none");
    // The release is owed: a probe comes when it is allowed, and its answer releases.
    expect(health.probesDue(T0 + 10_000)).to.deep.equal([]);
    expect(health.probesDue(T0 + 10_001)).to.deep.equal(["p"]);
    expect(health.answered("p", T0 + 10_001)).to.equal("recent");
    expect(health.probesDue(T0 + 60_000), "nothing owed any more").to.deep.equal([]);
    health.failed("p", T0 + 10_002);
    health.idle("p");
    expect(health.probesDue(T0 + 60_000), "nothing waits: nothing to probe").to.deep.equal([]);
    // An outage is released whenever it ends, however recent the last release.
    for (let i = 0; i < 3; i++) health.failed("p", T0 + 10_003 + i);
    expect(health.answered("p", T0 + 10_010)).to.equal("all");
  });

  it("pauses a platform that asked to wait, and does not probe it meanwhile", () => {
    const health = new PlatformHealth(OPTIONS);
    health.failed("p", T0, 120_000);
    health.failed("q", T0);
    expect(health.paused(T0 + 119_999)).to.deep.equal(["p"]);
    expect(health.pausedUntil("p", T0)).to.equal(T0 + 120_000);
    expect(health.probesDue(T0 + 60_000)).to.deep.equal(["q"]);
    expect(health.paused(T0 + 120_000)).to.deep.equal([]);
    expect(health.pausedUntil("p", T0 + 120_000)).to.equal(undefined);
    expect(health.probesDue(T0 + 120_000)).to.have.members(["p", "q"]);
  });

  it("pushes the next probe back once one is sent", () => {
    const health = new PlatformHealth(OPTIONS);
    health.failed("p", T0);
    expect(health.probesDue(T0 + 1_000)).to.deep.equal(["p"]);
    health.probed("p", T0 + 1_000);
    expect(health.probesDue(T0 + 1_999)).to.deep.equal([]);
    expect(health.probesDue(T0 + 2_000)).to.deep.equal(["p"]);
  });
});
