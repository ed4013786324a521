// A background job that runs every `intervalMs` and whenever woken, never twice at once, and stops
// cleanly: stop() waits for the run in progress. Only main.ts starts loops; tests call runOnce().
import type { Clock } from "../clock.js";
import type { MailTransport } from "../domain/validation/ports.js";
import type { Logger } from "../logger.js";

export interface JobLoopOptions {
  intervalMs: number;
  logger: Logger;
}

export class JobLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    readonly name: string,
    private readonly run: () => Promise<unknown>,
    private readonly options: JobLoopOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake();
  }

  /** Runs as soon as possible (right after the current run if one is going on). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.tick().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else {
        this.timer = setTimeout(() => this.wake(), this.options.intervalMs);
        this.timer.unref();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.options.logger.error(
        { job: this.name, err: error instanceof Error ? error.message : String(error) },
        "job run failed",
      );
    }
  }
}

/** What every job is given: the clock it reads the time from, the logger it reports to. */
export interface JobDeps {
  clock: Clock;
  logger: Logger;
}

/** What main.ts gives every job that writes to people: the clock, the logger, e-mail when configured. */
export interface MailingJobDeps extends JobDeps {
  /** Absent when SMTP is not configured: in-app notices only. */
  mail?: MailTransport;
}

/** A job main.ts runs in a loop: its name in the logs, how often (besides whenever woken), one pass. */
export interface LoopedJob {
  readonly loop: { readonly name: string; readonly intervalMs: number };
  run(): Promise<unknown>;
}

/** A started loop, as main.ts holds it. */
export interface RunningLoop {
  wake(): void;
  stop(): Promise<void>;
}

/** Starts a job's loop: its first pass at once, then every interval. */
export function startLoop(job: LoopedJob, logger: Logger): RunningLoop {
  const loop = new JobLoop(job.loop.name, () => job.run(), { intervalMs: job.loop.intervalMs, logger });
  loop.start();
  return { wake: () => loop.wake(), stop: () => loop.stop() };
}

/** Lets a request (re-sync, retry) wake the grading loops without knowing them. */
export class WakeSignal {
  private readonly listeners = new Set<() => void>();

  onWake(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  wake(): void {
    for (const listener of this.listeners) listener();
  }
}
