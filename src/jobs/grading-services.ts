// Wiring of the grading area: repositories, the AGS client, and factories for the projector and the
// delivery worker (main.ts runs them in loops; tests and the bench call runOnce()).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Connection } from "mongoose";
import type { Clock } from "../clock.js";
import type { FrameworkCatalog } from "../domain/frameworks/catalog.js";
import type { ProgressSource } from "../domain/grading/ports.js";
import { AgsClient } from "../lti/ags-client.js";
import type { FetchLike } from "../lti/platform-http.js";
import type { PlatformTokens } from "../lti/platform-tokens.js";
import type { Logger } from "../logger.js";
import { GradeDeliveries, GradeLearners, GradeLineItems } from "../persistence/grade-deliveries.js";
import { CompetenceRecordRepository } from "../persistence/competence-records.js";
import { CompetenceRecordMarkers } from "../persistence/grade-sync-markers.js";
import { GradingPlacements } from "../persistence/grading-placements.js";
import { gradingModels } from "../persistence/models/grading-models.js";
import type { LtiModels } from "../persistence/models/lti-models.js";
import { validationModels } from "../persistence/models/validation-models.js";
import type { PlatformRegistry } from "../persistence/platform-registry.js";
import { GradeDeliveryWorker, type GradeDeliveryOptions } from "./grade-delivery.js";
import { GradeProjector, type GradeProjectorOptions } from "./grade-projector.js";
import { JobLoop, WakeSignal } from "./job-loop.js";

export interface GradingServices {
  deliveries: GradeDeliveries;
  learners: GradeLearners;
  lineItems: GradeLineItems;
  placements: GradingPlacements;
  markers: CompetenceRecordMarkers;
  progress: ProgressSource;
  tokens: PlatformTokens;
  ags: AgsClient;
  /** Routes call wake() after a re-sync or a retry so the loops do not wait for their next tick. */
  signal: WakeSignal;
}

export interface GradingServicesDeps {
  connection: Connection;
  models: LtiModels;
  frameworks: FrameworkCatalog;
  /** The process's token cache (shared with roster sync): one token per platform and scope set. */
  tokens: PlatformTokens;
  clock: Clock;
  fetchImpl?: FetchLike;
  /** Where progress numbers come from: the validation area's competence records by default. */
  progress?: ProgressSource;
}

export function buildGradingServices(deps: GradingServicesDeps): GradingServices {
  const models = gradingModels(deps.connection);
  const tokens = deps.tokens;
  return {
    deliveries: new GradeDeliveries(models),
    learners: new GradeLearners(models),
    lineItems: new GradeLineItems(models),
    placements: new GradingPlacements(deps.models),
    markers: new CompetenceRecordMarkers(deps.connection),
    progress:
      deps.progress ?? new CompetenceRecordRepository(validationModels(deps.connection), deps.frameworks),
    tokens,
    ags: new AgsClient(tokens, deps.clock, deps.fetchImpl),
    signal: new WakeSignal(),
  };
}

export interface GradingJobDeps {
  grading: GradingServices;
  models: LtiModels;
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
  return new GradeProjector(
    {
      markers: deps.grading.markers,
      progress: deps.grading.progress,
      learners: deps.grading.learners,
      deliveries: deps.grading.deliveries,
      placements: deps.grading.placements,
      frameworks: deps.frameworks,
      models: deps.models,
      clock: deps.clock,
      logger: deps.logger,
    },
    options,
  );
}

export function createGradeDeliveryWorker(
  deps: GradingJobDeps,
  options: GradeDeliveryOptions = {},
): GradeDeliveryWorker {
  return new GradeDeliveryWorker(
    {
      deliveries: deps.grading.deliveries,
      lineItems: deps.grading.lineItems,
      models: deps.models,
      platforms: deps.platforms,
      ags: deps.grading.ags,
      clock: deps.clock,
      logger: deps.logger,
      ...(deps.random ? { random: deps.random } : {}),
    },
    options,
  );
}

export interface RunningGradingJobs {
  stop(): Promise<void>;
}

/** main.ts: the projector and the worker every 2 s and whenever a route wakes them; stop() lets runs finish. */
export function startGradingJobs(
  deps: GradingJobDeps & { maxAttempts: number },
  options: { intervalMs?: number } = {},
): RunningGradingJobs {
  const projector = createGradeProjector(deps);
  const worker = createGradeDeliveryWorker(deps, {
    owner: `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    maxAttempts: deps.maxAttempts,
  });
  const intervalMs = options.intervalMs ?? 2_000;
  const deliveryLoop = new JobLoop("grade-delivery", () => worker.runOnce(), {
    intervalMs,
    logger: deps.logger,
  });
  const projectionLoop = new JobLoop(
    "grade-projection",
    async () => {
      const report = await projector.runOnce();
      if (report.changed > 0) deliveryLoop.wake();
    },
    { intervalMs, logger: deps.logger },
  );
  const unsubscribe = deps.grading.signal.onWake(() => {
    projectionLoop.wake();
    deliveryLoop.wake();
  });
  projectionLoop.start();
  deliveryLoop.start();
  return {
    stop: async () => {
      unsubscribe();
      await Promise.all([projectionLoop.stop(), deliveryLoop.stop()]);
    },
  };
}
