// The trace editor's script keeps a draft while the learner writes, in Debian chromium: leaving a
// field sends it (no waiting on the 5 s timer: the test waits for the status line, never sleeps), and
// the editor opened again restores it. One draft is on its way at a time, so an older one can never
// arrive last and overwrite what was typed after it.
import { expect } from "chai";
import type { Browser as Chromium, Request } from "playwright-core";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom } from "../support/chromium.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { launchAs, ROLE, unique } from "../support/portfolio.js";

declare global {
  interface Window {
    /** How many of the page's fetches were on their way at once, counted in the page (test only). */
    draftRequests?: { sending: number; most: number };
  }
}

const isDraftPost = (request: Request, narrative: string): boolean =>
  request.method() === "POST" &&
  request.url().endsWith("/draft") &&
  (request.postData() ?? "").includes(`body_recit=${narrative}`);

describe("trace drafts in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  withChromium((started) => ({ fixture, chromium } = started));

  /** A learner of a course of their own, launched, and a chromium context carrying their session. */
  const learnerInChromium = async (name: string, viewport?: { width: number; height: number }) => {
    const session = await launchAs(fixture, {
      sub: unique("learner"),
      name,
      roles: [ROLE.learner],
      context: { id: unique("des-mg"), title: "DES MG" },
    });
    return { session, context: await contextFrom(chromium, session.browser, viewport) };
  };

  it("sends the draft when a field is left, says so, and restores it when the editor opens again", async () => {
    const { session, context } = await learnerInChromium("Léa Interne", { width: 360, height: 740 });
    const page = await context.newPage();
    await page.goto(`${session.base}/traces/new/rsca`);
    await page.locator("#title").fill("Douleur thoracique");
    await page.locator("#body_recit").fill("Un samedi soir, un homme de 58 ans consulte.");
    // Leaving the title already sent a draft without the narrative: wait for the one that carries it.
    const narrativeSaved = page.waitForResponse((response) => isDraftPost(response.request(), "Un"));
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

  it("keeps one draft on its way at a time, then sends what was typed meanwhile", async () => {
    const { session, context } = await learnerInChromium("Hugo Interne");
    // The editor's script calls fetch within the focusout itself: counted in the page, a second
    // request sent while the first is held shows at once, without waiting for anything.
    await context.addInitScript(() => {
      const seen = { sending: 0, most: 0 };
      window.draftRequests = seen;
      const send = window.fetch.bind(window);
      window.fetch = async (input, init) => {
        seen.sending += 1;
        seen.most = Math.max(seen.most, seen.sending);
        try {
          return await send(input, init);
        } finally {
          seen.sending -= 1;
        }
      };
    });
    const page = await context.newPage();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sent: string[] = [];
    await page.route("**/traces/new/rsca/draft", async (route) => {
      sent.push(route.request().postData() ?? "");
      // The first draft stays on its way until the learner has typed more and left the field.
      if (sent.length === 1) await held;
      await route.continue();
    });
    await page.goto(`${session.base}/traces/new/rsca`);
    await page.locator("#title").fill("Malaise au cabinet");
    const firstSent = page.waitForRequest((request) => request.url().endsWith("/draft"));
    await page.locator("#body_recit").focus();
    await firstSent;
    await page.locator("#body_recit").fill("Tapé pendant l'envoi.");
    await page.locator("#body_analyse").focus();
    expect(await page.evaluate(() => window.draftRequests?.most)).to.equal(1);

    const latestSaved = page.waitForResponse((response) => isDraftPost(response.request(), "Tap"));
    release();
    expect((await latestSaved).status()).to.equal(200);
    expect(sent).to.have.length(2);
    expect(sent[0]).to.not.include("Tap");

    await page.goto(`${session.base}/traces/new/rsca`);
    expect(await page.locator("#title").inputValue()).to.equal("Malaise au cabinet");
    expect(await page.locator("#body_recit").inputValue()).to.equal("Tapé pendant l'envoi.");
    await context.close();
  });
});
