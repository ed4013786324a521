// Starts a local database when MONGODB_URI is not set: a real mongod (mongodb-memory-server) where its
// binary can be had, otherwise the MongoDB-wire-compatible mongo-java-server fetched from Maven Central.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { promises as dns } from "node:dns";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import { paths, projectRoot } from "../paths.js";

export type EmbeddedKind = "mongodb-memory-server" | "mongo-java-server";
export type EmbeddedChoice = "auto" | EmbeddedKind;

export interface EmbeddedDatabase {
  readonly kind: EmbeddedKind;
  readonly uri: string;
  /** Human description for the one log line that says which database runs. */
  readonly description: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Keep data across restarts (npm start) or not (tests). */
  persistent: boolean;
  /** Folder for persistent data and cached artifacts. */
  dataDir: string;
  choice: EmbeddedChoice;
  logger: Logger;
  /** Java heap cap of mongo-java-server, in MB (its heap otherwise grows with the machine's memory). */
  heapMb?: number;
}

export const DEFAULT_HEAP_MB = 256;

const launcherDir = paths.embeddedMongo;
const artifactsDir = path.join(paths.cache, "mongo-java-server", "lib");
const DATABASE_NAME = "carnet";

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  if (options.choice !== "mongo-java-server") {
    const memoryServer = await tryMongodbMemoryServer(options);
    if (memoryServer) return memoryServer;
    if (options.choice === "mongodb-memory-server") {
      throw new Error("EMBEDDED_DB=mongodb-memory-server, but no mongod binary could be obtained");
    }
  }
  return startMongoJavaServer(options);
}

async function tryMongodbMemoryServer(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase | null> {
  const binaryKnown = Boolean(process.env.MONGOMS_SYSTEM_BINARY) || hasCachedMongodBinary();
  // Without a cached binary it would download one: probe the host first so an offline machine
  // falls back in milliseconds instead of three slow retries.
  if (!binaryKnown && !(await canResolve("fastdl.mongodb.org"))) {
    options.logger.info("mongod binary not available offline; using mongo-java-server");
    return null;
  }
  try {
    const { MongoMemoryServer } = await import("mongodb-memory-server-core");
    const dbPath = path.join(options.dataDir, "mongodb");
    if (options.persistent) mkdirSync(dbPath, { recursive: true });
    const server = await MongoMemoryServer.create({
      instance: options.persistent
        ? { dbPath, storageEngine: "wiredTiger", ip: "127.0.0.1" }
        : { ip: "127.0.0.1" },
    });
    const version = server.opts.binary?.version ?? "default";
    return {
      kind: "mongodb-memory-server",
      uri: server.getUri(DATABASE_NAME),
      description: `embedded mongod ${version} via mongodb-memory-server (${options.persistent ? `data in ${dbPath}` : "in memory"})`,
      stop: async () => {
        await server.stop({ doCleanup: !options.persistent });
      },
    };
  } catch (error) {
    options.logger.warn(
      { err: errorMessage(error) },
      "mongodb-memory-server unavailable; using mongo-java-server",
    );
    return null;
  }
}

function hasCachedMongodBinary(): boolean {
  const cacheDirs = [
    process.env.MONGOMS_DOWNLOAD_DIR,
    path.join(projectRoot, "node_modules", ".cache", "mongodb-memory-server"),
    path.join(process.env.HOME ?? "", ".cache", "mongodb-binaries"),
  ];
  return cacheDirs.some((dir) => {
    if (!dir || !existsSync(dir)) return false;
    return readdirSync(dir).some((name) => name.startsWith("mongod"));
  });
}

async function canResolve(host: string): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref());
  const lookup = dns.lookup(host).then(
    () => true,
    () => false,
  );
  return Promise.race([lookup, timeout]);
}

