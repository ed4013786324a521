// A fetch in front of the simulated LMS that tests control: it holds chosen requests until released
// (honouring the caller's abort signal, as fetch does), counts requests in flight, and tells when a
// number of matching requests has been made — so tests wait for events, never for time.
import type { FetchLike } from "../../src/lti/platform-http.js";

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

export interface HeldRequest {
  /** Resolves when a matching request arrived and is being held. */
  arrived: Promise<void>;
  /** Lets it go on to the LMS. */
  release(): void;
}

interface Hold {
  pattern: RegExp;
  taken: boolean;
  arrived: Deferred;
  released: Deferred;
}

export class LmsGate {
  private readonly holds: Hold[] = [];
  private readonly waits: { pattern: RegExp; count: number; done: Deferred }[] = [];
  private readonly started: string[] = [];
  private readonly current = new Map<RegExp, number>();
  private readonly peaks = new Map<RegExp, number>();

  /** `next` makes the calls (Carnet's outbound client in tests); `tracked` patterns count concurrency. */
  constructor(
    private readonly next: FetchLike,
    private readonly tracked: readonly RegExp[] = [],
  ) {}

  readonly fetch: FetchLike = async (url, init) => {
    this.started.push(url);
    for (const wait of this.waits) if (this.count(wait.pattern) >= wait.count) wait.done.resolve();
    const tracked = this.tracked.filter((pattern) => pattern.test(url));
    for (const pattern of tracked) {
      const now = (this.current.get(pattern) ?? 0) + 1;
      this.current.set(pattern, now);
      this.peaks.set(pattern, Math.max(now, this.peaks.get(pattern) ?? 0));
    }
    try {
      const hold = this.holds.find((candidate) => !candidate.taken && candidate.pattern.test(url));
      if (hold) {
        hold.taken = true;
        hold.arrived.resolve();
        await untilReleased(hold.released.promise, init?.signal ?? undefined);
      }
      return await this.next(url, init);
    } finally {
      for (const pattern of tracked) this.current.set(pattern, (this.current.get(pattern) ?? 1) - 1);
    }
  };

  /** Holds the next request whose URL matches. */
  hold(pattern: RegExp): HeldRequest {
    const hold: Hold = { pattern, taken: false, arrived: deferred(), released: deferred() };
    this.holds.push(hold);
    return { arrived: hold.arrived.promise, release: () => hold.released.resolve() };
  }

  /** Resolves once `count` requests matching `pattern` have been made (counting those already made). */
  made(pattern: RegExp, count: number): Promise<void> {
    const done = deferred();
    if (this.count(pattern) >= count) done.resolve();
    else this.waits.push({ pattern, count, done });
    return done.promise;
  }

  count(pattern: RegExp): number {
    return this.started.filter((url) => pattern.test(url)).length;
  }

  /** Most requests matching a tracked pattern that were in flight at once. */
  peak(pattern: RegExp): number {
    return this.peaks.get(pattern) ?? 0;
  }
}

function untilReleased(released: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return released;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<void>((resolve, reject) => {
    signal.addEventListener("abort", () => reject(abortError()), { once: true });
    void released.then(resolve);
  });
}

function abortError(): Error {
  const error = new Error("The operation was aborted");
  error.name = "AbortError";
  return error;
}
