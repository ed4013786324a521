// Where is the database? MONGODB_URI if set; else the embedded one a running `npm start` announced in
// DATA_DIR; else a fresh embedded one on the same data (for the CLI when Carnet is not running).
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

export function announceEmbeddedDatabase(dataDir: string, uri: string): () => void {
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
