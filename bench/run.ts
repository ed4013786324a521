// npm run bench: every figure of issue 7 with its target, printed and written to bench/results/latest.json.
// Everything runs on 127.0.0.1: an embedded database (or MONGODB_URI), Carnet and an ltijs baseline as
// child processes, and the simulated LMS in this process as the load generator.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startLtijs } from "../src/lti/tool-keys.js";
import { buildContainer } from "../src/container.js";
import { systemClock } from "../src/clock.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/logger.js";
import { connectMongo } from "../src/persistence/connection.js";
import { startEmbeddedDatabase } from "../src/persistence/embedded-database.js";
import { SimulatedLms, type ToolRegistration } from "../test/support/sim-lms/index.js";
import type { Services } from "../src/app.js";
import { benchLaunches, type PlatformEntry } from "./launch.js";
import { commandResults, countLaunchCommands, type CountedTarget } from "./launch-commands.js";
import { describeMachine } from "./lib/machine.js";
import { describeCpu, describeMemory, MemorySampler, readMetrics } from "./lib/memory.js";
import { takeHeapSnapshot } from "./lib/heap-snapshot.js";
import { carnetNodeFlags, carnetStartEnv } from "./lib/start-command.js";
import { freePort, startServer } from "./lib/processes.js";
import { round, type BenchResult } from "./lib/stats.js";
import { optionalBenchmarks } from "./optional.js";
import { benchStall } from "./stall.js";
import { benchDossierPdf } from "./dossier-pdf.js";

const LTI_KEY = "bench-lti-key-0123456789abcdef0123456789abcdef";
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
const scale = Number(process.env.BENCH_SCALE ?? 1);
/** BENCH_ONLY=launch,workspace runs those parts only (while iterating); all of them by default. */
const parts = new Set((process.env.BENCH_ONLY ?? "launch,workspace,grades,stall,dossier").split(","));

