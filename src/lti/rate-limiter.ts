// A small in-memory token bucket per key (a source address): anonymous registration attempts cost
// Carnet outbound calls and database writes, so each address gets a few, refilled slowly.
import type { Clock } from "../clock.js";

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    /** Attempts allowed at once, and refilled over one period. */
    private readonly capacity: number,
    private readonly periodMs = 3600_000,
    /** Addresses remembered; the oldest are forgotten first (they would be full again anyway soon). */
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token for key; false when the key has none left. */
  take(key: string): boolean {
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    const refill = (Math.max(0, now - bucket.at) / this.periodMs) * this.capacity;
    const tokens = Math.min(this.capacity, bucket.tokens + refill);
    const allowed = tokens >= 1;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    return allowed;
  }
}