/** Fetches the jars once (mvn dependency:copy-dependencies), guarded by a lock file for parallel starts. */
export function ensureMongoJavaServerArtifacts(logger: Logger): string {
  if (artifactsReady()) return artifactsDir;
  mkdirSync(path.dirname(artifactsDir), { recursive: true });
  const lockFile = path.join(path.dirname(artifactsDir), ".lock");
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      closeSync(openSync(lockFile, "wx"));
      break;
    } catch {
      if (artifactsReady()) return artifactsDir;
      if (isStaleLock(lockFile)) rmSync(lockFile, { force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockFile}`);
      spawnSync("sleep", ["0.5"]);
    }
  }
  try {
    if (artifactsReady()) return artifactsDir;
    logger.info("fetching mongo-java-server from Maven Central (first run only)");
    const result = spawnSync(
      "mvn",
      [
        "-q",
        "-B",
        "-f",
        path.join(launcherDir, "pom.xml"),
        "dependency:copy-dependencies",
        `-DoutputDirectory=${artifactsDir}.tmp`,
      ],
      { encoding: "utf8" },
    );
    if (result.status !== 0) {
      throw new Error(
        `mvn could not fetch mongo-java-server: ${(result.stdout + result.stderr).trim().slice(-2000)}`,
      );
    }
    rmSync(artifactsDir, { recursive: true, force: true });
    spawnSync("mv", [`${artifactsDir}.tmp`, artifactsDir]);
    return artifactsDir;
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function artifactsReady(): boolean {
  return (
    existsSync(artifactsDir) &&
    readdirSync(artifactsDir).some((name) => name.startsWith("mongo-java-server-core"))
  );
}

function isStaleLock(lockFile: string): boolean {
  try {
    return Date.now() - statSync(lockFile).mtimeMs > 5 * 60_000;
  } catch {
    return false;
  }
}

async function startMongoJavaServer(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  let backend: MongoJavaBackend = "memory";
  let where = "in memory";
  if (options.persistent) {
    mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, "carnet-h2.mv");
    backend = { h2File: file };
    where = `H2 file ${file}, committed before each answer`;
  }
  const server = await spawnMongoJavaServer({
    backend,
    host: "127.0.0.1",
    port: 0,
    heapMb: options.heapMb ?? DEFAULT_HEAP_MB,
    logFile: path.join(options.dataDir, "embedded-db.log"),
    logger: options.logger,
  });
  return {
    kind: "mongo-java-server",
    uri: `mongodb://${server.address}/${DATABASE_NAME}`,
    description: `embedded mongo-java-server 1.47 (MongoDB wire protocol; ${where}; Java heap ≤ ${options.heapMb ?? DEFAULT_HEAP_MB} MB) at ${server.address}`,
    stop: () => stopChild(server.child),
  };
}

export type MongoJavaBackend = "memory" | { h2File: string };

export interface MongoJavaServerProcess {
  child: ChildProcess;
  /** host:port it listens on. */
  address: string;
}

/**
 * Runs scripts/embedded-mongo/Launcher.java: with an H2 file, each request's changes are committed and
 * synced before the answer (acknowledged writes survive a kill -9); the heap is capped. Its log goes to
 * `logFile`, never through a pipe: a pipe fills whenever Node is busy, and the server then stalls.
 */
export async function spawnMongoJavaServer(options: {
  backend: MongoJavaBackend;
  host: string;
  port: number;
  heapMb: number;
  logFile: string;
  logger: Logger;
}): Promise<MongoJavaServerProcess> {
  const lib = ensureMongoJavaServerArtifacts(options.logger);
  const backend = options.backend === "memory" ? "memory" : `h2:${options.backend.h2File}`;
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, "a");
  const child = spawn(
    "java",
    [
      `-Xmx${options.heapMb}m`,
      "-XX:+UseSerialGC",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
      // A stack trace for every refusal it also answers to the client (a collection that exists) and
      // a warning for every index it does not build: noise, not news.
      "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler=off",
      "-Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.backend.AbstractMongoDatabase=error",
      "-cp",
      `${lib}/*`,
      path.join(launcherDir, "Launcher.java"),
      backend,
      options.host,
      String(options.port),
    ],
    { stdio: ["pipe", "pipe", log] },
  );
  closeSync(log);
  const address = await waitForListening(child, options.logFile);
  return { child, address };
}

function waitForListening(child: ChildProcess, logFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /LISTENING (\S+)/.exec(output);
      if (match?.[1]) {
        child.stdout?.off("data", onData);
        // Keep draining: a full pipe would block the Java process.
        child.stdout?.resume();
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.once("error", (error) => reject(new Error(`could not start java: ${error.message}`)));
    child.once("exit", (code) => {
      const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-4000).trim() : "";
      reject(new Error(`mongo-java-server exited with code ${code}: ${tail}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.stdin?.end();
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
