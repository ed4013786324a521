// Placement supervisors in a real browser (Debian chromium) at 360 px: the learner's invitations page
// and the supervisor's page opened from the link, without horizontal scrolling, every control labelled;
// the supervisor validates a competence by observation with the keyboard and mouse a phone offers.
import { expect } from "chai";
import type { Browser as Chromium, Page } from "playwright-core";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { csrfOf } from "../support/portfolio.js";
import { decodeEntities } from "../support/sim-lms/index.js";
import { learner, setupCourse } from "../support/validation.js";

const PHONE = { width: 360, height: 640 };

async function layoutProblems(page: Page): Promise<{ overflow: number; unlabeled: number }> {
  return page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    unlabeled: [...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter((el) => {
      const id = el.getAttribute("id");
      return (
        el.closest("label") === null &&
        !(id && document.querySelector(`label[for="${id}"]`)) &&
        !el.getAttribute("aria-label")
      );
    }).length,
  }));
}

describe("placement supervisors in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  withChromium((started) => ({ fixture, chromium } = started));

  it("fits the learner's page and the supervisor's page in 360 px and validates by observation", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const learnerContext = await contextFrom(chromium, lea.browser, PHONE);
    const mine = await learnerContext.newPage();
    await mine.goto(`${lea.base}/placements`);
    expect(await mine.locator("h1").innerText()).to.equal("Mes maîtres de stage");
    expect(await layoutProblems(mine)).to.deep.equal({ overflow: 0, unlabeled: 0 });
    await screenshot(mine, "placements-learner-360");
    await learnerContext.close();

    const year = new Date().getUTCFullYear() + 1;
    const form = await lea.browser.get(`${lea.base}/placements`);
    const created = await lea.browser.post(`${lea.base}/placements`, [
      ["_csrf", csrfOf(form.text)],
      ["name", "Dr Anne Martin"],
      ["email", "anne@example.org"],
      ["placement", "Stage de niveau 1, cabinet de groupe"],
      ["startsOn", `${year}-01-05`],
      ["endsOn", `${year}-04-30`],
    ]);
    const link = decodeEntities(/readonly value="([^"]+\/stage\/open\/[^"]+)"/.exec(created.text)?.[1] ?? "");
    expect(link).to.match(/\/stage\/open\//);

    const supervisor = await chromium.newContext({ viewport: PHONE, locale: "fr-FR" });
    const page = await supervisor.newPage();
    await page.goto(link);
    expect(page.url()).to.match(/\/stage$/);
    expect(await page.locator("h1").innerText()).to.equal("Stage de Léa Stagiaire");
    expect(await layoutProblems(page)).to.deep.equal({ overflow: 0, unlabeled: 0 });
    await screenshot(page, "placements-supervisor-360");

    await page.getByLabel("Compétence", { exact: true }).selectOption("C02");
    await page
      .getByLabel("Ce que vous avez observé")
      .fill("Annonce d'un diagnostic difficile, bien conduite");
    await page.getByRole("button", { name: "Valider par observation" }).click();
    await page.waitForURL("**/stage?done=observe#observe");
    expect(await page.getByRole("status").innerText()).to.contain(
      "La validation par observation est enregistrée",
    );
    await supervisor.close();
  });
});
