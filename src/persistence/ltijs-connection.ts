// ltijs's database connection (mongoose's default one, used only for the tool's keys): bounded timeouts,
// and none of ltijs's own recovery, which closes every mongoose connection on any error and reopens a
// second later (the process crashed when the database came back). The driver reconnects by itself.
import mongoose from "mongoose";
import type { Logger } from "../logger.js";
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from "./connection.js";

/** Options for ltijs's `setup(key, { url, connection })`. */
export function ltijsConnectionOptions(timeouts: Partial<DatabaseTimeouts> = {}): Record<string, number> {
  const bounded = { ...DEFAULT_DATABASE_TIMEOUTS, ...timeouts };
  // ltijs's default connectTimeoutMS is 5 minutes.
  mongoose.set("bufferTimeoutMS", bounded.serverSelectionMs);
  return {
    serverSelectionTimeoutMS: bounded.serverSelectionMs,
    connectTimeoutMS: bounded.serverSelectionMs,
    socketTimeoutMS: bounded.operationMs,
    maxPoolSize: 10,
  };
}

const RECOVERY_EVENTS = ["error", "disconnected"] as const;

/** Listeners on the default connection before ltijs's deploy, to tell ltijs's own apart afterwards. */
export function defaultConnectionListeners(): Map<string, Set<unknown>> {
  return new Map(RECOVERY_EVENTS.map((event) => [event, new Set(mongoose.connection.listeners(event))]));
}

function isListener(value: unknown): value is (...args: unknown[]) => void {
  return typeof value === "function";
}

/** Call after ltijs's deploy: removes the listeners it added for errors and disconnections; logs instead. */
export function detachLtijsRecovery(before: Map<string, Set<unknown>>, logger?: Logger): void {
  const connection = mongoose.connection;
  for (const event of RECOVERY_EVENTS) {
    const existing = before.get(event) ?? new Set();
    for (const listener of connection.listeners(event)) {
      if (!existing.has(listener) && isListener(listener)) connection.off(event, listener);
    }
  }
  // Without an 'error' listener, an error event would end the process.
  connection.on("error", (error: unknown) => {
    logger?.warn({ err: error instanceof Error ? error.message : String(error) }, "tool-key database error");
  });
}
