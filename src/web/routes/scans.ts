// Scans of paper forms, shown to the learner they concern and to the trainers who follow them in that
// course; a 404 to anyone else, as if there were none.
import express, { type Router } from "express";
import type { PaperScans } from "../../domain/validation/paper-scans.js";
import { guard } from "../../policies/policy.js";
import { validationLaunchPolicy } from "../../policies/validation.js";
import { handled, route } from "../route.js";
import { ScanInput } from "../schemas/learner-validation.js";

export function scanRoutes(deps: { scans: Pick<PaperScans, "open"> }): Router {
  const router = express.Router();
  route(router, {
    method: "get",
    path: "/scans/:scanId",
    guard: guard(validationLaunchPolicy, "followLearners"),
    input: ScanInput,
    handle: async ({ actor, input, res }) => {
      const scan = await deps.scans.open(actor, input.params.scanId);
      res.setHeader("content-type", scan.mime);
      res.setHeader("content-length", String(scan.size));
      res.setHeader("content-disposition", `inline; filename="${scan.filename.replace(/["\\]/g, "_")}"`);
      res.setHeader("x-content-type-options", "nosniff");
      res.setHeader("cache-control", "private, no-store");
      scan.stream.on("error", () => res.destroy());
      scan.stream.pipe(res);
      return handled;
    },
  });
  return router;
}
