// One JSON line per request: method, path without query (tokens travel there), status, time, request id.
import type { RequestHandler } from "express";
import onHeaders from "on-headers";
import type { Logger } from "../../logger.js";
import { safePath } from "../../logger.js";

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Server-Timing lets a browser's devtools (and the benchmarks) tell server time from transfer time.
    onHeaders(res, () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      res.setHeader("server-timing", `app;dur=${ms.toFixed(1)}`);
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
