// Benchmark 4: grade delivery by the Carnet process's own jobs (real clock, real back-off) to the
// simulated LMS. Four phases, each in its own course: a backlog of 1,000 learners with one change each
// (throughput), then 1,000 changes of 200 learners (coalescing), each healthy and with 30 % of LMS
// calls failing (503).
// Every phase checks the LMS's gradebook: nothing lost, nothing sent again, nothing out of order.
// Run alone: node --import tsx bench/grade-drain.ts   (bench/run.ts calls benchGradeDrain() too).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Services } from "../src/app.js";
import { leafCompetences } from "../src/domain/frameworks/framework.js";
import type { CourseKey } from "../src/domain/grading/ports.js";
import type { MongoConnection } from "../src/persistence/connection.js";
import type { PlacementDoc } from "../src/persistence/models/lti-models.js";
import { validationModels } from "../src/persistence/models/validation-models.js";
import { Browser, type SimulatedLms, type ToolRegistration } from "../test/support/sim-lms/index.js";
import { checkGradebook, type GradebookCheck } from "./lib/grade-checks.js";
import type { BenchResult } from "./lib/stats.js";

export interface GradeDrainOptions {
  /** Validation changes per phase (default 1,000). */
  changes?: number;
  /** Changes per learner in the coalescing phases (default 5: 200 learners for 1,000 changes). */
  changesPerLearner?: number;
  failureRate?: number;
  seed?: number;
  /** The database, services and simulated LMS of the caller, and the running Carnet process that delivers. */
  context: {
    services: Services;
    mongo: MongoConnection;
    lms: SimulatedLms;
    carnetUrl: string;
  };
}

interface Phase {
  name: string;
  contextId: string;
  learners: number;
  perLearner: number;
  failureRate: number;
}

interface PhaseFigures extends GradebookCheck {
  parked: number;
  /** From the first change written to the last score the LMS accepted. */
  wallMs: number;
  /** From the first change written to the first score POST. */
  firstPostMs: number;
  posts: number;
}

const TARGET_SCORES_PER_S = 50;
const TARGET_FAILING_DRAIN_MS = 40_000;

