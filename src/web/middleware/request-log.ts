// One JSON line per request: method, path without query (tokens travel there), status, time, request id.
import type { RequestHandler, Response } from "express";
import onHeaders from "on-headers";
import type { Logger } from "../../logger.js";
import { safePath } from "../../logger.js";
import { StageTimings, untimed, type Stopwatch } from "../../observability/stage-timings.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's Locals is only reachable through its namespace
  namespace Express {
    interface Locals {
      /** The request's stages and their durations, sent as Server-Timing entries (set by requestLog). */
      timings?: StageTimings;
    }
  }
}

/** The request's stopwatch (one that records nothing when requestLog is not mounted, as in some tests). */
export function stopwatchOf(res: Response): Stopwatch {
  return res.locals.timings ?? untimed;
}

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const timings = new StageTimings();
    res.locals.timings = timings;
    // Server-Timing lets a browser's devtools (and the benchmarks) tell server time from transfer time,
    // and where the server's time went (the stages the launch and page code timed).
    onHeaders(res, () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      res.setHeader("server-timing", [`app;dur=${ms.toFixed(1)}`, ...timings.entries()].join(", "));
    });
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        reqId: res.locals.requestId,
        method: req.method,
        path: redactLaunchId(safePath(req.originalUrl)),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        platformId: res.locals.actor?.platformId,
      };
      if (res.statusCode >= 500) logger.error(line, "request");
      else logger.info(line, "request");
    });
    next();
  };
}

/** Launch ids in paths are bearer-like; keep only a prefix in logs. */
function redactLaunchId(path: string): string {
  return path.replace(/^\/l\/([\w-]{6})[\w-]*/, "/l/$1…");
}
