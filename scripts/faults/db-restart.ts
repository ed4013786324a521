// Fault script (outside npm test): the database is killed (kill -9) under load, stays down OUTAGE_MS,
// then restarts on the same port. Carnet must stay up, answer 503 quickly meanwhile and recover alone.
// Usage: node --import tsx scripts/faults/db-restart.ts   (RUNS=3 OUTAGE_MS=30000 LEARNERS=6)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { registerWithCli, spawnCarnet } from "../../test/support/carnet-process.js";
import { SimulatedLms } from "../../test/support/sim-lms/index.js";
import { StandaloneDatabase } from "../../test/support/standalone-database.js";
import { ensureBuilt } from "./lib/build.js";
import { delay, launchLearners, probe } from "./lib/learners.js";
import { describe, Load, slowestRequests, unexpectedErrors } from "./lib/load.js";

const RUNS = Number(process.env.RUNS ?? 3);
const OUTAGE_MS = Number(process.env.OUTAGE_MS ?? 30_000);
const LEARNERS = Number(process.env.LEARNERS ?? 6);
const LTI_KEY = "faults-lti-key-0123456789abcdef0123456789abcdef";

interface RunResult {
  survived: boolean;
  readyAgainMs: number;
  pageAgainMs: number;
}

async function run(index: number): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "carnet-faults-"));
  const database = await StandaloneDatabase.start({ h2File: path.join(dir, "db.mv") });
  // OUTBOUND_ALLOWLIST: the simulated LMS runs on this machine, which production reaches only when told so.
  const env = {
    MONGODB_URI: database.uri,
    LTI_KEY,
    NODE_ENV: "production",
    OUTBOUND_ALLOWLIST: "127.0.0.1",
    DATA_DIR: dir,
  };
  const carnet = await spawnCarnet({ compiled: true, env });
  const lms = await SimulatedLms.start();
  try {
    const tool = lms.registerTool({ toolBaseUrl: carnet.url, deploymentIds: ["1"] });
    await registerWithCli({ ...env, BASE_URL: carnet.url }, tool);
    const learners = await launchLearners(lms, tool, LEARNERS, `restart-${index}`);
    const load = new Load(learners);
    await delay(5_000);

    load.phase = "outage";
    await database.kill();
    const readyz: Awaited<ReturnType<typeof probe>>[] = [];
    const outageEnds = performance.now() + OUTAGE_MS;
    while (performance.now() < outageEnds) {
      readyz.push(await probe(`${carnet.url}/readyz`));
      await delay(1_000);
    }

    load.phase = "recovery";
    await database.restart();
    const restarted = performance.now();
    const readyAgainMs = await until(
      async () => (await probe(`${carnet.url}/readyz`)).status === 200,
      restarted,
    );
    const learner = learners[0];
    const pageAgainMs = learner
      ? await until(async () => (await learner.browser.get(`${learner.base}/`)).status === 200, restarted)
      : Number.NaN;
    load.phase = "after";
    await delay(5_000);
    await load.stop();

    const survived = !carnet.hasExited();
    console.log(`run ${index}: Carnet ${survived ? "survived" : "CRASHED"}`);
    console.log(`  before the outage:   ${describe(load.in("before"))}`);
    console.log(`  database down:       ${describe(load.in("outage"))}`);
    console.log(`  /readyz while down:  ${describe(readyz)}`);
    console.log(
      `  after the restart:   /readyz 200 after ${Math.round(readyAgainMs)} ms, a page 200 after ${Math.round(pageAgainMs)} ms`,
    );
    console.log(`  once recovered:      ${describe(load.in("after"))}`);
    console.log(`  slowest answers:    ${slowestRequests(carnet.logs).join("; ")}`);
    for (const error of unexpectedErrors(carnet.logs)) console.log(`  500: ${error}`);
    if (!survived) {
      const tail = carnet.logs
        .slice(-8)
        .map((entry) => JSON.stringify(entry))
        .join("\n    ");
      console.log(`  last log lines:\n    ${tail}`);
    }
    return { survived, readyAgainMs, pageAgainMs };
  } finally {
    await lms.close();
    await carnet.stop();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ms from `since` until `check` holds (checked every 100 ms, for at most 60 s). */
async function until(check: () => Promise<boolean>, since: number): Promise<number> {
  while (performance.now() - since < 60_000) {
    if (await check().catch(() => false)) return performance.now() - since;
    await delay(100);
  }
  return Number.POSITIVE_INFINITY;
}

async function main(): Promise<void> {
  ensureBuilt();
  console.log(`Database killed under load for ${OUTAGE_MS / 1000} s, ${RUNS} runs, ${LEARNERS} learners\n`);
  const results: RunResult[] = [];
  for (let i = 1; i <= RUNS; i++) results.push(await run(i));
  const crashes = results.filter((result) => !result.survived).length;
  console.log(`\n${crashes} crash(es) in ${RUNS} runs`);
  process.exitCode = crashes > 0 ? 1 : 0;
}

await main();
