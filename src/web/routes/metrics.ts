// /metrics for Prometheus: with METRICS_TOKEN set, only with that bearer token; without it, only to a
// direct loopback connection (no proxy in between: a proxy adds X-Forwarded-For). Others get a 404.
import { timingSafeEqual } from "node:crypto";
import express, { type Request, type Router } from "express";
import type { CarnetMetrics } from "../../observability/metrics.js";
import { handled, publicRoute } from "../route.js";

export function metricsRoutes(metrics: CarnetMetrics, token: string | undefined): Router {
  const router = express.Router();
  publicRoute(router, {
    method: "get",
    path: "/metrics",
    public: "operators' metrics (bearer METRICS_TOKEN, or a direct loopback connection)",
    handle: async ({ req, res }) => {
      if (!mayRead(req, token)) {
        res.status(404).type("text/plain").send("Not found");
        return handled;
      }
      const { contentType, body } = await metrics.exposition();
      res.status(200).type(contentType).send(body);
      return handled;
    },
  });
  return router;
}

function mayRead(req: Request, token: string | undefined): boolean {
  if (token) return sameSecret(req.get("authorization") ?? "", `Bearer ${token}`);
  const address = req.socket.remoteAddress ?? "";
  const loopback = address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
  return loopback && req.get("x-forwarded-for") === undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
