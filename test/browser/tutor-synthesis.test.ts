// A tutor writes a tutee's synthesis for the jury in Debian chromium at phone width (360 px): from the
// tutees list to the form, the character count follows the typing, the draft is saved and shared; every
// control labelled, no horizontal scrolling, no serious axe-core violation. Screenshots go to test-output/.
import { expect } from "chai";
import type { Browser as Chromium } from "playwright-core";
import { seriousViolations } from "../support/axe.js";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import { horizontalOverflow, unlabeledControls } from "../support/page-checks.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { postIn } from "../support/tutoring.js";
import { learner, setupCourse, trainer } from "../support/validation.js";

describe("the tutor's synthesis in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  withChromium((started) => ({ fixture, chromium } = started));

  it("lets a tutor draft and share a synthesis at 360 px, counting characters as they type", async () => {
    const course = await setupCourse(fixture, { leaves: 1 });
    const tutor = await trainer(fixture, course, "Anne Tutrice");
    const lea = await learner(fixture, course, "Léa Interne");
    const appointed = await postIn(tutor, "/tutoring/appoint", [
      ["tutorId", await tutor.userId()],
      ["learnerIds", await lea.userId()],
    ]);
    expect(appointed.status).to.equal(200);

    const context = await contextFrom(chromium, tutor.browser, { width: 360, height: 800 });
    const page = await context.newPage();
    await page.goto(`${tutor.base}/tutoring`);
    await page.getByRole("link", { name: /Synthèse pour le jury/ }).click();
    expect(await page.locator("h1").innerText()).to.contain("Synthèse pour le jury — Léa Interne");
    expect(await unlabeledControls(page)).to.deep.equal([]);
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    expect(await seriousViolations(page)).to.deep.equal([]);

    const progress = page.getByLabel(/^Progression/);
    await progress.fill("Trois semestres réguliers.");
    expect(await page.locator("#progress-count").innerText()).to.contain("26 / 8000");
    await page.getByLabel(/^Réflexivité/).fill("Des RSCA qui analysent.");
    await page.getByLabel(/^Compétences/).fill("Relation acquise.");
    await page.getByLabel(/^Recommandations/).fill("Avis favorable.");
    await Promise.all([
      page.waitForEvent("load"),
      page.getByRole("button", { name: "Enregistrer le brouillon" }).click(),
    ]);
    expect(await page.locator("main").innerText()).to.contain("Brouillon enregistré.");
    expect(await progress.inputValue()).to.equal("Trois semestres réguliers.");
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    await screenshot(page, "tutor-synthesis-draft-360");

    await page.getByRole("button", { name: /Transmettre la version 1 à Léa Interne/ }).focus();
    await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
    const main = await page.locator("main").innerText();
    expect(main).to.contain("Synthèse transmise à Léa Interne pour lecture.");
    expect(main).to.contain("n'a pas encore lu la version transmise");
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await screenshot(page, "tutor-synthesis-shared-360");
    await context.close();
  });
});
