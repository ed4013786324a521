// Benchmark 4: 1,000 validation changes (competence records with their outbox markers) drained to a
// simulated LMS through the projector and two delivery workers, then 1,000 more with the LMS failing
// 30 % of its calls (503). Reports time to drain and the scores lost or delivered out of order (must be 0).
// Run alone: node --import tsx bench/grade-drain.ts   (the lead's bench/run.ts calls benchGradeDrain()).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Services } from "../src/app.js";
import { ManualClock } from "../src/clock.js";
import { leafCompetences } from "../src/domain/frameworks/framework.js";
import type { CourseKey } from "../src/domain/grading/ports.js";
import type { GradeDeliveryWorker } from "../src/jobs/grade-delivery.js";
import type { GradeProjector } from "../src/jobs/grade-projector.js";
import { createGradeDeliveryWorker, createGradeProjector } from "../src/jobs/grading-services.js";
import { createLogger, type Logger } from "../src/logger.js";
import type { MongoConnection } from "../src/persistence/connection.js";
import { validationModels } from "../src/persistence/models/validation-models.js";
import type { PlacementDoc } from "../src/persistence/models/lti-models.js";
import { startTestCarnet } from "../test/support/carnet.js";
import { getTestEnvironment, stopTestEnvironment } from "../test/support/environment.js";
import { seededRandom } from "../test/support/sim-lms/failure-injection.js";
import { Browser, SimulatedLms, type ToolRegistration } from "../test/support/sim-lms/index.js";
import type { BenchResult } from "./lib/stats.js";

export interface GradeDrainOptions {
  /** Validation changes per phase (default 1,000). */
  changes?: number;
  /** Changes per learner (default 5: 200 learners for 1,000 changes). */
  changesPerLearner?: number;
  failureRate?: number;
  seed?: number;
  /** bench/run.ts passes its database, services, LMS and running Carnet (it serves the tool's JWKS). */
  context?: {
    services: Services;
    mongo: MongoConnection;
    lms: SimulatedLms;
    carnetUrl: string;
    logger?: Logger;
    /**
     * The running Carnet process delivers with its own jobs and real clock (bench/run.ts): this
     * process only writes the changes and watches the LMS. Otherwise two in-process workers on a
     * virtual clock deliver, and back-off waits are skipped.
     */
    live?: boolean;
  };
}

interface PhaseFigures {
  wallMs: number;
  virtualMs: number;
  deliveries: number;
  accepted: number;
  lost: number;
  outOfOrder: number;
  parked: number;
}

interface Environment {
  services: Services;
  mongo: MongoConnection;
  lms: SimulatedLms;
  carnetUrl: string;
  logger: Logger;
  live: boolean;
  close(): Promise<void>;
}

async function environment(options: GradeDrainOptions): Promise<Environment> {
  if (options.context) {
    const { services, mongo, lms, carnetUrl, logger } = options.context;
    return {
      services,
      mongo,
      lms,
      carnetUrl,
      logger: logger ?? createLogger("warn"),
      live: options.context.live ?? false,
      close: async () => undefined,
    };
  }
  const env = await getTestEnvironment();
  const carnet = await startTestCarnet();
  const lms = await SimulatedLms.start();
  return {
    services: carnet.services,
    mongo: env.mongo,
    lms,
    carnetUrl: carnet.baseUrl,
    logger: createLogger("warn"),
    live: false,
    close: async () => {
      await lms.close();
      await carnet.close();
      await stopTestEnvironment();
    },
  };
}

export async function benchGradeDrain(options: GradeDrainOptions = {}): Promise<BenchResult[]> {
  const env = await environment(options);
  try {
    const changes = options.changes ?? 1000;
    const perLearner = options.changesPerLearner ?? 5;
    const seed = options.seed ?? 2026;
    const tool = env.lms.registerTool({ toolBaseUrl: env.carnetUrl });
    const platform = await env.services.platformAdmin.add(
      {
        issuer: tool.issuer,
        clientId: tool.clientId,
        name: "Bench LMS (grades)",
        authUrl: tool.authUrl,
        tokenUrl: tool.tokenUrl,
        jwksUrl: tool.jwksUrl,
        deploymentIds: tool.deploymentIds,
      },
      "cli",
    );
    const failureRate = options.failureRate ?? 0.3;
    const healthy = await runPhase(env, tool, platform._id, {
      changes,
      perLearner,
      contextId: "grades-ok",
      seed,
      failureRate: 0,
    });
    const failing = await runPhase(env, tool, platform._id, {
      changes,
      perLearner,
      contextId: "grades-503",
      seed,
      failureRate,
    });
    const rate = Math.round(failureRate * 100);
    return [
      result(`grade drain: ${changes} changes, healthy LMS`, healthy, env.live),
      result(`grade drain: ${changes} changes, LMS failing ${rate} % (503)`, failing, env.live),
      {
        name: "grade scores lost or out of order",
        value: healthy.lost + healthy.outOfOrder + failing.lost + failing.outOfOrder,
        unit: "scores",
        target: "0",
        met: healthy.lost + healthy.outOfOrder + failing.lost + failing.outOfOrder === 0,
        note: `lost ${healthy.lost}+${failing.lost}, out of order ${healthy.outOfOrder}+${failing.outOfOrder}, parked ${healthy.parked}+${failing.parked}`,
      },
    ];
  } finally {
    await env.close();
  }
}

