// Grading tests and the bench: competence changes written as the validation area writes them (state,
// level and the gradeSync outbox marker in one update), and the projector and workers of one platform.
import { randomUUID } from "node:crypto";
import type { ManualClock } from "../../src/clock.js";
import type { StoredFramework } from "../../src/domain/frameworks/catalog.js";
import type { CourseKey } from "../../src/domain/grading/ports.js";
import type { CompetenceState } from "../../src/domain/validation/states.js";
import type { GradeDeliveryWorker, GradeDeliveryOptions } from "../../src/jobs/grade-delivery.js";
import type { GradeProjector } from "../../src/jobs/grade-projector.js";
import { createGradeDeliveryWorker, createGradeProjector } from "../../src/jobs/grading-services.js";
import type { GradeDeliveryDoc } from "../../src/persistence/models/grading-models.js";
import type { PlacementDoc, UserDoc } from "../../src/persistence/models/lti-models.js";
import { validationModels } from "../../src/persistence/models/validation-models.js";
import { AgsClient } from "../../src/lti/ags-client.js";
import type { FetchLike } from "../../src/lti/platform-http.js";
import { PlatformTokens } from "../../src/lti/platform-tokens.js";
import { createLogger } from "../../src/logger.js";
import { getTestEnvironment } from "./environment.js";
import { seededRandom } from "./sim-lms/failure-injection.js";
import type { LtiFixture } from "./lti-fixture.js";

export const LEARNER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
export const INSTRUCTOR_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

export interface CompetenceChange {
  learnerId: string;
  competenceCode: string;
  state: CompetenceState;
  level?: string;
}

export interface GradingHarness {
  fixture: LtiFixture;
  clock: ManualClock;
  scope: CourseKey;
  framework: StoredFramework;
  projector: GradeProjector;
  worker(options?: GradeDeliveryOptions): GradeDeliveryWorker;
  /** A worker whose LMS calls (token included) go through `fetchImpl` (an LmsGate, a fault). */
  workerWith(fetchImpl: FetchLike, options?: GradeDeliveryOptions): GradeDeliveryWorker;
  /** Writes a competence record change with its outbox marker, like CompetenceRecordRepository.apply. */
  change(change: CompetenceChange): Promise<void>;
  deliveries(): Promise<GradeDeliveryDoc[]>;
  placement(resourceLinkId: string): Promise<PlacementDoc>;
  user(sub: string): Promise<UserDoc>;
  /** Projects and delivers until nothing is due, moving the clock to each next attempt. */
  drain(workers?: GradeDeliveryWorker[], maxRounds?: number): Promise<number>;
}

export interface HarnessOptions {
  contextId: string;
  frameworkKey: "c2i2e" | "medecine-generale";
  seed?: number;
}

