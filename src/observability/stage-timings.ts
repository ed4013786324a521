// How long each stage of one request took (token check, upserts, session, queries, render…), sent as
// Server-Timing entries so the benchmarks and a browser's devtools see where a launch or a page waits.

/** Times the stages of one piece of work; the launch use case takes one without knowing Express. */
export interface Stopwatch {
  /** Runs one stage and records its duration under `name` (a repeated name adds up). */
  time<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** A stopwatch that records nothing (tests, jobs, anything outside a request). */
export const untimed: Stopwatch = { time: (_name, work) => work() };

const METRIC_NAME = /^[a-z][\w-]{0,31}$/;

export class StageTimings implements Stopwatch {
  private readonly totals = new Map<string, number>();

  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(name, performance.now() - started);
    }
  }

  add(name: string, milliseconds: number): void {
    // Server-Timing metric names are tokens: a name that is not one is a bug, never a header injection.
    if (!METRIC_NAME.test(name)) throw new Error(`stage name ${JSON.stringify(name)} is not a metric token`);
    this.totals.set(name, (this.totals.get(name) ?? 0) + milliseconds);
  }

  /** `name;dur=1.2` for each stage, in the order they first ran. */
  entries(): string[] {
    return [...this.totals].map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`);
  }
}
