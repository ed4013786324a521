// axe-core in chromium: the serious and critical WCAG 2.1 A/AA violations of a page as it stands (and
// skipped heading levels), for the accessibility tests of every area.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Frame, Page } from "playwright-core";
import { z } from "zod";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const Violations = z.array(
  z.object({
    id: z.string(),
    impact: z.string().nullable().optional(),
    help: z.string(),
    targets: z.array(z.string()),
  }),
);

/** axe's serious and critical violations on the page (or frame) as it stands, and heading skips. */
export async function seriousViolations(page: Page | Frame): Promise<z.infer<typeof Violations>> {
  // Evaluated through the debugging protocol: the page's Content-Security-Policy does not apply.
  await page.evaluate(AXE_SOURCE);
  const raw: unknown = await page.evaluate(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
    .then((results) => results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => String(n.target[0]) + " :: " + n.failureSummary),
    })))`);
  // Serious and critical ones, and skipped heading levels (moderate for axe, confusing for who
  // navigates by headings).
  return Violations.parse(raw).filter(
    (v) => v.impact === "serious" || v.impact === "critical" || v.id === "heading-order",
  );
}
