// Wiring of the grading area: repositories, the AGS client, and factories for the projector and the
// delivery worker (main.ts runs them in loops; tests and the bench call runOnce()).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../clock.js";
import type { FrameworkCatalog } from "../domain/frameworks/catalog.js";
import type { ProgressSource } from "../domain/grading/ports.js";
import { AgsClient } from "../lti/ags-client.js";
import type { FetchLike } from "../lti/platform-http.js";
import type { PlatformTokens } from "../lti/platform-tokens.js";
import type { Logger } from "../logger.js";
import type { GradeRepositories } from "../persistence/grade-repositories.js";
import type { PlatformRegistry } from "../persistence/platform-registry.js";
import { GradeDeliveryWorker, type GradeDeliveryOptions, type StopOptions } from "./grade-delivery.js";
import { GradeProjector, type GradeProjectorOptions } from "./grade-projector.js";
import { JobLoop, WakeSignal } from "./job-loop.js";

export interface GradingServices extends GradeRepositories {
  progress: ProgressSource;
  tokens: PlatformTokens;
  ags: AgsClient;
  /** Routes call wake() after a re-sync or a retry so the loops do not wait for their next tick. */
  signal: WakeSignal;
}

export interface GradingServicesDeps {
  repositories: GradeRepositories;
  /** Where progress numbers come from: the validation area's competence records. */
  progress: ProgressSource;
  /** The process's token cache (shared with roster sync): one token per platform and scope set. */
  tokens: PlatformTokens;
  clock: Clock;
  fetchImpl?: FetchLike;
}

export function buildGradingServices(deps: GradingServicesDeps): GradingServices {
  return {
    ...deps.repositories,
    progress: deps.progress,
    tokens: deps.tokens,
    ags: new AgsClient(deps.tokens, deps.clock, deps.fetchImpl),
    signal: new WakeSignal(),
  };
}

export interface GradingJobDeps {
  grading: GradingServices;
  frameworks: FrameworkCatalog;
  platforms: Pick<PlatformRegistry, "findById">;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

export function createGradeProjector(
  deps: GradingJobDeps,
  options: GradeProjectorOptions = {},
): GradeProjector {
  const { frameworks, clock, logger } = deps;
  return new GradeProjector({ ...deps.grading, frameworks, clock, logger }, options);
}

export function createGradeDeliveryWorker(
  deps: GradingJobDeps,
  options: GradeDeliveryOptions = {},
): GradeDeliveryWorker {
  const { platforms, clock, logger, random } = deps;
  return new GradeDeliveryWorker(
    { ...deps.grading, platforms, clock, logger, ...(random ? { random } : {}) },
    options,
  );
}

export interface RunningGradingJobs {
  /**
   * Stops leasing and projecting at once; deliveries in flight may finish until `deadlineMs`, then
   * are aborted; every lease is given back so that another instance delivers without waiting.
   */
  stop(options?: StopOptions): Promise<void>;
}

export interface GradingJobOptions {
  intervalMs?: number;
  /** GRADE_RETRY_FOR: transient failures are retried this long before an entry is parked. */
  retryForMs?: number;
  /** GRADE_CONCURRENCY: deliveries in flight to one platform at once. */
  perPlatform?: number;
}

/** main.ts: projection and delivery every 2 s and whenever there is something to do. */
export function startGradingJobs(deps: GradingJobDeps, options: GradingJobOptions = {}): RunningGradingJobs {
  const intervalMs = options.intervalMs ?? 2_000;
  const worker = createGradeDeliveryWorker(deps, {
    owner: `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    ...(options.retryForMs !== undefined ? { retryForMs: options.retryForMs } : {}),
    ...(options.perPlatform !== undefined ? { perPlatform: options.perPlatform } : {}),
  });
  const deliveryLoop = new JobLoop("grade-delivery", () => worker.runOnce(), {
    intervalMs,
    logger: deps.logger,
  });
  // Deliveries start soon after the first learner is projected, not after the whole batch; the wakes
  // are spaced so that each delivery run finds a batch rather than one entry.
  const projector = createGradeProjector(deps, { onChanged: throttled(() => deliveryLoop.wake(), 250) });
  const projectionLoop = new JobLoop("grade-projection", () => projector.runOnce(), {
    intervalMs,
    logger: deps.logger,
  });
  const unsubscribe = deps.grading.signal.onWake(() => {
    projectionLoop.wake();
    deliveryLoop.wake();
  });
  projectionLoop.start();
  deliveryLoop.start();
  return {
    stop: async (stopOptions = {}) => {
      unsubscribe();
      projector.stop();
      await Promise.all([worker.stop(stopOptions), projectionLoop.stop(), deliveryLoop.stop()]);
    },
  };
}

/** Calls `run` at once, then at most once per `ms` (a call meanwhile runs at the end of the interval). */
function throttled(run: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  return () => {
    if (timer) {
      pending = true;
      return;
    }
    run();
    const rest = (): void => {
      if (!pending) {
        timer = undefined;
        return;
      }
      pending = false;
      run();
      timer = setTimeout(rest, ms);
      timer.unref();
    };
    timer = setTimeout(rest, ms);
    timer.unref();
  };
}
