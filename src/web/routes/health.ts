// /healthz: the process answers (never touches the database). /readyz: the database answers too, within
// its own short timeout, so a load balancer routes around a frozen or absent database at once.
import express, { type Router } from "express";
import { json, publicRoute } from "../route.js";

export interface HealthDeps {
  ping: () => Promise<boolean>;
  /** /readyz answers 503 when the ping has not answered by then. */
  timeoutMs: number;
}

export function healthRoutes(deps: HealthDeps): Router {
  const router = express.Router();
  const ready = singleFlight(deps.ping);
  publicRoute(router, {
    method: "get",
    path: "/healthz",
    public: "liveness probe (no data)",
    handle: () => json({ status: "ok" }),
  });
  publicRoute(router, {
    method: "get",
    path: "/readyz",
    public: "readiness probe (no data)",
    handle: async () => {
      const isReady = await withinTimeout(ready(), deps.timeoutMs);
      return json({ status: isReady ? "ready" : "database unavailable" }, isReady ? 200 : 503);
    },
  });
  return router;
}

/** Probes polling a frozen database share the ping in flight instead of piling up new ones. */
function singleFlight(ping: () => Promise<boolean>): () => Promise<boolean> {
  let inFlight: Promise<boolean> | undefined;
  return () => {
    inFlight ??= ping()
      .catch(() => false)
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

function withinTimeout(answer: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}
