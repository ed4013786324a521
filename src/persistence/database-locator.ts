// Where is the database? For Carnet: MONGODB_URI, else an embedded one it starts and announces in DATA_DIR.
// For the CLI: MONGODB_URI, else the embedded one a running Carnet announced, else a fresh one on the
// same data (when Carnet is not running).
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config/config.js";
import type { Logger } from "../logger.js";
import { startEmbeddedDatabase } from "./embedded-database.js";

export interface LocatedDatabase {
  uri: string;
  description: string;
  stop(): Promise<void>;
}

function announcementFile(dataDir: string): string {
  return path.join(dataDir, "embedded-db.uri");
}

function announceEmbeddedDatabase(dataDir: string, uri: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = announcementFile(dataDir);
  writeFileSync(file, uri);
  return () => rmSync(file, { force: true });
}

export async function locateDatabase(
  config: Config,
  logger: Logger,
  probe: (uri: string) => Promise<boolean>,
): Promise<LocatedDatabase> {
  if (config.mongodbUri) {
    return { uri: config.mongodbUri, description: "MONGODB_URI", stop: async () => undefined };
  }
  const file = announcementFile(config.dataDir);
  if (existsSync(file)) {
    const uri = readFileSync(file, "utf8").trim();
    if (await probe(uri)) {
      return {
        uri,
        description: `the embedded database of the running Carnet (${uri})`,
        stop: async () => undefined,
      };
    }
  }
  const embedded = await startEmbeddedDatabase({
    persistent: config.env !== "test",
    dataDir: config.dataDir,
    choice: config.embeddedDb,
    logger,
  });
  return { uri: embedded.uri, description: embedded.description, stop: () => embedded.stop() };
}

/** Carnet's database: MONGODB_URI, or an embedded one started (and announced to the CLI) for this run. */
export async function startDatabase(config: Config, logger: Logger): Promise<LocatedDatabase> {
  if (config.mongodbUri) {
    const shown = redactUri(config.mongodbUri);
    logger.info({ database: "external", uri: shown }, `database: external MongoDB at ${shown}`);
    return { uri: config.mongodbUri, description: "MONGODB_URI", stop: async () => undefined };
  }
  const embedded = await startEmbeddedDatabase({
    persistent: config.env !== "test",
    dataDir: config.dataDir,
    choice: config.embeddedDb,
    logger,
    heapMb: config.embeddedDbHeapMb,
  });
  logger.info({ database: embedded.kind }, `database: ${embedded.description}`);
  logger.warn(
    "the embedded database is for trying Carnet out, not for production: set MONGODB_URI to a MongoDB replica set",
  );
  // The CLI (npm run carnet) finds the embedded database of a running Carnet through this file.
  const withdraw = announceEmbeddedDatabase(config.dataDir, embedded.uri);
  return {
    uri: embedded.uri,
    description: embedded.description,
    stop: async () => {
      withdraw();
      await embedded.stop();
    },
  };
}

function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, "//***@");
}