export async function benchGradeDrain(options: GradeDrainOptions): Promise<BenchResult[]> {
  const { services, lms, carnetUrl } = options.context;
  const changes = options.changes ?? 1000;
  const perLearner = options.changesPerLearner ?? 5;
  const failureRate = options.failureRate ?? 0.3;
  const seed = options.seed ?? 2026;
  const tool = lms.registerTool({ toolBaseUrl: carnetUrl });
  const platform = await services.platformAdmin.add(
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
  const run = (phase: Phase): Promise<PhaseFigures> => runPhase(options, tool, platform._id, phase, seed);
  const rate = Math.round(failureRate * 100);
  const learners = Math.ceil(changes / perLearner);
  const phases: Phase[] = [
    {
      name: "backlog, healthy",
      contextId: "grades-backlog",
      learners: changes,
      perLearner: 1,
      failureRate: 0,
    },
    {
      name: `backlog, ${rate} % failing`,
      contextId: "grades-backlog-503",
      learners: changes,
      perLearner: 1,
      failureRate,
    },
    { name: "coalescing, healthy", contextId: "grades-ok", learners, perLearner, failureRate: 0 },
    { name: `coalescing, ${rate} % failing`, contextId: "grades-503", learners, perLearner, failureRate },
  ];
  // Steady state, as a long-running Carnet is: a first, small drain warms the process up (its figures
  // count only in the defect check).
  const warmUp = await run({
    name: "warm-up",
    contextId: "grades-warm-up",
    learners: 100,
    perLearner: 1,
    failureRate: 0,
  });
  const figures: PhaseFigures[] = [];
  for (const phase of phases) figures.push(await run(phase));
  const [backlog, backlogFailing, healthy, failing] = figures;
  if (!backlog || !backlogFailing || !healthy || !failing) throw new Error("a phase did not run");
  const checked = [warmUp, ...figures];
  const sum = (pick: (f: PhaseFigures) => number): number => checked.reduce((total, f) => total + pick(f), 0);
  const defects = sum((f) => f.lost) + sum((f) => f.duplicated) + sum((f) => f.outOfOrder);
  const within = `${changes} in < ${TARGET_FAILING_DRAIN_MS / 1000} s`;
  return [
    throughput(`grade delivery, healthy LMS: ${changes} learners' scores`, backlog, TARGET_SCORES_PER_S),
    throughput(
      `grade delivery, LMS failing ${rate} % (503): ${changes} learners' scores`,
      backlogFailing,
      changes / (TARGET_FAILING_DRAIN_MS / 1000),
      within,
    ),
    drain(`grade drain, healthy LMS: ${changes} changes of ${learners} learners`, healthy, null),
    drain(
      `grade drain, LMS failing ${rate} % (503): ${changes} changes of ${learners} learners`,
      failing,
      TARGET_FAILING_DRAIN_MS,
    ),
    {
      name: "grade scores lost, sent again or out of order",
      value: defects,
      unit: "scores",
      target: "0",
      met: defects === 0,
      note: checked
        .map(
          (f, i) =>
            `${i === 0 ? "warm-up" : (phases[i - 1]?.name ?? "?")}: lost ${f.lost}, again ${f.duplicated}, out of order ${f.outOfOrder}, parked ${f.parked}`,
        )
        .join("; "),
    },
  ];
}

/** Scores the LMS accepted per second, from the first change written to the last score accepted. */
function throughput(name: string, figures: PhaseFigures, target: number, why?: string): BenchResult {
  const perSecond = figures.accepted / (figures.wallMs / 1000);
  return {
    name,
    value: Math.round(perSecond * 10) / 10,
    unit: "scores/s",
    target: `≥ ${Math.round(target)}${why ? ` (${why})` : ""}`,
    met: perSecond >= target,
    note: details(figures),
  };
}

function drain(name: string, figures: PhaseFigures, targetMs: number | null): BenchResult {
  return {
    name,
    value: Math.round(figures.wallMs),
    unit: "ms",
    target: targetMs === null ? "—" : `< ${targetMs / 1000} s`,
    met: targetMs === null ? null : figures.wallMs < targetMs,
    note: `${details(figures)}, ${(figures.accepted / (figures.wallMs / 1000)).toFixed(1)} scores/s`,
  };
}

function details(figures: PhaseFigures): string {
  return `${figures.accepted} accepted of ${figures.posts} POSTs in ${(figures.wallMs / 1000).toFixed(1)} s, first POST after ${Math.round(figures.firstPostMs)} ms`;
}

async function runPhase(
  options: GradeDrainOptions,
  tool: ToolRegistration,
  platformId: string,
  phase: Phase,
  seed: number,
): Promise<PhaseFigures> {
  const { services, lms, mongo } = options.context;
  // The domain-level C2i2e (7 competences), so figures stay comparable across runs.
  const framework = await services.frameworks.latestByKey(platformId, "c2i2e", "domaines-v1");
  if (!framework) throw new Error("the c2i2e framework is not installed");
  const codes = leafCompetences(framework.definition).map(({ node }) => node.code);
  const perLearner = Math.min(phase.perLearner, codes.length);
  const scope: CourseKey = {
    platformId,
    deploymentId: tool.deploymentIds[0] ?? "1",
    contextId: phase.contextId,
  };

  // The teacher places Carnet (placement + AGS claim from a real launch); the roster comes from NRPS.
  const context = { id: phase.contextId, title: `Bench ${phase.contextId}` };
  const resourceLink = { id: `rl-${phase.contextId}`, title: "Portfolio (bench)" };
  lms.addCourse({ id: phase.contextId, label: phase.contextId, title: context.title });
  for (let i = 0; i < phase.learners; i++) {
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

  const records = validationModels(mongo.carnet).CompetenceRecord;
  const callsBefore = lms.agsCalls.length;
  // Every service call (token and AGS) may fail from here on: 503, no Retry-After.
  if (phase.failureRate > 0) lms.setFailureRate(phase.failureRate, { status: 503, seed });

  // All changes at once, written as the validation area writes them (state + outbox marker in one update),
  // in ten waves: the Carnet process projects and delivers while they arrive.
  const started = performance.now();
  const startedAt = Date.now();
  const total = users.length * perLearner;
  const waves = 10;
  let written = 0;
  for (let wave = 0; wave < waves; wave++) {
    const target = Math.round(((wave + 1) * total) / waves);
    const batch: Promise<unknown>[] = [];
    for (; written < target; written++) {
      const user = users[written % users.length];
      const code = codes[Math.floor(written / users.length) % perLearner];
      if (!user || !code) continue;
      const now = new Date();
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
  }
  try {
    await waitForDrain(services, scope, platformId);
  } finally {
    lms.clearFailures();
  }
  const drainedMs = performance.now() - started;
  const expected = Math.round((perLearner / codes.length) * 100 * 100) / 100;
  const check = checkGradebook(lms, lineItemUrl, users, expected);
  const posts = lms.agsCalls
    .slice(callsBefore)
    .filter((call) => call.method === "POST" && /\/scores/.test(call.url));
  const parked = (await services.grading.deliveries.countByStatus(scope)).parked;
  return {
    ...check,
    parked,
    posts: posts.length,
    wallMs: check.lastAcceptedAt === undefined ? drainedMs : check.lastAcceptedAt - startedAt,
    firstPostMs: (posts[0]?.at ?? startedAt) - startedAt,
  };
}

/** The Carnet process works in real time: watch its outbox until nothing is pending. */
async function waitForDrain(services: Services, scope: CourseKey, platformId: string): Promise<void> {
  const deadline = performance.now() + 10 * 60_000;
  while (performance.now() < deadline) {
    const counts = await services.grading.deliveries.countByStatus(scope);
    const markers = await services.grading.markers.pending(1, [platformId]);
    if (counts.pending + counts.leased === 0 && markers.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("grades did not drain within 10 minutes");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { runStandalone } = await import("./lib/standalone.js");
  await runStandalone("grade drain", (context) => benchGradeDrain({ context }));
}
