// Tells a database that cannot answer now (down, frozen, failing over) from other failures, so that the
// web edge answers "service unavailable, try again" (503) instead of a 500. Knows driver errors by name
// and code only, so its callers need not import the driver.
// Class names, matched on the error's class and its ancestors (the driver subclasses these), and on
// `name` (which the driver sets to the public name, e.g. MongoPoolClearedError for PoolClearedError).
const UNAVAILABLE_NAMES = new Set([
  "MongoServerSelectionError",
  "MongooseServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoServerClosedError",
  "MongoPoolClearedError",
  "PoolClearedError",
  "PoolClearedOnNetworkError",
  "MongoPoolClosedError",
  "PoolClosedError",
]);

// MaxTimeMSExpired, shutdown and replica-set state changes (a primary stepping down during failover).
const UNAVAILABLE_CODES = new Set([50, 91, 189, 10107, 11600, 11602, 13435, 13436]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const shape: ErrorShape = current;
    if (typeof shape.name === "string" && UNAVAILABLE_NAMES.has(shape.name)) return true;
    if (classNames(current).some((name) => UNAVAILABLE_NAMES.has(name))) return true;
    if (typeof shape.code === "number" && UNAVAILABLE_CODES.has(shape.code)) return true;
    // mongoose's queue of a disconnected connection (ltijs's connection buffers operations).
    if (typeof shape.message === "string" && /buffering timed out after/.test(shape.message)) return true;
    current = shape.cause;
  }
  return false;
}

function classNames(value: object): string[] {
  const names: string[] = [];
  for (let proto: object | null = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
    const constructor: unknown = Reflect.get(proto, "constructor");
    if (typeof constructor === "function") names.push(constructor.name);
  }
  return names;
}
