/**
 * Failure injection for the LMS's service endpoints (token, AGS, NRPS), so resilience tests and
 * benchmarks can see how the tool copes with errors, throttling, slowness and silence.
 *
 * Order for each request: hang rules, then delay rules, then "fail next" rules, then the failure rate.
 * A rule only applies to requests whose path+query matches its `path` (all service requests if none).
 */
import type { RequestHandler, Response } from "express";

export type InjectableStatus = 429 | 500 | 502 | 503 | 504;

export interface FailOptions {
  status: InjectableStatus;
  /** Sent as Retry-After (seconds), as a throttling platform does (RFC 9110 §10.2.3). */
  retryAfterSeconds?: number;
  path?: RegExp;
}

export interface FailureRateOptions extends FailOptions {
  /** Seed of the deterministic PRNG deciding which requests fail. */
  seed: number;
}

export interface PathOption {
  path?: RegExp;
}

export type InjectedKind = "fail" | "delay" | "hang";

interface CountedRule<T> {
  remaining: number;
  path: RegExp | undefined;
  value: T;
}

/** mulberry32: tiny, deterministic, good enough to spread failures. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FailureInjector {
  private failures: CountedRule<FailOptions>[] = [];
  private delays: CountedRule<number>[] = [];
  private hangs: CountedRule<true>[] = [];
  private rate: { rate: number; options: FailureRateOptions; random: () => number } | undefined;
  private readonly hung = new Set<Response>();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** The next `n` matching requests answer `status` (with Retry-After when given). Rules queue up. */
  failNext(n: number, options: FailOptions): void {
    this.failures.push({ remaining: n, path: options.path, value: options });
  }

  /** Each matching request fails with probability `rate`, decided by a PRNG seeded with `seed`. 0 turns it off. */
  setFailureRate(rate: number, options: FailureRateOptions): void {
    this.rate =
      rate > 0 ? { rate: Math.min(rate, 1), options, random: seededRandom(options.seed) } : undefined;
  }

  /** The next `n` matching requests are answered normally after `ms` real milliseconds. */
  delayNext(n: number, ms: number, options: PathOption = {}): void {
    this.delays.push({ remaining: n, path: options.path, value: ms });
  }

  /** The next `n` matching requests are never answered (until the LMS closes): a timeout for the tool. */
  hangNext(n: number, options: PathOption = {}): void {
    this.hangs.push({ remaining: n, path: options.path, value: true });
  }

  /** Removes every rule and the failure rate (pending hung requests stay hung). */
  clear(): void {
    this.failures = [];
    this.delays = [];
    this.hangs = [];
    this.rate = undefined;
  }

  /** Number of requests currently held by hang rules. */
  get hangingCount(): number {
    return this.hung.size;
  }

  /** Ends held requests and pending delays; called by SimulatedLms.close(). */
  shutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const response of this.hung) response.destroy();
    this.hung.clear();
  }

  /** Express middleware; `onInjected` lets the caller log what happened to the request. */
  middleware(onInjected: (response: Response, kind: InjectedKind) => void): RequestHandler {
    return (req, res, next) => {
      const url = req.originalUrl;
      if (this.take(this.hangs, url)) {
        onInjected(res, "hang");
        this.hung.add(res);
        res.on("close", () => this.hung.delete(res));
        return;
      }
      const failure = this.take(this.failures, url) ?? this.rolledFailure(url);
      const delay = this.take(this.delays, url);
      const answer = (): void => {
        if (failure) {
          onInjected(res, "fail");
          if (failure.retryAfterSeconds !== undefined) {
            res.set("Retry-After", String(failure.retryAfterSeconds));
          }
          res.status(failure.status).type("text/plain").send(`Simulated failure (${failure.status})`);
        } else {
          next();
        }
      };
      if (delay === undefined) {
        answer();
        return;
      }
      onInjected(res, "delay");
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        answer();
      }, delay);
      this.timers.add(timer);
    };
  }

  private take<T>(rules: CountedRule<T>[], url: string): T | undefined {
    const rule = rules.find((r) => r.remaining > 0 && (r.path === undefined || url.search(r.path) !== -1));
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.value;
  }

  private rolledFailure(url: string): FailOptions | undefined {
    if (!this.rate) return undefined;
    const { path } = this.rate.options;
    if (path !== undefined && url.search(path) === -1) return undefined;
    return this.rate.random() < this.rate.rate ? this.rate.options : undefined;
  }
}
