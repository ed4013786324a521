import { expect } from "chai";
import { JobLoop, WakeSignal } from "../../../src/jobs/job-loop.js";
import { createLogger } from "../../../src/logger.js";

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("JobLoop", () => {
  it("runs at once on start, never twice at once, runs again when woken meanwhile, and stop waits", async () => {
    const runs: Deferred[] = [];
    const loop = new JobLoop(
      "test",
      () => {
        const run = deferred();
        runs.push(run);
        return run.promise;
      },
      { intervalMs: 3_600_000, logger: createLogger("silent") },
    );
    loop.start();
    expect(runs).to.have.length(1);
    loop.wake();
    loop.wake();
    expect(runs).to.have.length(1);
    runs[0]?.resolve();
    await settle();
    expect(runs).to.have.length(2);
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).to.equal(false);
    runs[1]?.resolve();
    await stopping;
    loop.wake();
    expect(runs).to.have.length(2);
  });

  it("keeps going after a failed run", async () => {
    let calls = 0;
    const loop = new JobLoop(
      "test",
      async () => {
        calls += 1;
        if (calls === 1) throw new Error("database away");
      },
      { intervalMs: 3_600_000, logger: createLogger("silent") },
    );
    loop.start();
    await settle();
    loop.wake();
    await settle();
    expect(calls).to.equal(2);
    await loop.stop();
  });

  it("lets routes wake the loops through a signal", () => {
    const signal = new WakeSignal();
    let woken = 0;
    const off = signal.onWake(() => {
      woken += 1;
    });
    signal.wake();
    off();
    signal.wake();
    expect(woken).to.equal(1);
  });
});
