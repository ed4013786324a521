// Carnet's own MongoDB connection: a mongoose instance of its own, so that nothing else in the process
// (ltijs calls mongoose.disconnect() and connect() on any error) can close or reopen it; bounded
// timeouts, so that a frozen or absent database fails a request in seconds instead of hanging it.
import mongoose, { type Connection, type MongooseQueryMiddleware, type Schema } from "mongoose";
import type { Logger } from "../logger.js";

export interface DatabaseTimeouts {
  /** How long an operation waits for a reachable server (database down, failover) before failing. */
  serverSelectionMs: number;
  /** Bound of one operation's round trip (a frozen server never answers) and its server-side maxTimeMS. */
  operationMs: number;
  /** /readyz's answer to a ping that has not come back. */
  pingMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = Object.freeze({
  // Together they bound a request's wait on a frozen database: an operation times out (3 s), the
  // driver retries it once and gives up on server selection (2 s).
  serverSelectionMs: 2_000,
  operationMs: 3_000,
  pingMs: 1_000,
});

export interface MongoConnection {
  /** Carnet's models live here, on a connection pool of its own. */
  readonly carnet: Connection;
  /** Whether the database answers a ping (bounded by the driver's timeouts; /readyz adds its own). */
  ping(): Promise<boolean>;
  /** Waits for every model's indexes: mongo-java-server can fail writes racing an index build. */
  indexesReady(): Promise<void>;
  /** The one observer of the driver's round-trips (metrics); a new one replaces the previous. */
  observeCommands(observer: CommandObserver | undefined): void;
  close(): Promise<void>;
}

export type CommandObserver = (command: string, succeeded: boolean, milliseconds: number) => void;

export interface ConnectOptions {
  timeouts?: Partial<DatabaseTimeouts>;
  logger?: Logger;
}

export async function connectMongo(uri: string, options: ConnectOptions = {}): Promise<MongoConnection> {
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
  const instance = new mongoose.Mongoose();
  instance.set("strictQuery", true);
  instance.plugin(boundedQueries(timeouts.operationMs));
  const carnet = instance.createConnection(uri, {
    serverSelectionTimeoutMS: timeouts.serverSelectionMs,
    connectTimeoutMS: timeouts.serverSelectionMs,
    socketTimeoutMS: timeouts.operationMs,
    maxPoolSize: 30,
    autoIndex: true,
    // Without a server, operations fail after server selection instead of queueing for 10 s.
    bufferCommands: false,
    monitorCommands: true,
  });
  watch(carnet, options.logger);
  await carnet.asPromise();
  let observer: CommandObserver | undefined;
  const client = carnet.getClient();
  client.on("commandSucceeded", (event) => observer?.(event.commandName, true, event.duration));
  client.on("commandFailed", (event) => observer?.(event.commandName, false, event.duration));
  const allModels = () => [...Object.values(carnet.models), ...Object.values(mongoose.connection.models)];
  return {
    carnet,
    ping: () => ping(carnet),
    // ltijs's models (mongoose's default connection, same database) are waited for too.
    indexesReady: async () => {
      await Promise.all(allModels().map((model) => model.init()));
    },
    observeCommands: (next) => {
      observer = next;
    },
    close: async () => {
      // Index builds start in the background when models are defined; let them finish first.
      await Promise.all(Object.values(carnet.models).map((model) => model.init().catch(() => undefined)));
      carnet.removeAllListeners();
      await carnet.close();
    },
  };
}

/** Logs the connection's life; an 'error' event without a listener would end the process. */
function watch(connection: Connection, logger: Logger | undefined): void {
  connection.on("error", (error: unknown) => {
    logger?.error({ err: error instanceof Error ? error.message : String(error) }, "database error");
  });
  connection.on("disconnected", () =>
    logger?.warn("database unreachable; requests get 503 until it returns"),
  );
  connection.on("reconnected", () => logger?.info("database reachable again"));
}

async function ping(connection: Connection): Promise<boolean> {
  const db = connection.db;
  if (!db || connection.readyState !== 1) return false;
  return db.command({ ping: 1 }).then(
    () => true,
    () => false,
  );
}

const BOUNDED_QUERIES: MongooseQueryMiddleware[] = [
  "find",
  "findOne",
  "countDocuments",
  "distinct",
  "findOneAndUpdate",
  "findOneAndDelete",
  "findOneAndReplace",
];

/** Gives reads a server-side maxTimeMS (real MongoDB stops a runaway query; the socket timeout does not). */
function boundedQueries(maxTimeMS: number): (schema: Schema) => void {
  return (schema) => {
    schema.pre(BOUNDED_QUERIES, function () {
      if (this.getOptions().maxTimeMS === undefined) this.maxTimeMS(maxTimeMS);
    });
    schema.pre("aggregate", function () {
      if (this.options.maxTimeMS === undefined) this.option({ maxTimeMS });
    });
  };
}
