// What one delivery worker knows about each LMS it talks to: whether it is failing (and since when),
// when to probe it again during an outage, and until when it asked us to wait (Retry-After).
// Pure and in memory: each Carnet instance learns it from its own calls.

export interface PlatformHealthOptions {
  /** Failures in a row after which the next success counts as a recovery (back-offs are released). */
  recoveryStreak: number;
  /**
   * After scattered failures (a flaky LMS), a success releases the entries that failed only a few times,
   * at most this often: an unlucky entry does not wait out a long back-off while the LMS answers.
   */
  releaseEveryMs: number;
  /** First probe interval of a failing platform; it doubles with each failure in a row… */
  probeBaseMs: number;
  /** …up to this: once the LMS answers again, delivery resumes within this delay. */
  probeCapMs: number;
}

export const DEFAULT_PLATFORM_HEALTH: PlatformHealthOptions = {
  recoveryStreak: 3,
  releaseEveryMs: 1_000,
  probeBaseMs: 1_000,
  probeCapMs: 30_000,
};

interface PlatformState {
  /** Transient failures since the last answer. */
  streak: number;
  failingSince: number;
  probeAt: number;
  pausedUntil: number;
}

/**
 * What a success means for the entries waiting on a back-off: "all" after an outage (every one is due
 * now), "recent" after scattered failures (those that failed only a few times), else "none".
 */
export type Release = "all" | "recent" | "none";

export class PlatformHealth {
  private readonly states = new Map<string, PlatformState>();
  private readonly releasedAt = new Map<string, number>();

  constructor(private readonly options: PlatformHealthOptions = DEFAULT_PLATFORM_HEALTH) {}

  /** The platform answered (any answer that is not "try later"): its failure streak ends. */
  answered(platformId: string, nowMs: number): Release {
    const state = this.states.get(platformId);
    if (!state) return "none";
    const last = this.releasedAt.get(platformId);
    const release: Release =
      state.streak >= this.options.recoveryStreak
        ? "all"
        : last === undefined || nowMs - last >= this.options.releaseEveryMs
          ? "recent"
          : "none";
    if (release === "none" && last !== undefined) {
      // Too soon after the last release: the streak ends, the release waits for the next answer (a probe
      // comes when it is allowed), so that the last unlucky entries do not sit out their back-off.
      state.streak = 0;
      state.probeAt = last + this.options.releaseEveryMs;
      return "none";
    }
    this.states.delete(platformId);
    this.releasedAt.set(platformId, nowMs);
    return release;
  }

  /** Nothing of the platform waits on a back-off: there is nothing to probe or release. */
  idle(platformId: string): void {
    this.states.delete(platformId);
  }

  /** A timeout, a refused connection, a 5xx, 408 or 429; `retryAfterMs` when the LMS said how long. */
  failed(platformId: string, nowMs: number, retryAfterMs?: number): void {
    const state = this.states.get(platformId) ?? {
      streak: 0,
      failingSince: nowMs,
      probeAt: nowMs,
      pausedUntil: 0,
    };
    state.streak += 1;
    if (retryAfterMs !== undefined) state.pausedUntil = Math.max(state.pausedUntil, nowMs + retryAfterMs);
    state.probeAt = Math.max(nowMs + this.probeInterval(state), state.pausedUntil);
    this.states.set(platformId, state);
  }

  /** Platforms that asked us to wait (Retry-After) and whose wait is not over: nothing is sent to them. */
  paused(nowMs: number): string[] {
    return [...this.states].filter(([, state]) => state.pausedUntil > nowMs).map(([id]) => id);
  }

  /** When a paused platform may be called again (undefined when it is not paused). */
  pausedUntil(platformId: string, nowMs: number): number | undefined {
    const until = this.states.get(platformId)?.pausedUntil ?? 0;
    return until > nowMs ? until : undefined;
  }

  /** Failing platforms due for a probe: one entry is tried even if its own back-off is not over. */
  probesDue(nowMs: number): string[] {
    return [...this.states]
      .filter(([, state]) => state.probeAt <= nowMs && state.pausedUntil <= nowMs)
      .map(([id]) => id);
  }

  /** Pushes the next probe back (a probe was just sent, or there was nothing to probe). */
  probed(platformId: string, nowMs: number): void {
    const state = this.states.get(platformId);
    if (!state) return;
    state.probeAt = Math.max(nowMs + this.probeInterval(state), state.pausedUntil);
  }

  private probeInterval(state: PlatformState): number {
    const exponent = Math.min(Math.max(state.streak, 1) - 1, 30);
    return Math.min(this.options.probeCapMs, this.options.probeBaseMs * 2 ** exponent);
  }

  failingSince(platformId: string): number | undefined {
    return this.states.get(platformId)?.failingSince;
  }
}