async function main(): Promise<void> {
  const logger = createLogger("warn");
  const external = process.env.MONGODB_URI;
  const embedded = external
    ? undefined
    : await startEmbeddedDatabase({
        persistent: false,
        dataDir: ".data/bench",
        choice: "auto",
        logger,
        // The bench's database holds 10,000 launches and a 1,000-learner cohort (45,000 records with
        // their timelines): more than the 256 MB heap tests and development run with.
        heapMb: 1536,
      });
  const uri = external ?? embedded?.uri ?? "";
  const machine = describeMachine(external ? "MONGODB_URI" : (embedded?.description ?? "?"));
  console.log(
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GiB, Node ${machine.node}, ${machine.platform}`,
  );
  console.log(`Database: ${machine.database}`);
  console.log(
    `Load average at start: ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}\n`,
  );

  const results: BenchResult[] = [];
  // Free ports, not fixed ones: several benchmarks may run on one machine, and a fixed port already taken
  // would have the readiness check answered by another run's Carnet.
  const carnetPort = await freePort();
  const carnetEnv = {
    MONGODB_URI: uri,
    LTI_KEY,
    BASE_URL: `http://127.0.0.1:${carnetPort}`,
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    // The simulated LMS runs on this machine: production reaches it only when told so.
    OUTBOUND_ALLOWLIST: "127.0.0.1",
  };

  // 6. Start-up: `npm start` (src/main.ts) to /readyz 200 with a ready database.
  // As `npm start` runs it: the compiled server (built once here, like npm start's prestart).
  const build = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
  const carnet = await startServer(
    [...carnetNodeFlags(), "dist/src/main.js"],
    { ...carnetStartEnv(), ...carnetEnv },
    "/readyz",
    carnetPort,
  );
  results.push({
    name: "start-up to /readyz 200",
    value: Math.round(carnet.startupMs),
    unit: "ms",
    target: "—",
    met: null,
    note: "node dist/src/main.js (npm start after its build), database already running",
  });
  // What every Carnet process costs before its first request (modules, caches, the heap they leave).
  const idle = await readMetrics(`${carnet.url}/metrics`);
  results.push({
    name: "Carnet RSS at start (before any request)",
    value: round(idle.memory.rssMb),
    unit: "MB",
    target: "—",
    met: null,
    note: describeMemory(idle.memory),
  });
  const memory = new MemorySampler(`${carnet.url}/metrics`);
  memory.start();
  // Which part brings the peak: each part's largest /metrics sample and the peak RSS reached by its end.
  const partPeak = (part: string): BenchResult => {
    const sample = memory.partPeak();
    return {
      name: `Carnet RSS during the ${part} part (largest sample)`,
      value: round(sample?.rssMb ?? Number.NaN),
      unit: "MB",
      target: "—",
      met: null,
      note: `${describeMemory(sample)}; peak RSS (VmHWM) ${round(carnet.peakRssMb())} MB at the end of the part`,
    };
  };
  const baseline = await startServer(
    ["--import", "tsx", "bench/baseline-ltijs.ts"],
    { MONGODB_URI: uri, LTI_KEY },
    "/readyz",
    await freePort(),
  );

  // Three LMSs (three platforms as Carnet sees them); the first also serves the later benchmarks.
  const lmsList = [await SimulatedLms.start(), await SimulatedLms.start(), await SimulatedLms.start()];
  const [lms] = lmsList;
  if (!lms) throw new Error("no simulated LMS");
  // Seeding writes thousands of documents per command: no operation bound here.
  const timeouts = { serverSelectionMs: 30_000, operationMs: 600_000 };
  const mongo = await connectMongo(uri, { timeouts });
  const lti = await startLtijs(LTI_KEY, uri, { baseUrl: carnetEnv.BASE_URL }, { timeouts });
  const config = loadConfig({ ...carnetEnv, NODE_ENV: "test" }, { persistDevKey: false });
  const services = buildContainer({ config, logger, clock: systemClock, mongo, lti });
  // This process builds the same indexes as Carnet's: mongo-java-server can fail writes racing a build.
  await mongo.indexesReady();
  try {
    const carnetPlatforms: PlatformEntry[] = [];
    const baselinePlatforms: PlatformEntry[] = [];
    for (const each of lmsList) {
      carnetPlatforms.push({ lms: each, tool: await registerCarnet(services, each, carnet.url) });
      baselinePlatforms.push({ lms: each, tool: await registerBaseline(each, baseline.url) });
    }
    const carnetTool = carnetPlatforms[0]?.tool;
    if (!carnetTool) throw new Error("Carnet is not registered");

    // 1. Launches: database commands per launch (counted, load-independent), then timings.
    if (parts.has("launch") || parts.has("commands"))
      results.push(...(await launchCommandCounts(uri, lmsList, services, carnetEnv)));
    if (parts.has("launch"))
      results.push(
        ...(await benchLaunches(
          { label: "carnet", platforms: carnetPlatforms, expect: "Bonjour" },
          { label: "ltijs", platforms: baselinePlatforms, expect: "hello" },
          scale,
        )),
        partPeak("launch"),
      );
    if (parts.has("launch")) await takeHeapSnapshot(carnet.pid, "the launch part");

    // 2–4. Workspace, portfolio and grade delivery, when their modules are present.
    results.push(
      ...(await optionalBenchmarks({
        uri,
        services,
        mongo,
        lms,
        carnetUrl: carnet.url,
        carnetPid: carnet.pid,
        carnetTool,
        scale,
        logger,
        parts,
        afterPart: async (part) => {
          results.push(partPeak(part));
          if (part === "workspace") await takeHeapSnapshot(carnet.pid, "the workspace part");
        },
      })),
    );

    // 5. Memory: the Carnet process's peak RSS over everything above.
    const peak = carnet.peakRssMb();
    results.push({
      name: "Carnet peak RSS (benchmarks 1–4)",
      value: round(peak),
      unit: "MB",
      target: "≤ 200 MB",
      met: peak <= 200,
      note: `${describeMemory(memory.peak())}; ${describeCpu(memory.cpu())}; load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(" ")} at the end`,
    });
    // After the peak is read: writing a snapshot takes memory of its own.
    await takeHeapSnapshot(carnet.pid, "benchmarks 1–4");

    // 6. No request may stall the others (after the peak above: its uploads and hostile texts are
    // meant to be heavy).
    if (parts.has("stall"))
      results.push(
        ...(await benchStall({
          uri,
          services,
          mongo,
          lms,
          carnetUrl: carnet.url,
          carnetPid: carnet.pid,
          carnetTool,
          scale,
          logger,
        })),
      );

    // 7. The jury dossier's PDF (issue 13), rendered in this process.
    if (parts.has("dossier")) results.push(...(await benchDossierPdf()));
  } finally {
    memory.stop();
    for (const each of lmsList) await each.close();
    await carnet.stop();
    await baseline.stop();
    await mongo.close();
    await embedded?.stop();
  }

  printTable(results);
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, "latest.json");
  writeFileSync(file, `${JSON.stringify({ machine, at: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

async function registerCarnet(
  services: Services,
  lms: SimulatedLms,
  carnetUrl: string,
): Promise<ToolRegistration> {
  const tool = lms.registerTool({ toolBaseUrl: carnetUrl });
  await services.platformAdmin.add(
    {
      issuer: tool.issuer,
      clientId: tool.clientId,
      authUrl: tool.authUrl,
      tokenUrl: tool.tokenUrl,
      jwksUrl: tool.jwksUrl,
      deploymentIds: tool.deploymentIds,
    },
    "cli",
  );
  return tool;
}

/** Carnet and the baseline, each in a second process whose database commands are counted. */
async function launchCommandCounts(
  uri: string,
  lmsList: readonly SimulatedLms[],
  services: Services,
  carnetEnv: Record<string, string>,
): Promise<BenchResult[]> {
  const carnet: CountedTarget = {
    label: "carnet",
    expect: "Bonjour",
    start: (proxied, port) =>
      startServer(
        [...carnetNodeFlags(), "dist/src/main.js"],
        { ...carnetStartEnv(), ...carnetEnv, MONGODB_URI: proxied, BASE_URL: `http://127.0.0.1:${port}` },
        "/readyz",
        port,
      ),
    register: (lms, url) => registerCarnet(services, lms, url),
  };
  const baseline: CountedTarget = {
    label: "ltijs",
    expect: "hello",
    start: (proxied, port) =>
      startServer(
        ["--import", "tsx", "bench/baseline-ltijs.ts"],
        { MONGODB_URI: proxied, LTI_KEY },
        "/readyz",
        port,
      ),
    register: registerBaseline,
  };
  return commandResults(
    await countLaunchCommands(uri, lmsList, carnet),
    await countLaunchCommands(uri, lmsList, baseline),
  );
}

/** The baseline registers the LMS through ltijs's own API, in its process. */
async function registerBaseline(lms: SimulatedLms, baselineUrl: string): Promise<ToolRegistration> {
  const tool = lms.registerTool({ toolBaseUrl: baselineUrl });
  const registered = await fetch(`${baselineUrl}/bench/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      issuer: tool.issuer,
      clientId: tool.clientId,
      authUrl: tool.authUrl,
      tokenUrl: tool.tokenUrl,
      jwksUrl: tool.jwksUrl,
    }),
  });
  if (!registered.ok) throw new Error(`baseline registration failed: ${registered.status}`);
  return tool;
}

function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    r.target,
    r.met === null ? "" : r.met ? "met" : "MISSED",
    r.note ?? "",
  ]);
  const headers = ["benchmark", "value", "target", "", "notes"];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(line(headers));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
