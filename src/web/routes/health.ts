import express, { type Router } from "express";

/** /healthz: the process answers. /readyz: the database answers too (load balancers route on it). */
export function healthRoutes(deps: { ping: () => Promise<boolean> }): Router {
  const router = express.Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", (_req, res, next) => {
    deps
      .ping()
      .then((ready) => {
        res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "database unavailable" });
      })
      .catch(next);
  });
  return router;
}
