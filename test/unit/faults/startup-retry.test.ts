import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { retryWhileDatabaseUnavailable } from "../../../src/persistence/startup-retry.js";

class PoolClearedError extends Error {
  override name = "MongoPoolClearedError";
}

describe("retryWhileDatabaseUnavailable", () => {
  const clock = new ManualClock(0);
  const sleeps: number[] = [];
  const options = {
    deadlineMs: 10_000,
    clock,
    sleep: (ms: number) => {
      sleeps.push(ms);
      clock.advance(ms);
      return Promise.resolve();
    },
  };
  beforeEach(() => {
    clock.set(0);
    sleeps.length = 0;
  });

  it("retries a step the database could not answer, with growing pauses, until it succeeds", async () => {
    let calls = 0;
    const result = await retryWhileDatabaseUnavailable(() => {
      calls++;
      return calls < 4 ? Promise.reject(new PoolClearedError("timed out")) : Promise.resolve("indexes");
    }, options);
    expect(result).to.equal("indexes");
    expect(sleeps).to.deep.equal([250, 500, 1_000]);
  });

  it("gives up with the database's error once the deadline would pass", async () => {
    const attempt = retryWhileDatabaseUnavailable(
      () => Promise.reject(new PoolClearedError("down")),
      options,
    );
    await attempt.then(
      () => expect.fail("should have given up"),
      (error: unknown) => expect(error).to.be.instanceOf(PoolClearedError),
    );
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).to.be.at.most(10_000);
    expect(sleeps.length).to.be.greaterThan(2);
  });

  it("stops at once on an error that is not the database being unavailable", async () => {
    const attempt = retryWhileDatabaseUnavailable(() => Promise.reject(new TypeError("bug")), options);
    await attempt.then(
      () => expect.fail("should have failed"),
      (error: unknown) => expect(error).to.be.instanceOf(TypeError),
    );
    expect(sleeps).to.deep.equal([]);
  });
});
