// A tutee prepares her interview in Debian chromium at phone width (360 px): she finds it from her
// notifications' page, fills the Clermont form's sections, saves, and reads her tutor's synthesis to
// sign it. Every control labelled, no horizontal scrolling. Screenshots go to test-output/.
import { expect } from "chai";
import type { Browser as Chromium } from "playwright-core";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import { horizontalOverflow, unlabeledControls } from "../support/page-checks.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { postIn } from "../support/tutoring.js";
import { learner, setupCourse, trainer } from "../support/validation.js";

describe("interviews in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  withChromium((started) => ({ fixture, chromium } = started));

  it("lets a tutee prepare her interview and sign the synthesis at 360 px", async () => {
    const course = await setupCourse(fixture, { leaves: 1 });
    const tutor = await trainer(fixture, course, "Anne Tutrice");
    const lea = await learner(fixture, course, "Léa Interne");
    const leaId = await lea.userId();
    const appointed = await postIn(tutor, "/tutoring/appoint", [
      ["tutorId", await tutor.userId()],
      ["learnerIds", leaId],
    ]);
    expect(appointed.status).to.equal(200);
    const opened = await postIn(tutor, "/interviews", [
      ["learnerId", leaId],
      ["date", ""],
      ["time", ""],
    ]);
    expect(opened.status).to.equal(200);
    const interviewPath = new URL(opened.url).pathname.replace(new URL(tutor.base).pathname, "");

    const context = await contextFrom(chromium, lea.browser, { width: 360, height: 800 });
    const page = await context.newPage();
    await page.goto(`${lea.base}/sessions`);
    await page.getByRole("link", { name: /Entretien n°1/ }).click();
    expect(await page.locator("h1").innerText()).to.contain("Entretien de tutorat n°1");
    expect(await unlabeledControls(page)).to.deep.equal([]);
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    await page.getByLabel("Difficultés actuelles").fill("Les gardes de nuit me fatiguent.");
    await page.getByLabel("Points forts et points à améliorer").fill("Écoute ; organisation à revoir.");
    await page.getByLabel("Avancement des traces écrites").fill("Un RSCA au stade de l'analyse.");
    await page.getByLabel("Objectifs pour les 6 mois à venir").fill("Finir ce RSCA.");
    await page.getByLabel("Autres sujets à aborder").fill("Le choix du sujet de thèse.");
    await Promise.all([
      page.waitForEvent("load"),
      page.getByRole("button", { name: "Enregistrer ma préparation" }).click(),
    ]);
    expect(page.url()).to.match(new RegExp(`${interviewPath}$`));
    expect(await page.getByLabel("Difficultés actuelles").inputValue()).to.equal(
      "Les gardes de nuit me fatiguent.",
    );
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    await screenshot(page, "interview-prepared-360");

    await postIn(tutor, `${interviewPath}/synthesis`, [
      ["difficulties", "Fatigue des gardes, à suivre."],
      ["strengths", "Écoute."],
      ["traces", "RSCA en cours."],
      ["objectives", "Finir le RSCA ; choisir un sujet de thèse."],
    ]);
    await page.reload();
    expect(await page.locator("main").innerText()).to.contain("Finir le RSCA ; choisir un sujet de thèse.");
    await page.getByRole("button", { name: "Signer l'entretien" }).focus();
    await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
    expect(await page.locator("main").innerText()).to.contain("Léa Interne — signé le");
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    await screenshot(page, "interview-signed-360");
    await context.close();
  });
});
