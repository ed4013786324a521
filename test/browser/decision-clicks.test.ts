// A trainer deciding a 20-competence request with the mouse alone: clicks and page loads counted,
// item by item with a reason each, and through "validate all with this reason, then adjust"; the
// state shown for an item follows the decision being made.
import { expect } from "chai";
import type { Browser as Chromium } from "playwright-core";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import { CountedPage } from "../support/counted-page.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import {
  learner,
  requestValidation,
  setupCourse,
  trainer,
  type Session,
  type TestCourse,
} from "../support/validation.js";

describe("deciding a 20-competence request with the mouse, in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  let course: TestCourse;
  let fanny: Session;

  withChromium((started) => ({ fixture, chromium } = started));
  before(async () => {
    course = await setupCourse(fixture, { leaves: 20, domains: 2 });
    fanny = await trainer(fixture, course, "Fanny Formatrice");
  });

  /** A learner's request for all 20 competences; the trainer's page is where the queue links. */
  async function requestOfTwenty(name: string): Promise<string> {
    const session = await learner(fixture, course, name);
    const sent = await requestValidation(
      session,
      course.codes.map((code) => ({ code, justification: `Ce que j'ai fait pour ${code}` })),
    );
    expect(sent.status, sent.text.slice(0, 300)).to.equal(200);
    const queue = await fanny.browser.get(`${fanny.base}/validation/queue`);
    // The queue lists the oldest request first: this learner's is the last.
    const hrefs = [...queue.text.matchAll(/href="([^"]*\/validation\/requests\/[^"?]+)"/g)].map((m) => m[1]);
    const href = hrefs.at(-1);
    if (!href) throw new Error("no request in the queue");
    return new URL(href, `${fixture.carnet.baseUrl}/`).toString();
  }

  it("decides 20 items one by one, each with its reason, in ≤ 25 clicks and ≤ 2 page loads", async () => {
    const url = await requestOfTwenty("Léa Vingt");
    const context = await contextFrom(chromium, fanny.browser, { width: 1280, height: 900 });
    const counted = new CountedPage(await context.newPage());
    const { page } = counted;
    await page.goto(url);
    const items = page.locator("fieldset.decision-item");
    expect(await items.count()).to.equal(20);
    for (let index = 0; index < 20; index++) {
      const item = items.nth(index);
      const toComplete = index >= 17;
      await counted.click(item.getByLabel(toComplete ? "À compléter" : "Valider", { exact: true }));
      // The reason box has the focus: typing needs no click.
      const focused = await item.evaluate(
        (node) => node.contains(document.activeElement) && document.activeElement?.tagName,
      );
      expect(focused, `item ${index + 1}`).to.equal("TEXTAREA");
      await page.keyboard.type(toComplete ? "Ajoutez une trace de séance" : `Motif ${index + 1}`);
      // What the item will become follows the choice: no "validated level" beside "to complete".
      const preview = await item.locator("[data-decision-preview]").innerText();
      expect(preview).to.contain(toComplete ? "à compléter" : "validée");
      expect(await item.getByLabel("Niveau validé").isVisible()).to.equal(!toComplete);
    }
    await screenshot(page, "decision-20-items-1280");
    await counted.click(page.getByRole("button", { name: "Enregistrer les décisions" }).last());
    await page.waitForURL(/decided=20/);
    expect(await page.locator("main").innerText()).to.contain("20 décisions enregistrées");
    expect(counted.clicks, "clicks").to.be.at.most(25);
    expect(counted.loads, "page loads, the page after saving included").to.be.at.most(2);
    console.log(`      item by item: ${counted.clicks} clicks, ${counted.loads} page loads`);
    await context.close();
  });

  it("validates all with one reason, then adjusts two items, in a handful of clicks", async () => {
    const url = await requestOfTwenty("Marc Vingt");
    const context = await contextFrom(chromium, fanny.browser, { width: 1280, height: 900 });
    const counted = new CountedPage(await context.newPage());
    const { page } = counted;
    await page.goto(url);
    await counted.click(page.getByLabel("Motif appliqué à chaque élément sélectionné"));
    await page.keyboard.type("Traces probantes, compétence construite");
    await counted.click(page.getByRole("button", { name: "Tout valider avec ce motif" }));
    const items = page.locator("fieldset.decision-item");
    for (const index of [4, 11]) {
      const item = items.nth(index);
      await counted.click(item.getByLabel("À compléter", { exact: true }));
      // The shared reason was for a validation: it is cleared for the reason of this decision.
      await page.keyboard.type("Il manque une trace en classe");
      expect(await item.locator("textarea").inputValue()).to.equal("Il manque une trace en classe");
    }
    await counted.click(page.getByRole("button", { name: "Enregistrer les décisions" }).last());
    await page.waitForURL(/decided=20/);
    expect(counted.clicks, "clicks").to.be.at.most(6);
    expect(counted.loads).to.be.at.most(2);
    console.log(`      validate all, then adjust 2: ${counted.clicks} clicks, ${counted.loads} page loads`);
    const main = await page.locator("main").innerText();
    expect(main).to.contain("20 décisions enregistrées");
    await context.close();
  });

  it("folds the quick decision at 360 px so that the first item shows on the first screen, and opens it on demand", async () => {
    const url = await requestOfTwenty("Nina Vingt");
    const context = await contextFrom(chromium, fanny.browser, { width: 360, height: 740 });
    const page = await context.newPage();
    await page.goto(url);
    const box = page.locator("details.bulk-box");
    expect(await box.evaluate((element) => (element as HTMLDetailsElement).open)).to.equal(false);
    const first = page.locator("fieldset.decision-item").first();
    const top = await first.evaluate((element) => element.getBoundingClientRect().top);
    expect(top, "first item's top, px").to.be.below(740);
    await box.locator("summary").click();
    expect(await page.getByRole("button", { name: "Tout valider avec ce motif" }).isVisible()).to.equal(true);
    await context.close();
  });
});