export async function gradingHarness(
  fixture: LtiFixture,
  clock: ManualClock,
  options: HarnessOptions,
): Promise<GradingHarness> {
  const services = fixture.carnet.services;
  const platformId = fixture.platform._id;
  const scope: CourseKey = {
    platformId,
    deploymentId: fixture.tool.deploymentIds[0] ?? "1",
    contextId: options.contextId,
  };
  // c2i2e: the domain-level version (7 competences), which the grading tests count on.
  const version = options.frameworkKey === "c2i2e" ? "domaines-v1" : undefined;
  const framework = await services.frameworks.latestByKey(platformId, options.frameworkKey, version);
  if (!framework) throw new Error(`framework ${options.frameworkKey} is not installed`);
  const jobDeps = {
    grading: services.grading,
    frameworks: services.frameworks,
    platforms: services.platforms,
    clock,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
    random: seededRandom(options.seed ?? 42),
  };
  const records = validationModels((await getTestEnvironment()).mongo.carnet).CompetenceRecord;
  const projector = createGradeProjector(jobDeps, { platformIds: [platformId] });
  const makeWorker = (workerOptions: GradeDeliveryOptions = {}): GradeDeliveryWorker =>
    createGradeDeliveryWorker(jobDeps, {
      platformIds: [platformId],
      requestTimeoutMs: 2_000,
      leaseMs: 60_000,
      backoff: { baseMs: 1_000, capMs: 60_000, floorMs: 250 },
      ...workerOptions,
    });
  const makeWorkerWith = (
    fetchImpl: FetchLike,
    workerOptions: GradeDeliveryOptions = {},
  ): GradeDeliveryWorker =>
    createGradeDeliveryWorker(
      {
        ...jobDeps,
        grading: {
          ...services.grading,
          ags: new AgsClient(new PlatformTokens(services.keys, clock, fetchImpl), clock, fetchImpl),
        },
      },
      {
        platformIds: [platformId],
        requestTimeoutMs: 2_000,
        leaseMs: 60_000,
        backoff: { baseMs: 1_000, capMs: 60_000, floorMs: 250 },
        ...workerOptions,
      },
    );
  const harness: GradingHarness = {
    fixture,
    clock,
    scope,
    framework,
    projector,
    worker: makeWorker,
    workerWith: makeWorkerWith,
    change: async (change) => {
      const now = clock.now();
      await records.updateOne(
        {
          ...scope,
          learnerId: change.learnerId,
          frameworkId: framework.id,
          competenceCode: change.competenceCode,
        },
        {
          $set: {
            state: change.state,
            ...(change.level ? { level: change.level } : {}),
            // As the validation area writes them: a request waits from when it was made.
            ...(change.state === "submitted" || change.state === "resubmitted" ? { waitingSince: now } : {}),
            lastActivityAt: now,
            "gradeSync.pending": true,
            "gradeSync.changedAt": now,
          },
          $inc: { "gradeSync.version": 1, rev: 1 },
          $setOnInsert: {
            _id: randomUUID(),
            approvals: [],
            assignedValidatorIds: [],
            timeline: [],
            evidenceVersion: 0,
            createdAt: now,
          },
        },
        { upsert: true },
      );
    },
    deliveries: () => services.grading.deliveries.forCourse(scope),
    placement: async (resourceLinkId) => {
      const placement = await services.models.Placement.findOne({
        ...scope,
        resourceLinkId,
      }).lean<PlacementDoc>();
      if (!placement) throw new Error(`no placement ${resourceLinkId}`);
      return placement;
    },
    user: async (sub) => {
      const user = await services.models.User.findOne({ platformId, sub }).lean<UserDoc>();
      if (!user) throw new Error(`no user ${sub}`);
      return user;
    },
    drain: async (workers = [makeWorker()], maxRounds = 200) => {
      for (let round = 0; round < maxRounds; round++) {
        await projector.runOnce();
        await Promise.all(workers.map((worker) => worker.runOnce()));
        const open = (await services.grading.deliveries.forCourse(scope)).filter(
          (doc) => doc.status === "pending" || doc.status === "leased",
        );
        const markers = await services.grading.markers.pending(1, [platformId]);
        if (open.length === 0 && markers.length === 0) return round + 1;
        const next = Math.min(
          ...open.map((doc) =>
            doc.status === "leased" ? (doc.lease?.until.getTime() ?? 0) : doc.nextAttemptAt.getTime(),
          ),
        );
        clock.set(Math.max(clock.now().getTime() + 1, Number.isFinite(next) ? next : 0));
      }
      throw new Error(`grades not drained after ${maxRounds} rounds`);
    },
  };
  return harness;
}

/** Accepted scores posted to the LMS for one line item, per LTI user id, in arrival order. */
export function acceptedScores(
  fixture: LtiFixture,
  lineItemUrl: string,
): Map<string, { scoreGiven: unknown; timestamp: string; body: Record<string, unknown> }[]> {
  const item = fixture.lms.lineItem(lineItemUrl);
  const byUser = new Map<
    string,
    { scoreGiven: unknown; timestamp: string; body: Record<string, unknown> }[]
  >();
  for (const record of fixture.lms.scores) {
    if (record.status !== 200 || !item || record.lineItemId !== item.id) continue;
    const body = record.body as Record<string, unknown>;
    const userId = String(body.userId);
    const list = byUser.get(userId) ?? [];
    list.push({ scoreGiven: body.scoreGiven, timestamp: String(body.timestamp), body });
    byUser.set(userId, list);
  }
  return byUser;
}
