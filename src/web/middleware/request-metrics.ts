// Times every request into the metrics by the route pattern Express matched (unmatched: 404s, static).
import type { RequestHandler } from "express";
import { routeLabel, type CarnetMetrics } from "../../observability/metrics.js";

export function requestMetrics(metrics: CarnetMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route: unknown = (req.route as { path?: unknown } | undefined)?.path;
      metrics.request(req.method, routeLabel(req.baseUrl, route), res.statusCode, seconds);
    });
    next();
  };
}
