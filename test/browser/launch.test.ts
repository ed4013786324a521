// Carnet's first pages in a real browser (Debian chromium): readable at 360 px and on a projector,
// keyboard-reachable, and the same pages a person gets after a launch.
import { expect } from "chai";
import type { Browser as Chromium } from "playwright-core";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import { LEARNER, TEACHER, type LtiFixture } from "../support/lti-fixture.js";

describe("first pages in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  withChromium((started) => ({ fixture, chromium } = started));

  for (const width of [360, 1280]) {
    it(`shows the learner's home at ${width} px without horizontal scrolling`, async () => {
      const launch = await fixture.launch({
        user: { ...LEARNER, sub: `b-learner-${width}` },
        roles: ["Learner"],
        locale: "fr",
      });
      const context = await contextFrom(chromium, launch.browser, { width, height: 800 });
      const page = await context.newPage();
      await page.goto(launch.final.url);
      expect(await page.locator("html").getAttribute("lang")).to.equal("fr");
      expect(await page.locator("h1").innerText()).to.contain("Bonjour Léa Stagiaire");
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).to.be.at.most(0);
      // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).to.equal(
        "Aller au contenu",
      );
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id)).to.equal("main");
      await screenshot(page, `learner-home-${width}`);
      await context.close();
    });
  }

  it("shows the trainers' workspace and the frameworks page", async () => {
    const launch = await fixture.launch({
      user: { ...TEACHER, sub: "b-teacher" },
      roles: ["Instructor"],
      locale: "fr",
    });
    const context = await contextFrom(chromium, launch.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    await page.goto(launch.final.url);
    expect(await page.locator("nav a[aria-current=page]").innerText()).to.equal("Accueil");
    await screenshot(page, "teacher-home-1280");
    await page.getByRole("link", { name: "Référentiels" }).click();
    expect(await page.locator("h1").innerText()).to.equal("Référentiels de compétences");
    // Every form control has a label a screen reader can announce.
    const unlabeled = await page.evaluate(
      () =>
        [...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter((el) => {
          const id = el.getAttribute("id");
          return !(id && document.querySelector(`label[for="${id}"]`)) && !el.getAttribute("aria-label");
        }).length,
    );
    expect(unlabeled).to.equal(0);
    await screenshot(page, "frameworks-1280");
    await context.close();
  });
});
