// The course's certification record for who teaches in it: CSV to import, JSON behind it.
import type { Router } from "express";
import type { CertificationRecords } from "../../../domain/dossier/certification.js";
import { launchScope } from "../../../domain/validation/use-case-steps.js";
import { dossierPolicy } from "../../../policies/dossier.js";
import { guard } from "../../../policies/policy.js";
import { certificationCsv, certificationJson } from "../../../presenters/dossier/certification.js";
import { handled, json, guardedRoutes } from "../../route.js";

export function certificationRoutes({ certification }: { certification: CertificationRecords }): Router {
  const certify = guardedRoutes(guard(dossierPolicy, "certify"));

  certify.get("/certification.json", {
    handle: async ({ actor, t, locale }) =>
      json(certificationJson(await certification.forCourse(launchScope(actor)), { t, locale })),
  });

  certify.get("/certification.csv", {
    handle: async ({ actor, t, locale, res }) => {
      const csv = certificationCsv(await certification.forCourse(launchScope(actor)), { t, locale });
      res.status(200);
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", 'attachment; filename="certification.csv"');
      res.setHeader("Cache-Control", "private, no-store");
      res.end(csv);
      return handled;
    },
  });

  return certify.router;
}
