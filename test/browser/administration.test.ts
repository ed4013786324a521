// The operator's administration page in a real browser (Debian chromium): usable at 360 px inside an
// LMS frame, every control labelled; signing out from the header by keyboard.
import { expect } from "chai";
import type { Browser as Chromium } from "playwright-core";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import type { LtiFixture } from "../support/lti-fixture.js";

const SITE_ADMIN = [
  "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
];

describe("administration in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  withChromium((started) => ({ fixture, chromium } = started), { operator: true });

  it("shows the operator's page at 360 px without horizontal scrolling, every control labelled", async () => {
    const launch = await fixture.launch({ user: { sub: "b-operator" }, roles: SITE_ADMIN, locale: "fr" });
    const context = await contextFrom(chromium, launch.browser, { width: 360, height: 640 });
    const page = await context.newPage();
    await page.goto(`${launch.final.url.replace(/\/$/, "")}/admin`);
    expect(await page.locator("h1").innerText()).to.equal("Administration de Carnet");
    await page.getByRole("button", { name: "Créer l'adresse d'invitation" }).click();
    const invitation = await page.locator("#invitation-url-title + p + p code").innerText();
    expect(invitation).to.match(/\/lti\/register\/[\w-]{20,}$/);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).to.be.at.most(0);
    const unlabeled = await page.evaluate(
      () =>
        [...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter((el) => {
          const id = el.getAttribute("id");
          const wrapped = el.closest("label") !== null;
          return (
            !wrapped &&
            !(id && document.querySelector(`label[for="${id}"]`)) &&
            !el.getAttribute("aria-label")
          );
        }).length,
    );
    expect(unlabeled).to.equal(0);
    await screenshot(page, "admin-operator-360");

    await page.getByRole("button", { name: "Se déconnecter" }).focus();
    await Promise.all([page.waitForURL("**/logout"), page.keyboard.press("Enter")]);
    expect(await page.locator("h1").innerText()).to.equal("Vous êtes déconnecté·e de Carnet");
    await context.close();
  });
});
