// Runs one benchmark alone against the Carnet process, as bench/run.ts does for all of them: an
// embedded database (or MONGODB_URI), Carnet built and started as `npm start` runs it, and the
// simulated LMS in this process.
import { spawnSync } from "node:child_process";
import type { Services } from "../../src/app.js";
import { buildContainer } from "../../src/container.js";
import { systemClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/logger.js";
import { startLtijs } from "../../src/lti/tool-keys.js";
import { connectMongo, type MongoConnection } from "../../src/persistence/connection.js";
import { startEmbeddedDatabase } from "../../src/persistence/embedded-database.js";
import { SimulatedLms } from "../../test/support/sim-lms/index.js";
import { freePort, startServer } from "./processes.js";
import { carnetNodeFlags, carnetStartEnv } from "./start-command.js";
import type { BenchResult } from "./stats.js";

const LTI_KEY = "bench-lti-key-0123456789abcdef0123456789abcdef";

export interface StandaloneContext {
  services: Services;
  mongo: MongoConnection;
  lms: SimulatedLms;
  carnetUrl: string;
}

export async function runStandalone(
  label: string,
  bench: (context: StandaloneContext) => Promise<BenchResult[]>,
): Promise<void> {
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
  // A free port unless told: another bench on the machine may hold any fixed one (bench/run.ts).
  const port = Number(process.env.BENCH_CARNET_PORT ?? (await freePort()));
  const env = {
    MONGODB_URI: uri,
    LTI_KEY,
    BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    // The simulated LMS runs on this machine: production reaches it only when told so.
    OUTBOUND_ALLOWLIST: "127.0.0.1",
  };
  const build = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
  const carnet = await startServer(
    [...carnetNodeFlags(), "dist/src/main.js"],
    { ...carnetStartEnv(), ...env },
    "/readyz",
    port,
  );
  const lms = await SimulatedLms.start();
  // The bench writes many documents per command: no operation bound here.
  const timeouts = { serverSelectionMs: 30_000, operationMs: 600_000 };
  const mongo = await connectMongo(uri, { timeouts });
  const lti = await startLtijs(LTI_KEY, uri, { baseUrl: env.BASE_URL }, { timeouts });
  const config = loadConfig({ ...env, NODE_ENV: "test" }, { persistDevKey: false });
  const services = buildContainer({ config, logger, clock: systemClock, mongo, lti });
  // Carnet builds the same indexes: mongo-java-server can fail writes racing a build (bench/run.ts).
  await mongo.indexesReady();
  let failed = false;
  try {
    const results = await bench({ services, mongo, lms, carnetUrl: carnet.url });
    console.log(`${label} (Carnet process ${carnet.pid}, ${embedded?.description ?? "MONGODB_URI"})`);
    for (const r of results) {
      const verdict = r.met === null ? "" : r.met ? ", met" : ", MISSED";
      console.log(`- ${r.name}: ${r.value} ${r.unit} (target ${r.target}${verdict}) ${r.note ?? ""}`);
    }
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await lms.close();
    await carnet.stop();
    await mongo.close();
    await embedded?.stop();
  }
  process.exit(failed ? 1 : 0);
}
