// The trace editor's script keeps a draft while the learner writes, in Debian chromium: leaving a
// field sends it (no waiting on the 5 s timer: the test waits for the status line, never sleeps), and
// the editor opened again restores it.
import { expect } from "chai";
import type { Browser as Chromium } from "playwright-core";
import { contextFrom, launchChromium } from "../support/chromium.js";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { launchAs, ROLE, unique } from "../support/portfolio.js";

describe("trace drafts in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  before(async () => {
    fixture = await startLtiFixture();
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium.close();
    await fixture.close();
  });

  it("sends the draft when a field is left, says so, and restores it when the editor opens again", async () => {
    const session = await launchAs(fixture, {
      sub: unique("learner"),
      name: "Léa Interne",
      roles: [ROLE.learner],
      context: { id: unique("des-mg"), title: "DES MG" },
    });
    const context = await contextFrom(chromium, session.browser, { width: 360, height: 740 });
    const page = await context.newPage();
    await page.goto(`${session.base}/traces/new/rsca`);
    await page.locator("#title").fill("Douleur thoracique");
    await page.locator("#body_recit").fill("Un samedi soir, un homme de 58 ans consulte.");
    // Leaving the title already sent a draft without the narrative: wait for the one that carries it.
    const narrativeSaved = page.waitForResponse(
      (response) =>
        response.request().method() === "POST" &&
        (response.request().postData() ?? "").includes("body_recit=Un"),
    );
    await page.locator("#body_analyse").focus();
    await narrativeSaved;
    const status = page.locator("[data-draft-status]");
    await status.filter({ hasText: /Brouillon enregistré à \d{2}:\d{2}/ }).waitFor();

    await page.goto(`${session.base}/traces/new/rsca`);
    expect(await page.locator(".draft-restored").innerText()).to.match(/Brouillon du .+ restauré/);
    expect(await page.locator("#body_recit").inputValue()).to.equal(
      "Un samedi soir, un homme de 58 ans consulte.",
    );
    expect(await page.locator("#title").inputValue()).to.equal("Douleur thoracique");

    await page.getByRole("button", { name: "Abandonner le brouillon" }).click();
    await page.locator(".notice--ok").filter({ hasText: "Brouillon abandonné." }).waitFor();
    expect(await page.locator("#body_recit").inputValue()).to.equal("");
    await context.close();
  });
});
