// Delivers grade_deliveries entries to the LMS (AGS score POST), many at a time: one read leases a
// batch, deliveries run in parallel within a per-platform limit, and the batch is topped up as they end,
// so no lane waits for another (a line item being created, a slow LMS). Leases make each entry go
// through one worker at a time across instances; stop() gives back what it holds.
import { randomBytes } from "node:crypto";
import {
  DEFAULT_BACKOFF,
  DEFAULT_RETRY_FOR_MS,
  nextTimestamp,
  type BackoffOptions,
} from "../domain/grading/delivery-rules.js";
import {
  DEFAULT_PLATFORM_HEALTH,
  PlatformHealth,
  type PlatformHealthOptions,
} from "../domain/grading/platform-health.js";
import type { AgsClient } from "../lti/ags-client.js";
import type { GradeLineItems } from "../persistence/grade-deliveries.js";
import type { DeliveryCandidate, GradeOutbox, LeasedDelivery } from "../persistence/grade-outbox.js";
import type { GradingPlacements } from "../persistence/grading-placements.js";
import type { PlatformRegistry } from "../persistence/platform-registry.js";
import { deliverLeased, type AttemptContext, type DeliveryOutcome } from "./grade-attempt.js";
import { LineItemResolver } from "./grade-line-items.js";
import type { JobDeps } from "./job-loop.js";

export type { DeliveryOutcome } from "./grade-attempt.js";

/** Expired leases are looked for at most this often (each look is a read of the outbox). */
const ORPHAN_CHECK_MS = 5_000;

export interface GradeDeliveryDeps extends JobDeps {
  outbox: GradeOutbox;
  lineItems: GradeLineItems;
  placements: Pick<GradingPlacements, "byId">;
  platforms: Pick<PlatformRegistry, "findById">;
  ags: AgsClient;
  /** Jitter source; tests pass a seeded one. */
  random?: () => number;
}

export interface GradeDeliveryOptions {
  /** Identifies this worker in leases (host/pid in production); random by default. */
  owner?: string;
  leaseMs?: number;
  requestTimeoutMs?: number;
  /** How long an entry retries through transient failures before it is parked (GRADE_RETRY_FOR). */
  retryForMs?: number;
  /** Deliveries in flight to one platform at once (GRADE_CONCURRENCY): what one LMS gets from us. */
  perPlatform?: number;
  /** Entries leased at once by this worker, in flight or about to be. */
  concurrency?: number;
  /** Deliveries per runOnce, so one run cannot go on forever. */
  maxPerRun?: number;
  backoff?: BackoffOptions;
  health?: PlatformHealthOptions;
  /** Only these platforms (per-tenant workers, tests). */
  platformIds?: readonly string[];
}

export interface DeliveryReport {
  attempted: number;
  outcomes: Record<DeliveryOutcome, number>;
}

export interface StopOptions {
  /** How long deliveries in flight may go on before they are aborted and their leases given back. */
  deadlineMs?: number;
}

function emptyReport(): DeliveryReport {
  return {
    attempted: 0,
    outcomes: {
      delivered: 0,
      superseded: 0,
      retry: 0,
      conflict: 0,
      reauth: 0,
      parked: 0,
      deferred: 0,
      released: 0,
      lost: 0,
    },
  };
}

interface Pulse {
  promise: Promise<void>;
  resolve(): void;
}

