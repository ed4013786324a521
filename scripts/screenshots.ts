// Screenshots of the main pages as their people see them first (the top of the page) at 360 px, inside
// a 900×600 LMS frame and at 1280 px, into docs/screenshots/: `npm run screenshots`. Builds its own
// course (a 12-competence framework, a learner with a trace and a request) on the embedded database.
import { mkdirSync } from "node:fs";
import type { Browser as Chromium, Page } from "playwright-core";
import { contextFrom, launchChromium } from "../test/support/chromium.js";
import { getTestEnvironment, stopTestEnvironment } from "../test/support/environment.js";
import { startLtiFixture } from "../test/support/lti-fixture.js";
import { createTrace } from "../test/support/portfolio.js";
import {
  decide,
  learner,
  requestValidation,
  setupCourse,
  trainer,
  type Session,
} from "../test/support/validation.js";

const OUT = "docs/screenshots";
const SIZES = [
  { name: "360", width: 360, height: 740, frame: false },
  { name: "frame-900x600", width: 900, height: 600, frame: true },
  { name: "1280", width: 1280, height: 800, frame: false },
] as const;

async function shoot(chromium: Chromium, session: Session, path: string, name: string): Promise<void> {
  for (const size of SIZES) {
    const context = await contextFrom(chromium, session.browser, { width: size.width, height: size.height });
    const page: Page = await context.newPage();
    if (size.frame) {
      // Carnet inside a 900×600 frame, as Moodle embeds it (the frame is the whole window here).
      const host = `${new URL(session.base).origin}/__moodle-frame`;
      await page.route(host, (route) =>
        route.fulfill({
          contentType: "text/html",
          body: `<!doctype html><style>body{margin:0}iframe{border:0}</style><iframe title="Carnet" src="${session.base}${path}" width="900" height="600"></iframe>`,
        }),
      );
      await page.goto(host);
      await page.frameLocator("iframe").locator("h1").first().waitFor();
    } else {
      await page.goto(`${session.base}${path}`);
    }
    await page.screenshot({ path: `${OUT}/${name}-${size.name}.png` });
    await context.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await getTestEnvironment();
  const fixture = await startLtiFixture();
  const chromium = await launchChromium();
  try {
    const course = await setupCourse(fixture, { leaves: 12, domains: 3 });
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const fanny = await trainer(fixture, course, "Fanny Formatrice");
    // Tagged with C04 and C05 too: the request form suggests them, they read "en cours".
    const { id } = await createTrace(
      lea,
      "rsca",
      {
        title: "Annonce d'un diagnostic difficile",
        body_recit: "Une patiente de 58 ans revient pour ses résultats…",
      },
      ["C01", "C04", "C05"].map((code) => ["competence", code]),
    );
    await requestValidation(lea, [
      { code: "C01", justification: "J'ai conduit l'entretien seule", traceIds: [id] },
      { code: "C02", justification: "Synthèse écrite pour le dossier" },
      { code: "C03", justification: "Recherche documentaire" },
    ]);
    const queue = await fanny.browser.get(`${fanny.base}/validation/queue`);
    const request =
      /href="[^"]*(\/validation\/requests\/[^"?]+)"/.exec(queue.text)?.[1] ?? "/validation/queue";
    // One item to complete: the learner's home lists it with the formateur's reason.
    await decide(fanny, await fanny.browser.get(`${fanny.base}${request}`), {
      C02: { decision: "ask_more_evidence", comment: "Ajoutez la synthèse écrite elle-même (anonymisée)." },
    });
    await shoot(chromium, lea, "/", "learner-home");
    await shoot(chromium, lea, `/traces/${id}/edit`, "trace-editor");
    await shoot(chromium, lea, "/competences", "learner-competences");
    await shoot(chromium, lea, "/requests/new", "request-form");
    await shoot(chromium, fanny, "/", "trainer-home");
    await shoot(chromium, fanny, "/validation/queue", "queue");
    await shoot(chromium, fanny, request, "decision");
    await shoot(chromium, fanny, "/cohort", "cohort-matrix");
  } finally {
    await chromium.close();
    await fixture.close();
    await stopTestEnvironment();
  }
}

await main();
// The embedded database and ltijs keep handles open (as in the tests, which run with --exit).
process.exit(0);
