// A learner with tagged traces asking for five competences, in chromium: mouse only in ≤ 10 clicks with
// the evidence pre-selected, then keyboard only; a 20-competence request's pages at 360 px; axe on the
// request form's two steps and on the "à compléter" list, in French and English.
import { expect } from "chai";
import type { Browser as Chromium, Page } from "playwright-core";
import { seriousViolations } from "../support/axe.js";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import { CountedPage } from "../support/counted-page.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { createTrace } from "../support/portfolio.js";
import { Browser } from "../support/sim-lms/index.js";
import {
  decide,
  learner,
  requestValidation,
  setupCourse,
  trainer,
  unique,
  type Session,
  type TestCourse,
} from "../support/validation.js";

const FIVE = ["C01", "C02", "C03", "C04", "C05"];

describe("a learner asking for five competences with tagged evidence, in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  let course: TestCourse;
  let fanny: Session;

  withChromium((started) => ({ fixture, chromium } = started));
  before(async () => {
    course = await setupCourse(fixture, { leaves: 21, domains: 3 });
    fanny = await trainer(fixture, course, "Fanny Formatrice");
  });

  /** A learner whose traces are tagged with C01–C05 (C01 twice), and the traces tagged with each code. */
  async function learnerWithTraces(
    session: Session,
  ): Promise<{ session: Session; tagged: Map<string, string[]> }> {
    const tags: [string, string[]][] = [
      ["Séquence tableur en 4e", ["C01", "C02", "C03"]],
      ["Site de la classe", ["C04", "C05"]],
      ["Bilan de séance", ["C01"]],
    ];
    const tagged = new Map<string, string[]>();
    for (const [title, codes] of tags) {
      const { id } = await createTrace(
        session,
        "note",
        { title, body_note: "Déroulé et bilan." },
        codes.map((code) => ["competence", code]),
      );
      for (const code of codes) tagged.set(code, [...(tagged.get(code) ?? []), id]);
    }
    await createTrace(session, "note", { title: "Notes sans étiquette", body_note: "Rien." });
    return { session, tagged };
  }

  /** The request stored: its items, and each competence's evidence as recorded. */
  async function storedRequest(
    session: Session,
  ): Promise<{ items: string[]; evidence: Map<string, string[]> }> {
    const records = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await session.userId(),
      course.frameworkId,
    );
    const requestIds = [...new Set(records.flatMap((record) => record.requestId ?? []))];
    expect(requestIds, "one request").to.have.length(1);
    const request = await fixture.carnet.services.validation.requests.byId(
      course.scope.platformId,
      requestIds[0] ?? "",
    );
    return {
      items: (request?.items ?? []).map((item) => item.code).sort(),
      evidence: new Map(records.map((record) => [record.competenceCode, record.evidence?.traceIds ?? []])),
    };
  }

  function expectEvidence(stored: { evidence: Map<string, string[]> }, tagged: Map<string, string[]>): void {
    for (const code of FIVE)
      expect(stored.evidence.get(code)?.slice().sort(), code).to.deep.equal(tagged.get(code)?.slice().sort());
  }

  it("sends it with the mouse alone in ≤ 10 clicks, the tagged traces pre-selected", async () => {
    const { session, tagged } = await learnerWithTraces(await learner(fixture, course, "Léa Souris"));
    const context = await contextFrom(chromium, session.browser, { width: 1280, height: 900 });
    const counted = new CountedPage(await context.newPage());
    const { page } = counted;
    await page.goto(`${session.base}/requests/new`);
    for (const code of FIVE) await counted.click(page.getByLabel(`${code} Compétence`));
    await counted.click(page.getByRole("button", { name: "Continuer" }));
    await page.waitForURL(/step=evidence/);
    // Each competence comes with the traces tagged with it already ticked, and only those.
    for (const code of FIVE) {
      const item = page.locator("fieldset.request-item", { hasText: code });
      const ticked = await item
        .locator('input[name^="traces_"]:checked')
        .evaluateAll((boxes) => boxes.map((box) => box.getAttribute("value") ?? ""));
      expect(ticked.sort(), code).to.deep.equal(tagged.get(code)?.slice().sort());
    }
    await screenshot(page, "request-step2-1280");
    await counted.click(page.getByLabel("Justification (obligatoire)"));
    await page.keyboard.type("Séquences menées en stage : voir les traces associées.");
    await counted.click(page.getByRole("button", { name: "Envoyer la demande" }));
    await page.waitForURL(/\/competences\?sent=5/);
    expect(await page.locator("main").innerText()).to.contain("Demande envoyée pour 5 compétences");
    console.log(`      five competences, mouse only: ${counted.clicks} clicks, ${counted.loads} page loads`);
    expect(counted.clicks, "clicks").to.be.at.most(10);
    const stored = await storedRequest(session);
    expect(stored.items).to.deep.equal(FIVE);
    expectEvidence(stored, tagged);
    await context.close();
  });

  it("sends it with the keyboard alone", async () => {
    const { session, tagged } = await learnerWithTraces(await learner(fixture, course, "Marc Clavier"));
    const context = await contextFrom(chromium, session.browser, { width: 1280, height: 900 });
    const counted = new CountedPage(await context.newPage());
    const { page } = counted;
    await page.goto(`${session.base}/requests/new`);
    for (const code of FIVE) {
      await tabTo(counted, `#pick-${course.codes.indexOf(code)}`);
      await counted.press("Space");
    }
    await tabTo(counted, 'button[name="step"]');
    await counted.press("Enter");
    await page.waitForURL(/step=evidence/);
    await tabTo(counted, "#justification");
    await page.keyboard.type("Séquences menées en stage : voir les traces associées.");
    await tabTo(counted, 'form.request-form button[type="submit"]');
    await counted.press("Enter");
    await page.waitForURL(/\/competences\?sent=5/);
    console.log(
      `      five competences, keyboard only: ${counted.keys} key presses, ${counted.clicks} clicks`,
    );
    expect(counted.clicks).to.equal(0);
    const stored = await storedRequest(session);
    expect(stored.items).to.deep.equal(FIVE);
    expectEvidence(stored, tagged);
    await context.close();
  });

  it("keeps a 20-competence request short at 360 px", async () => {
    const { session } = await learnerWithTraces(await learner(fixture, course, "Zoé Mobile"));
    const context = await contextFrom(chromium, session.browser, { width: 360, height: 740 });
    const page = await context.newPage();
    await page.goto(`${session.base}/requests/new`);
    const pick = await pageHeight(page);
    await screenshot(page, "request-step1-360");
    const twenty = course.codes
      .slice(0, 20)
      .map((code) => `code=${code}`)
      .join("&");
    await page.goto(`${session.base}/requests/new?step=evidence&${twenty}`);
    expect(await page.locator("fieldset.request-item").count()).to.equal(20);
    const evidence = await pageHeight(page);
    await screenshot(page, "request-step2-20-360");
    console.log(`      at 360 px: step 1 (21 competences) ${pick} px, step 2 (20 chosen) ${evidence} px`);
    expect(pick).to.be.below(3000);
    expect(evidence).to.be.below(7000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(360);
    await context.close();
  });

  for (const language of ["fr", "en"] as const) {
    it(`finds no serious or critical axe violation on the request's steps and the list to complete (${language})`, async () => {
      const sub = unique("a11y-request");
      const launched = await fixture.launch(
        { user: { sub, name: "Léa Axe" }, roles: ["Learner"], context: course.context, locale: language },
        new Browser(),
      );
      const base = /^(.*\/l\/[\w-]+)\//.exec(launched.final.url)?.[1] ?? "";
      const user = async (): Promise<string> => {
        const found = await fixture.carnet.services.models.User.findOne({
          platformId: fixture.platform._id,
          sub,
        }).lean<{ _id: string }>();
        return found?._id ?? "";
      };
      const { session } = await learnerWithTraces({
        browser: launched.browser,
        base,
        home: launched.final,
        userId: user,
      });
      await requestValidation(session, [{ code: "C10", justification: "Séance" }], {
        validatorIds: [await fanny.userId()],
      });
      const queue = await fanny.browser.get(`${fanny.base}/validation/queue`);
      const href = [...queue.text.matchAll(/href="([^"]*\/validation\/requests\/[^"?]+)"/g)].at(-1)?.[1];
      const requestPage = await fanny.browser.get(
        new URL(href ?? "", `${fixture.carnet.baseUrl}/`).toString(),
      );
      await decide(fanny, requestPage, {
        C10: { decision: "ask_more_evidence", comment: "Ajoutez la fiche" },
      });

      const context = await contextFrom(chromium, session.browser, { width: 1280, height: 900 });
      const page = await context.newPage();
      const found: string[] = [];
      for (const path of [
        "/requests/new",
        `/requests/new?step=evidence&${FIVE.map((code) => `code=${code}`).join("&")}`,
        "/requests/new?step=evidence",
        "/",
        "/competences",
      ]) {
        await page.goto(`${base}${path}`);
        expect(await page.locator("html").getAttribute("lang")).to.equal(language);
        for (const violation of await seriousViolations(page))
          found.push(
            `${path}: ${violation.id} (${violation.impact ?? ""}) ${violation.help} — ${violation.targets.join(" | ")}`,
          );
      }
      // The list to complete is there to be checked.
      await page.goto(`${base}/`);
      expect(await page.locator("#to-complete").count()).to.equal(1);
      expect(found).to.deep.equal([]);
      await context.close();
    });
  }
});

/** Presses Tab until the element the selector names has the focus (at most 120 presses). */
async function tabTo(counted: CountedPage, selector: string): Promise<void> {
  for (let press = 0; press < 120; press++) {
    await counted.press("Tab");
    const focused = await counted.page.evaluate(
      (target) =>
        document.activeElement !== null && document.activeElement === document.querySelector(target),
      selector,
    );
    if (focused) return;
  }
  throw new Error(`never reached with Tab: ${selector}`);
}

async function pageHeight(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollHeight);
}
