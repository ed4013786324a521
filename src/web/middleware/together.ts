// Runs independent middlewares at the same time (each its own database reads) and goes on once all
// are done: a page's header data and navigation counters need not wait for each other.
import type { RequestHandler } from "express";
import { stopwatchOf } from "./request-log.js";

/** Each named middleware runs at once, timed under its name; the first error wins, the rest is ignored. */
export function together(handlers: Readonly<Record<string, RequestHandler>>): RequestHandler {
  return (req, res, next) => {
    const timings = stopwatchOf(res);
    const runs = Object.entries(handlers).map(([name, handler]) =>
      timings.time(
        name,
        () =>
          new Promise<void>((resolve, reject) => {
            try {
              handler(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
            } catch (error) {
              reject(error);
            }
          }),
      ),
    );
    Promise.all(runs).then(
      () => next(),
      (error: unknown) => next(error),
    );
  };
}