function pulse(): Pulse {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

export class GradeDeliveryWorker {
  readonly owner: string;
  readonly leaseMs: number;
  private readonly perPlatform: number;
  private readonly concurrency: number;
  private readonly health: PlatformHealth;
  private readonly lineItems: LineItemResolver;
  private readonly attempt: AttemptContext;
  private readonly abort = new AbortController();
  /** Leased, not started yet (their platform is as busy as allowed). */
  private readonly queued: LeasedDelivery[] = [];
  private readonly inFlight = new Map<string, { platformId: string; done: Promise<void> }>();
  private readonly busy = new Map<string, number>();
  private settled = pulse();
  /** When this worker last looked for expired leases (rare: only a dead or stopped-hard worker leaves them). */
  private orphansCheckedAt = Number.NEGATIVE_INFINITY;
  private running: Promise<DeliveryReport> | undefined;
  private stopping = false;

  constructor(
    private readonly deps: GradeDeliveryDeps,
    private readonly options: GradeDeliveryOptions = {},
  ) {
    this.owner = options.owner ?? `worker-${randomBytes(6).toString("hex")}`;
    const timeoutMs = options.requestTimeoutMs ?? 15_000;
    // A lease outlives the longest delivery (token, line item lookup and creation, score) by a margin.
    this.leaseMs = Math.max(options.leaseMs ?? 120_000, timeoutMs * 5);
    this.perPlatform = Math.max(1, options.perPlatform ?? 8);
    this.concurrency = Math.max(this.perPlatform, options.concurrency ?? 32);
    this.health = new PlatformHealth(options.health ?? DEFAULT_PLATFORM_HEALTH);
    this.lineItems = new LineItemResolver(deps, { claimMs: this.leaseMs, timeoutMs });
    this.attempt = {
      outbox: deps.outbox,
      lineItems: this.lineItems,
      platforms: deps.platforms,
      ags: deps.ags,
      health: this.health,
      clock: deps.clock,
      logger: deps.logger,
      random: deps.random ?? Math.random,
      timeoutMs,
      retryForMs: options.retryForMs ?? DEFAULT_RETRY_FOR_MS,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      signal: this.abort.signal,
    };
  }

  /** Delivers what is due now (and what becomes due meanwhile) until nothing is left; never twice at once. */
  runOnce(): Promise<DeliveryReport> {
    if (this.stopping) return Promise.resolve(emptyReport());
    this.running ??= this.pump().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Stops leasing at once; deliveries in flight may finish until the deadline, then are aborted; every
   * lease this worker holds is given back, so another instance takes the entries without waiting.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    this.stopping = true;
    this.settled.resolve();
    const deadline = setTimeout(() => this.abort.abort(), Math.max(0, options.deadlineMs ?? 10_000));
    deadline.unref();
    try {
      await this.running;
      await Promise.all([...this.inFlight.values()].map((entry) => entry.done));
      await this.releaseQueued();
    } finally {
      clearTimeout(deadline);
    }
  }

  private async pump(): Promise<DeliveryReport> {
    const report = emptyReport();
    const maxPerRun = this.options.maxPerRun ?? 5_000;
    // Once a read finds fewer due entries than it had room for, the outbox is drained for now: the next
    // read waits until the deliveries in hand are done, rather than one read (a scan of the due entries
    // on some servers) per delivery ending.
    let drained = false;
    for (;;) {
      const mayLease = !this.stopping && report.attempted < maxPerRun;
      if (mayLease && !drained && this.wantsMore()) drained = (await this.fill()).drained;
      this.startQueued(report);
      const next = this.settled.promise;
      if (this.stopping) break;
      if (this.inFlight.size === 0 && this.queued.length === 0) {
        // Nothing in hand: one more read, for entries made due meanwhile (a 409, a release, the
        // projector); none taken ends the run.
        if (!mayLease) break;
        const read = await this.fill();
        if (read.taken === 0) break;
        drained = read.drained;
        continue;
      }
      await next;
    }
    await Promise.all([...this.inFlight.values()].map((entry) => entry.done));
    await this.releaseQueued();
    return report;
  }

  /** A new read is worth it when a platform with a free slot has nothing queued, or half the batch is gone. */
  private wantsMore(): boolean {
    if (this.queued.length === 0) return true;
    return this.queued.length + this.inFlight.size <= this.concurrency / 2;
  }

  /** Leases a batch of due entries (and probes failing platforms): how many it took, and whether it
   * found fewer due entries than it had room for. */
  private async fill(): Promise<{ taken: number; drained: boolean }> {
    const now = this.deps.clock.now();
    const paused = this.health.paused(now.getTime());
    const full = [...this.platformLoad()]
      .filter(([, load]) => load >= 2 * this.perPlatform)
      .map(([id]) => id);
    const room = this.concurrency - this.queued.length - this.inFlight.size;
    const orphans = now.getTime() - this.orphansCheckedAt >= ORPHAN_CHECK_MS;
    if (orphans) this.orphansCheckedAt = now.getTime();
    const candidates = await this.deps.outbox.candidates(now, room, {
      platformIds: this.options.platformIds,
      excludePlatformIds: [...new Set([...paused, ...full])],
      excludePlacementIds: this.lineItems.resolving(),
      orphans,
    });
    const drained = candidates.length < room;
    candidates.push(...(await this.probes(now, paused)));
    const chosen = this.choose(candidates);
    const leased = await Promise.all(chosen.map((candidate) => this.lease(candidate, now)));
    let taken = 0;
    for (const lease of leased) {
      if (!lease) continue;
      this.queued.push(lease);
      taken += 1;
    }
    return { taken, drained };
  }

  /** One entry of each failing platform due for a probe, even before its own back-off is over. */
  private async probes(now: Date, paused: readonly string[]): Promise<DeliveryCandidate[]> {
    const found: DeliveryCandidate[] = [];
    for (const platformId of this.health.probesDue(now.getTime())) {
      this.health.probed(platformId, now.getTime());
      if (paused.includes(platformId) || (this.platformLoad().get(platformId) ?? 0) > 0) continue;
      if (this.options.platformIds && !this.options.platformIds.includes(platformId)) continue;
      const candidate = await this.deps.outbox.probeCandidate(platformId);
      if (candidate) found.push(candidate);
      else this.health.idle(platformId);
    }
    return found;
  }

  /** At most twice the per-platform limit per platform, and one entry per line item still unknown. */
  private choose(candidates: readonly DeliveryCandidate[]): DeliveryCandidate[] {
    const load = this.platformLoad();
    const resolving = new Set<string>();
    const seen = new Set<string>();
    const chosen: DeliveryCandidate[] = [];
    for (const candidate of candidates) {
      if (seen.has(candidate._id)) continue;
      seen.add(candidate._id);
      const platformLoad = load.get(candidate.platformId) ?? 0;
      if (platformLoad >= 2 * this.perPlatform) continue;
      if (!this.lineItems.knownUrl(candidate)) {
        if (resolving.has(candidate.placementId)) continue;
        resolving.add(candidate.placementId);
      }
      load.set(candidate.platformId, platformLoad + 1);
      chosen.push(candidate);
    }
    return chosen;
  }

  private lease(candidate: DeliveryCandidate, now: Date): Promise<LeasedDelivery | null> {
    const stamp = new Date(
      nextTimestamp(candidate.lastTimestamp?.getTime(), now.getTime(), candidate.conflicts),
    );
    return this.deps.outbox.lease(candidate, this.owner, now, this.leaseMs, stamp);
  }

  /** Starts queued entries whose platform has a free slot; a platform that asked to wait gets them back. */
  private startQueued(report: DeliveryReport): void {
    // Stopping: what is queued is given back, not started (a read may have ended after stop()).
    if (this.stopping) return;
    const paused = new Set(this.health.paused(this.deps.clock.now().getTime()));
    for (let i = 0; i < this.queued.length;) {
      const leased = this.queued[i];
      if (!leased) break;
      const platformId = leased.doc.platformId;
      if (paused.has(platformId)) {
        this.queued.splice(i, 1);
        this.track(leased, this.giveBack(leased));
        continue;
      }
      if ((this.busy.get(platformId) ?? 0) >= this.perPlatform) {
        i += 1;
        continue;
      }
      this.queued.splice(i, 1);
      report.attempted += 1;
      this.track(
        leased,
        deliverLeased(leased, this.attempt).then((outcome) => {
          report.outcomes[outcome] += 1;
        }),
      );
    }
  }

  private track(leased: LeasedDelivery, work: Promise<void>): void {
    const { platformId } = leased.doc;
    this.busy.set(platformId, (this.busy.get(platformId) ?? 0) + 1);
    const done = work
      .catch((error: unknown) => {
        this.deps.logger.error(
          { deliveryId: leased.doc._id, err: error instanceof Error ? error.message : String(error) },
          "grade delivery failed unexpectedly",
        );
      })
      .finally(() => {
        this.inFlight.delete(leased.token);
        this.busy.set(platformId, (this.busy.get(platformId) ?? 1) - 1);
        this.settled.resolve();
        this.settled = pulse();
      });
    this.inFlight.set(leased.token, { platformId, done });
  }

  /** The platform asked us to wait (Retry-After) after this entry was leased: it waits as long. */
  private async giveBack(leased: LeasedDelivery): Promise<void> {
    const now = this.deps.clock.now();
    const until = this.health.pausedUntil(leased.doc.platformId, now.getTime()) ?? now.getTime();
    await this.deps.outbox.reschedule(
      leased,
      {
        nextAttemptAt: new Date(until),
        attempts: leased.doc.attempts,
        conflicts: leased.doc.conflicts,
        waitingFor: "retry-after",
        event: { at: now, event: "retry", seq: leased.doc.desiredSeq, detail: "platform asked to wait" },
      },
      now,
    );
  }

  private async releaseQueued(): Promise<void> {
    const queued = this.queued.splice(0);
    const now = this.deps.clock.now();
    await Promise.all(queued.map((leased) => this.deps.outbox.release(leased, now).catch(() => false)));
  }

  /** Entries leased per platform, queued or in flight. */
  private platformLoad(): Map<string, number> {
    const load = new Map(this.busy);
    for (const leased of this.queued)
      load.set(leased.doc.platformId, (load.get(leased.doc.platformId) ?? 0) + 1);
    return load;
  }

  /** Tests: a worker that leases one entry and then "crashes" (never delivers it). */
  async leaseNext(): Promise<LeasedDelivery | null> {
    const now = this.deps.clock.now();
    const [candidate] = await this.deps.outbox.candidates(now, 1, { platformIds: this.options.platformIds });
    return candidate ? this.lease(candidate, now) : null;
  }
}
