// Fault script (outside npm test): the database is frozen (SIGSTOP: connections stay open, nothing
// answers) for FREEZE_MS under load, then thawed. Requests must fail fast with a 503 instead of hanging,
// /readyz must answer 503 within its own timeout, and Carnet must recover by itself.
// Usage: node --import tsx scripts/faults/db-freeze.ts   (RUNS=2 FREEZE_MS=30000 LEARNERS=6)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { registerWithCli, spawnCarnet } from "../../test/support/carnet-process.js";
import { SimulatedLms } from "../../test/support/sim-lms/index.js";
import { StandaloneDatabase } from "../../test/support/standalone-database.js";
import { ensureBuilt } from "./lib/build.js";
import { delay, launchLearners, probe, type Outcome } from "./lib/learners.js";
import { describe, Load, slowestRequests, unexpectedErrors } from "./lib/load.js";

const RUNS = Number(process.env.RUNS ?? 2);
const FREEZE_MS = Number(process.env.FREEZE_MS ?? 30_000);
const LEARNERS = Number(process.env.LEARNERS ?? 6);
const LTI_KEY = "faults-lti-key-0123456789abcdef0123456789abcdef";

async function run(index: number): Promise<boolean> {
  const dir = mkdtempSync(path.join(tmpdir(), "carnet-freeze-"));
  const database = await StandaloneDatabase.start({ h2File: path.join(dir, "db.mv") });
  const env = {
    MONGODB_URI: database.uri,
    LTI_KEY,
    NODE_ENV: "production",
    DATA_DIR: dir,
    // The simulated LMS runs on this machine: production reaches it only when allowlisted.
    OUTBOUND_ALLOWLIST: "127.0.0.1",
  };
  const carnet = await spawnCarnet({ compiled: true, env });
  const lms = await SimulatedLms.start();
  try {
    const tool = lms.registerTool({ toolBaseUrl: carnet.url, deploymentIds: ["1"] });
    await registerWithCli({ ...env, BASE_URL: carnet.url }, tool);
    const learners = await launchLearners(lms, tool, LEARNERS, `freeze-${index}`);
    const load = new Load(learners);
    await delay(5_000);

    load.phase = "frozen";
    database.freeze();
    const readyz: Outcome[] = [];
    const healthz: Outcome[] = [];
    const thawAt = performance.now() + FREEZE_MS;
    while (performance.now() < thawAt) {
      readyz.push(await probe(`${carnet.url}/readyz`));
      healthz.push(await probe(`${carnet.url}/healthz`));
      await delay(500);
    }
    load.phase = "thawed";
    database.thaw();
    const thawed = performance.now();
    while ((await probe(`${carnet.url}/readyz`)).status !== 200 && performance.now() - thawed < 60_000) {
      await delay(100);
    }
    const readyAgainMs = performance.now() - thawed;
    await delay(5_000);
    await load.stop();

    const survived = !carnet.hasExited();
    console.log(`run ${index}: Carnet ${survived ? "survived" : "CRASHED"}`);
    console.log(`  before the freeze:  ${describe(load.in("before"))}`);
    console.log(`  database frozen:    ${describe(load.in("frozen"))}`);
    console.log(`  /readyz frozen:     ${describe(readyz)}`);
    console.log(`  /healthz frozen:    ${describe(healthz)}`);
    console.log(
      `  after the thaw:     /readyz 200 after ${Math.round(readyAgainMs)} ms; ${describe(load.in("thawed"))}`,
    );
    console.log(`  slowest answers:    ${slowestRequests(carnet.logs).join("; ")}`);
    for (const error of unexpectedErrors(carnet.logs)) console.log(`  500: ${error}`);
    return survived;
  } finally {
    await lms.close();
    await carnet.stop();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  ensureBuilt();
  console.log(
    `Database frozen (SIGSTOP) for ${FREEZE_MS / 1000} s under load, ${RUNS} runs, ${LEARNERS} learners\n`,
  );
  let crashes = 0;
  for (let i = 1; i <= RUNS; i++) if (!(await run(i))) crashes += 1;
  console.log(`\n${crashes} crash(es) in ${RUNS} runs`);
  process.exitCode = crashes > 0 ? 1 : 0;
}

await main();
