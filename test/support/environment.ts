// The shared test database (a real MongoDB-wire server) and ltijs, started once per run.
import type { LtijsProvider } from "ltijs";
import { systemClock } from "../../src/clock.js";
import { startLtijs } from "../../src/lti/tool-keys.js";
import { FrameworkRepository } from "../../src/persistence/framework-repository.js";
import { accessModels } from "../../src/persistence/models/access-models.js";
import { credentialModels } from "../../src/persistence/models/credential-models.js";
import { dossierModels } from "../../src/persistence/models/dossier-models.js";
import { frameworkModels } from "../../src/persistence/models/framework-models.js";
import { gradingModels } from "../../src/persistence/models/grading-models.js";
import { ltiModels } from "../../src/persistence/models/lti-models.js";
import { placementModels } from "../../src/persistence/models/placement-models.js";
import { portfolioModels } from "../../src/persistence/models/portfolio-models.js";
import { supportModels } from "../../src/persistence/models/support-models.js";
import { tutoringModels } from "../../src/persistence/models/tutoring-models.js";
import { validationModels } from "../../src/persistence/models/validation-models.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { connectMongo, type MongoConnection } from "../../src/persistence/connection.js";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/persistence/embedded-database.js";

export const TEST_LTI_KEY = "test-lti-key-0123456789abcdef0123456789abcdef";

export interface TestEnvironment {
  database: EmbeddedDatabase | { kind: "external"; uri: string; stop(): Promise<void> };
  mongo: MongoConnection;
  lti: LtijsProvider;
  logger: Logger;
}

// On globalThis: mocha loads the --file hooks and the specs through different loaders, which can
// instantiate this module twice; there must still be one database and one ltijs per run.
const ENVIRONMENT = Symbol.for("carnet.test.environment");
type Holder = { [ENVIRONMENT]?: Promise<TestEnvironment> };
const holder = globalThis as Holder;

export function getTestEnvironment(): Promise<TestEnvironment> {
  holder[ENVIRONMENT] ??= start();
  return holder[ENVIRONMENT];
}

async function start(): Promise<TestEnvironment> {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const external = process.env.TEST_MONGODB_URI;
  const database = external
    ? { kind: "external" as const, uri: external, stop: async () => undefined }
    : await startEmbeddedDatabase({
        persistent: false,
        dataDir: ".data/test",
        choice: (process.env.EMBEDDED_DB as "auto" | undefined) ?? "auto",
        logger: createLogger("warn"),
      });
  if (!external)
    process.stdout.write(
      `  test database: ${"description" in database ? database.description : database.uri}\n`,
    );
  // Generous bounds: two cores shared by parallel suites must not turn a slow operation into a failure.
  const timeouts = { serverSelectionMs: 30_000, operationMs: 60_000 };
  const mongo = await connectMongo(database.uri, { timeouts, logger });
  const lti = await startLtijs(
    TEST_LTI_KEY,
    database.uri,
    { baseUrl: "http://127.0.0.1" },
    { timeouts, logger },
  );
  const models = ltiModels(mongo.carnet);
  // Every area's collections are defined, and their indexes built below, before the first test: a test
  // writing first to a collection nothing had defined raced its index build, and the embedded server
  // answered "Unknown error: null" (timeline.test.ts run alone, 1 in 7).
  for (const define of [
    accessModels,
    credentialModels,
    dossierModels,
    gradingModels,
    placementModels,
    portfolioModels,
    supportModels,
    tutoringModels,
    validationModels,
  ])
    define(mongo.carnet);
  const frameworks = new FrameworkRepository(
    { ...frameworkModels(mongo.carnet), Placement: models.Placement },
    systemClock,
  );
  await mongo.indexesReady();
  await frameworks.installShipped(logger);
  return { database, mongo, lti, logger };
}

export async function stopTestEnvironment(): Promise<void> {
  const environment = holder[ENVIRONMENT];
  if (!environment) return;
  const env = await environment;
  await env.mongo.close();
  await env.database.stop();
  holder[ENVIRONMENT] = undefined;
}