/** Time to drain is informative: it depends on the database (mongo-java-server is far slower than mongod). */
function result(name: string, figures: PhaseFigures, live: boolean): BenchResult {
  return {
    name,
    value: Math.round(figures.wallMs),
    unit: "ms",
    target: "—",
    met: null,
    note: `${figures.deliveries} POSTs, ${figures.accepted} accepted, ${figures.lost} lost, ${figures.outOfOrder} out of order${live ? ", delivered by the Carnet process (real back-off)" : `, ${Math.round(figures.virtualMs / 1000)} s of back-off skipped`}`,
  };
}

async function runPhase(
  env: Environment,
  tool: ToolRegistration,
  platformId: string,
  phase: { changes: number; perLearner: number; contextId: string; seed: number; failureRate: number },
): Promise<PhaseFigures> {
  const { services, lms } = env;
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  const framework = await services.frameworks.latestByKey(platformId, "c2i2e");
  if (!framework) throw new Error("the c2i2e framework is not installed");
  const codes = leafCompetences(framework.definition).map(({ node }) => node.code);
  const perLearner = Math.min(phase.perLearner, codes.length);
  const learnerCount = Math.ceil(phase.changes / perLearner);
  const scope: CourseKey = {
    platformId,
    deploymentId: tool.deploymentIds[0] ?? "1",
    contextId: phase.contextId,
  };

  // The teacher places Carnet (placement + AGS claim from a real launch); the roster comes from NRPS.
  const context = { id: phase.contextId, title: `Bench ${phase.contextId}` };
  const resourceLink = { id: `rl-${phase.contextId}`, title: "Portfolio (bench)" };
  lms.addCourse({ id: phase.contextId, label: phase.contextId, title: context.title });
  for (let i = 0; i < learnerCount; i++) {
    lms.addMember(phase.contextId, {
      userId: `${phase.contextId}-${i}`,
      roles: ["Learner"],
      name: `Stagiaire ${i}`,
    });
  }
  const launch = await lms.launch(new Browser(), {
    tool,
    user: { sub: `${phase.contextId}-teacher`, name: "Formatrice" },
    roles: ["Instructor"],
    context,
    resourceLink,
    custom: { framework: framework.id },
    locale: "fr",
  });
  if (launch.final.status !== 200) throw new Error(`bench launch failed: ${launch.final.status}`);
  const roster = await services.roster.refresh(scope);
  if (!roster.refreshed) throw new Error(`roster refresh failed: ${roster.error ?? "?"}`);
  const placement = await services.models.Placement.findOne({
    ...scope,
    resourceLinkId: resourceLink.id,
  }).lean<PlacementDoc>();
  const lineItemUrl = placement?.ags?.lineitem;
  if (!lineItemUrl) throw new Error("the bench placement has no line item");
  const users = await services.models.User.find({
    platformId,
    sub: { $regex: `^${phase.contextId}-\\d+$` },
  }).lean<{ _id: string; sub: string }[]>();

  const jobDeps = {
    grading: services.grading,
    models: services.models,
    frameworks: services.frameworks,
    platforms: services.platforms,
    clock,
    logger: env.logger,
    random: seededRandom(phase.seed),
  };
  const projector = createGradeProjector(jobDeps, { platformIds: [platformId], batchSize: 500 });
  const workers = (env.live ? [] : ["A", "B"]).map((owner) =>
    createGradeDeliveryWorker(jobDeps, {
      owner: `bench-${owner}`,
      platformIds: [platformId],
      concurrency: 8,
      requestTimeoutMs: 5_000,
      maxAttempts: 12,
      backoff: { baseMs: 1_000, capMs: 60_000, floorMs: 250 },
    }),
  );
  const records = validationModels(env.mongo.carnet).CompetenceRecord;
  const callsBefore = lms.agsCalls.length;
  const lineItemId = lms.lineItem(lineItemUrl)?.id;
  // Every service call (token and AGS) may fail from here on: 503, no Retry-After.
  if (phase.failureRate > 0) lms.setFailureRate(phase.failureRate, { status: 503, seed: phase.seed });

  // Changes arrive in waves while the jobs run: coalescing and re-delivery both happen.
  const started = performance.now();
  const virtualStart = clock.now().getTime();
  const waves = 10;
  let written = 0;
  for (let wave = 0; wave < waves; wave++) {
    const target = Math.round(((wave + 1) * phase.changes) / waves);
    const batch: Promise<unknown>[] = [];
    for (; written < target; written++) {
      const user = users[written % users.length];
      const code = codes[Math.floor(written / users.length) % perLearner];
      if (!user || !code) continue;
      const now = clock.now();
      batch.push(
        records.updateOne(
          { ...scope, learnerId: user._id, frameworkId: framework.id, competenceCode: code },
          {
            $set: {
              state: "validated",
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
        ),
      );
    }
    await Promise.all(batch);
    if (env.live) continue;
    await projector.runOnce();
    await Promise.all(workers.map((worker) => worker.runOnce()));
    clock.advance(1_000);
  }
  try {
    if (env.live) await waitForDrain(services, scope, platformId);
    else await drain(services, scope, platformId, clock, projector, workers);
  } finally {
    lms.clearFailures();
  }
  const wallMs = performance.now() - started;

  // Verification: every learner's final score is the latest, and arrived in order.
  const expected = Math.round((perLearner / codes.length) * 100 * 100) / 100;
  const gradebook = lms.gradebook(lineItemUrl);
  let lost = 0;
  for (const user of users) {
    const entry = gradebook.get(user.sub);
    if (!entry || entry.scoreGiven !== expected) lost += 1;
  }
  let outOfOrder = 0;
  const last = new Map<string, { at: number; score: number }>();
  let accepted = 0;
  for (const record of lms.scores) {
    if (record.lineItemId !== lineItemId || record.status !== 200) continue;
    accepted += 1;
    const body = record.body as { userId: string; timestamp: string; scoreGiven?: number };
    const previous = last.get(body.userId);
    const current = { at: Date.parse(body.timestamp), score: body.scoreGiven ?? 0 };
    if (previous && (current.at <= previous.at || current.score < previous.score)) outOfOrder += 1;
    last.set(body.userId, current);
  }
  const parked = (await services.grading.deliveries.forCourse(scope)).filter(
    (doc) => doc.status === "parked",
  ).length;
  const deliveries = lms.agsCalls
    .slice(callsBefore)
    .filter((call) => call.method === "POST" && /\/scores/.test(call.url)).length;
  return {
    wallMs,
    virtualMs: clock.now().getTime() - virtualStart,
    deliveries,
    accepted,
    lost,
    outOfOrder,
    parked,
  };
}

/** Live mode: the Carnet process works in real time; watch its outbox until it is empty. */
async function waitForDrain(services: Services, scope: CourseKey, platformId: string): Promise<void> {
  const deadline = performance.now() + 10 * 60_000;
  while (performance.now() < deadline) {
    const open = (await services.grading.deliveries.forCourse(scope)).filter(
      (doc) => doc.status === "pending" || doc.status === "leased",
    );
    const markers = await services.grading.markers.pending(1, [platformId]);
    if (open.length === 0 && markers.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("grades did not drain within 10 minutes");
}

async function drain(
  services: Services,
  scope: CourseKey,
  platformId: string,
  clock: ManualClock,
  projector: GradeProjector,
  workers: GradeDeliveryWorker[],
): Promise<void> {
  for (let round = 0; round < 10_000; round++) {
    await projector.runOnce();
    await Promise.all(workers.map((worker) => worker.runOnce()));
    const open = (await services.grading.deliveries.forCourse(scope)).filter(
      (doc) => doc.status === "pending" || doc.status === "leased",
    );
    const markers = await services.grading.markers.pending(1, [platformId]);
    if (open.length === 0 && markers.length === 0) return;
    // Nothing due: jump to the next attempt instead of waiting for it.
    const next = Math.min(
      ...open.map((doc) =>
        doc.status === "leased" ? (doc.lease?.until.getTime() ?? 0) : doc.nextAttemptAt.getTime(),
      ),
    );
    clock.set(Math.max(clock.now().getTime() + 1, Number.isFinite(next) ? next : 0));
  }
  throw new Error("grades did not drain");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchGradeDrain().then(
    (results) => {
      for (const r of results) {
        const verdict = r.met === null ? "" : r.met ? ", met" : ", MISSED";
        console.log(`${r.name}: ${r.value} ${r.unit} (target ${r.target}${verdict}) ${r.note ?? ""}`);
      }
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
