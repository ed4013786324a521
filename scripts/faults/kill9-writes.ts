// Fault script (outside npm test): learners write traces into a Carnet running its embedded database;
// Carnet and the database are killed together (kill -9 of the process group: a power cut, the OOM
// killer) at a random moment; Carnet restarts on the same data and every acknowledged trace is looked up.
// Usage: node --import tsx scripts/faults/kill9-writes.ts   (RUNS=5 LEARNERS=8)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { registerWithCli, spawnCarnet, type CarnetProcess } from "../../test/support/carnet-process.js";
import { SimulatedLms, type ToolRegistration } from "../../test/support/sim-lms/index.js";
import { ensureBuilt } from "./lib/build.js";
import { delay, launchLearner, launchLearners, type Learner } from "./lib/learners.js";
import { Load } from "./lib/load.js";

const RUNS = Number(process.env.RUNS ?? 5);
const LEARNERS = Number(process.env.LEARNERS ?? 8);
/** Writing lasts a random time in [WRITE_MS, 2 × WRITE_MS] before the kill. */
const WRITE_MS = Number(process.env.WRITE_MS ?? 4_000);
const LTI_KEY = "faults-lti-key-0123456789abcdef0123456789abcdef";

interface RunResult {
  acknowledged: number;
  lost: number;
}

async function run(index: number, dataDir: string): Promise<RunResult> {
  // Production with the embedded database chosen explicitly, as the trial set-up runs it.
  // OUTBOUND_ALLOWLIST: the simulated LMS runs on this machine, which production reaches only when told so.
  const env = {
    LTI_KEY,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    EMBEDDED_DB: "mongo-java-server",
    OUTBOUND_ALLOWLIST: "127.0.0.1",
  };
  const lms = await SimulatedLms.start();
  let carnet: CarnetProcess | undefined = await spawnCarnet({ compiled: true, env });
  try {
    const tool = lms.registerTool({ toolBaseUrl: carnet.url, deploymentIds: ["1"] });
    await registerWithCli({ ...env, BASE_URL: carnet.url }, tool);
    const learners = await launchLearners(lms, tool, LEARNERS, `kill-${index}`);
    const load = new Load(learners);
    await delay(WRITE_MS * (1 + Math.random()));
    await carnet.killGroup();
    await load.stop();
    const acknowledged = load.outcomes.flatMap((outcome) =>
      outcome.kind === "write" && outcome.status === 303 && outcome.traceId
        ? [{ sub: outcome.sub, traceId: outcome.traceId }]
        : [],
    );

    carnet = await spawnCarnet({ compiled: true, env, port: carnet.port });
    const lost = await countMissing(lms, tool, learners, acknowledged);
    console.log(`run ${index}: ${acknowledged.length} traces acknowledged before kill -9, ${lost} lost`);
    return { acknowledged: acknowledged.length, lost };
  } finally {
    await lms.close();
    await carnet?.stop();
  }
}

/** Launches each learner again after the restart and opens every trace Carnet had acknowledged. */
async function countMissing(
  lms: SimulatedLms,
  tool: ToolRegistration,
  learners: Learner[],
  acknowledged: { sub: string; traceId: string }[],
): Promise<number> {
  let missing = 0;
  for (const learner of learners) {
    const again = await launchLearner(lms, tool, learner.sub, learner.sub.replace(/-\d+$/, ""));
    for (const { traceId } of acknowledged.filter((ack) => ack.sub === learner.sub)) {
      const page = await again.browser.get(`${again.base}/traces/${traceId}`);
      if (page.status !== 200) missing += 1;
    }
  }
  return missing;
}

async function main(): Promise<void> {
  ensureBuilt();
  console.log(`kill -9 of Carnet and its embedded database while ${LEARNERS} learners write, ${RUNS} runs\n`);
  const dataDir = mkdtempSync(path.join(tmpdir(), "carnet-kill9-"));
  let acknowledged = 0;
  let lost = 0;
  try {
    for (let i = 1; i <= RUNS; i++) {
      const result = await run(i, dataDir);
      acknowledged += result.acknowledged;
      lost += result.lost;
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\n${lost} of ${acknowledged} acknowledged traces lost`);
  process.exitCode = lost > 0 ? 1 : 0;
}

await main();
