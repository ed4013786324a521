// Start-up steps that need the database (index builds, shipped frameworks) are retried while the
// database cannot answer — a failover, a first start on a busy machine — because an instance that exits
// on one transient timeout only crash-loops; any other error still stops the start at once.
import type { Clock } from "../clock.js";
import { isDatabaseUnavailable } from "./unavailable.js";

export interface StartupRetryOptions {
  /** How long the start may wait for the database in all before giving up with the last error. */
  deadlineMs: number;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

const FIRST_DELAY_MS = 250;
const LONGEST_DELAY_MS = 5_000;

export async function retryWhileDatabaseUnavailable<T>(
  step: () => Promise<T>,
  options: StartupRetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const giveUpAt = options.clock.now().getTime() + options.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const delayMs = Math.min(LONGEST_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempt - 1));
      if (!isDatabaseUnavailable(error) || options.clock.now().getTime() + delayMs > giveUpAt) throw error;
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
