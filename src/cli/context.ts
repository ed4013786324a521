// What a CLI command needs: configuration, the database (found as Carnet would), ltijs and services.
import { buildContainer, type Container } from "../container.js";
import { systemClock } from "../clock.js";
import { loadConfig, type Config } from "../config/config.js";
import { startLtijs } from "../lti/tool-keys.js";
import { createLogger, type Logger } from "../logger.js";
import { connectMongo, type MongoConnection } from "../persistence/connection.js";
import { locateDatabase } from "../persistence/database-locator.js";
import mongoose from "mongoose";

export interface CliContext {
  config: Config;
  logger: Logger;
  mongo: MongoConnection;
  services: Container;
  close(): Promise<void>;
}

async function probe(uri: string): Promise<boolean> {
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1500 });
  try {
    await connection.asPromise();
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

export async function openCliContext(): Promise<CliContext> {
  const config = loadConfig();
  // Logs go to stderr so that --json output stays clean on stdout.
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, process.stderr);
  const database = await locateDatabase(config, logger, probe);
  const mongo = await connectMongo(database.uri, { timeouts: config.database, logger });
  const lti = await startLtijs(
    config.ltiKey,
    database.uri,
    { baseUrl: config.baseUrl },
    { timeouts: config.database, logger },
  );
  const services = buildContainer({ config, logger, clock: systemClock, mongo, lti });
  await mongo.indexesReady();
  await services.frameworks.installShipped(logger);
  return {
    config,
    logger,
    mongo,
    services,
    close: async () => {
      await mongo.close();
      await database.stop();
    },
  };
}
