// The only module with effects: configuration → database → ltijs → app → listen; clean shutdown.
import type { Server } from "node:http";
import { createApp } from "./app.js";
import { startGradingJobs } from "./jobs/grading-services.js";
import { smtpTransport, startValidationJobs } from "./jobs/validation-reminders.js";
import { systemClock } from "./clock.js";
import { ConfigError, loadConfig, type Config } from "./config/config.js";
import { startLtijs } from "./lti/tool-keys.js";
import { createLogger, type Logger } from "./logger.js";
import { connectMongo, type MongoConnection } from "./persistence/connection.js";
import { announceEmbeddedDatabase } from "./persistence/database-locator.js";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./persistence/embedded-database.js";

export interface RunningCarnet {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export async function startCarnet(config: Config, logger: Logger): Promise<RunningCarnet> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (uri) {
    logger.info(
      { database: "external", uri: redactUri(uri) },
      `database: external MongoDB at ${redactUri(uri)}`,
    );
  } else {
    embedded = await startEmbeddedDatabase({
      persistent: config.env !== "test",
      dataDir: config.dataDir,
      choice: config.embeddedDb,
      logger,
      heapMb: config.embeddedDbHeapMb,
    });
    uri = embedded.uri;
    logger.info({ database: embedded.kind }, `database: ${embedded.description}`);
    logger.warn(
      "the embedded database is for trying Carnet out, not for production: set MONGODB_URI to a MongoDB replica set",
    );
  }
  // The CLI (npm run carnet) finds the embedded database of a running Carnet through this file.
  const withdraw = embedded ? announceEmbeddedDatabase(config.dataDir, embedded.uri) : () => undefined;
  let mongo: MongoConnection | undefined;
  try {
    mongo = await connectMongo(uri, { timeouts: config.database, logger });
    const lti = await startLtijs(
      config.ltiKey,
      uri,
      { baseUrl: config.baseUrl },
      { timeouts: config.database, logger },
    );
    const { app, services } = createApp({ config, logger, clock: systemClock, mongo, lti });
    await mongo.indexesReady();
    await services.frameworks.installShipped(logger);
    const server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(config.port, config.host, () => resolve(listening));
      listening.once("error", reject);
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    logger.info(
      { port, baseUrl: config.baseUrl, ltiKey: config.ltiKeySource },
      `Carnet listening on port ${port} (${config.baseUrl})`,
    );
    const grading = startGradingJobs({
      grading: services.grading,
      models: services.models,
      frameworks: services.frameworks,
      platforms: services.platforms,
      clock: systemClock,
      logger,
      maxAttempts: config.gradeMaxAttempts,
    });
    // Validation reminders: hourly, at most one digest per validator and day; e-mail only with SMTP_URL.
    const reminders = startValidationJobs({
      validation: services.validation,
      courseSettings: services.courseSettings,
      models: services.models,
      clock: systemClock,
      logger,
      ...(config.smtpUrl ? { mail: smtpTransport(config.smtpUrl, config.mailFrom) } : {}),
    });
    const connection = mongo;
    return {
      server,
      url: `http://127.0.0.1:${port}`,
      stop: async () => {
        // Deliveries in flight finish (or their lease expires for another instance) before the database closes.
        await grading.stop();
        await reminders.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await connection.close();
        withdraw();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await mongo?.close().catch(() => undefined);
    withdraw();
    await embedded?.stop();
    throw error;
  }
}

function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, "//***@");
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Carnet cannot start: ${error.problems.join("; ")}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let running: RunningCarnet;
  try {
    running = await startCarnet(config, logger);
  } catch (error) {
    logger.fatal({ err: error instanceof Error ? error.message : String(error) }, "Carnet could not start");
    process.stderr.write(
      `Carnet could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    running
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main();
}
