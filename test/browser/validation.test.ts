// The validation loop in a real browser (Debian chromium): a learner asks, a trainer decides item by item
// and the learner reads the result; queue, cohort matrix and competence page at 360 px and 1280 px.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import type { Browser as Chromium, Page } from "playwright-core";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { createTrace } from "../support/portfolio.js";
import { actorOf, learner, setupCourse, trainer, unique, type TestCourse } from "../support/validation.js";

/** How far the page is wider than the window (scroll boxes such as the matrix keep their content inside). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function unlabeledControls(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      [...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter((el) => {
        const id = el.getAttribute("id");
        return !(id && document.querySelector(`label[for="${id}"]`)) && !el.getAttribute("aria-label");
      }).length,
  );
}

describe("validation in chromium: request → decision → result", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  let course: TestCourse;

  withChromium((started) => ({ fixture, chromium } = started));
  before(async () => {
    course = await setupCourse(fixture, { leaves: 12, domains: 3 });
  });

  it("takes a learner's request to a trainer's item-by-item decision and back", async () => {
    const leaSession = await learner(fixture, course, "Léa Stagiaire");
    const fannySession = await trainer(fixture, course, "Fanny Formatrice");
    await createTrace(leaSession, "note", {
      title: "Séquence tableur en 4e",
      body_note: "Déroulé et bilan de la séance.",
    });

    // The learner asks for three competences.
    const leaContext = await contextFrom(chromium, leaSession.browser, { width: 1280, height: 900 });
    const lea = await leaContext.newPage();
    await lea.goto(`${leaSession.base}/requests/new`);
    expect(await lea.locator("h1").innerText()).to.equal("Demander une validation");
    expect(await unlabeledControls(lea)).to.equal(0);
    // Step 1: the competences; step 2: their evidence, each with its own level and justification here.
    for (const code of ["C01", "C02", "C03"]) await lea.getByLabel(`${code} Compétence`).check();
    await lea.getByRole("button", { name: "Continuer" }).click();
    await lea.waitForURL(/step=evidence/);
    expect(await unlabeledControls(lea)).to.equal(0);
    for (const [code, text] of [
      ["C01", "J'ai conduit la séquence tableur en autonomie"],
      ["C02", "J'ai produit les fiches élèves"],
      ["C03", "J'ai évalué avec une grille critériée"],
    ] as const) {
      const item = lea.locator("fieldset.request-item", { hasText: code }).first();
      await item.locator("summary", { hasText: "Niveau et justification" }).click();
      await item.locator("select").selectOption("competent");
      await item.locator("textarea").fill(text);
      await item.locator("summary", { hasText: "Autres traces" }).click();
      await item.getByLabel("Séquence tableur en 4e").check();
    }
    await lea.getByRole("button", { name: "Envoyer la demande" }).click();
    await lea.waitForURL(/\/competences\?sent=3/);
    expect(await lea.locator("main").innerText()).to.contain("Demande envoyée pour 3 compétences");
    expect(await lea.locator("main").innerText()).to.contain("en attente depuis aujourd'hui");

    // The trainer opens the queue and the request.
    for (const width of [360, 1280]) {
      const context = await contextFrom(chromium, fannySession.browser, { width, height: 800 });
      const page = await context.newPage();
      await page.goto(`${fannySession.base}/validation/queue`);
      expect(await page.locator("h1").innerText()).to.equal("Demandes à valider");
      await screenshot(page, `validation-queue-${width}`);
      expect(await overflow(page)).to.be.at.most(0);
      await context.close();
    }
    const fannyContext = await contextFrom(chromium, fannySession.browser, { width: 1280, height: 900 });
    const fanny = await fannyContext.newPage();
    await fanny.goto(`${fannySession.base}/validation/queue`);
    await fanny
      .getByRole("link", { name: /Ouvrir/ })
      .first()
      .click();
    expect(await fanny.locator("h1").innerText()).to.equal("Demande de Léa Stagiaire");
    expect(await unlabeledControls(fanny)).to.equal(0);
    const c01 = fanny.locator("fieldset.decision-item", { hasText: "C01" });
    await c01.getByLabel("Valider", { exact: true }).check();
    await c01.getByLabel("Motif écrit").fill("Séquence bien menée, tableur utilisé à bon escient");
    const c02 = fanny.locator("fieldset.decision-item", { hasText: "C02" });
    await c02.getByLabel("À compléter").check();
    await c02.getByLabel("Motif écrit").fill("Ajoutez une fiche élève remplie");
    // C03 through the bulk action, with the shared reason applied to it explicitly.
    await fanny
      .locator("fieldset.decision-item", { hasText: "C03" })
      .locator('input[name="selected"]')
      .check();
    await fanny.getByLabel("Motif appliqué à chaque élément sélectionné").fill("Grille critériée pertinente");
    await screenshot(fanny, "validation-request-1280");
    await fanny.getByRole("button", { name: "Valider les éléments sélectionnés" }).click();
    await fanny.waitForURL(/decided=3/);
    expect(await fanny.locator("main").innerText()).to.contain("3 décisions enregistrées");
    await fannyContext.close();

    // The learner reads the outcome and its timeline, at both widths.
    for (const width of [360, 1280]) {
      await lea.setViewportSize({ width, height: 900 });
      await lea.goto(`${leaSession.base}/competences/${course.frameworkId}/C01`);
      const main = await lea.locator("main").innerText();
      expect(main).to.contain("Validée");
      expect(main).to.contain("Séquence bien menée, tableur utilisé à bon escient");
      expect(main).to.contain("Parcours de validation");
      expect(await overflow(lea)).to.be.at.most(0);
      await screenshot(lea, `validation-competence-${width}`);
    }
    await lea.goto(`${leaSession.base}/competences`);
    const list = await lea.locator("main").innerText();
    expect(list).to.contain("2 compétence(s) validée(s) sur 12");
    expect(list).to.contain("Pas encore validée — à compléter");
    await leaContext.close();
  });

  it("shows the cohort matrix with a sticky header and horizontal scroll at 360 px", async () => {
    const lead = await trainer(fixture, course, "Régine Responsable");
    const teacherActor = await actorOf(fixture, lead, course, ["teacher"]);
    const { service } = fixture.carnet.services.validation;
    const { User, Membership } = fixture.carnet.services.models;
    const now = new Date();
    const names = [
      "Ali Benali",
      "Bérénice Caron",
      "Chloé Dubois",
      "David Morel",
      "Emma Petit",
      "Farid Haddad",
      "Gaëlle Roux",
      "Hugo Lambert",
      "Inès Garnier",
      "Jules Fontaine",
      "Karima Saïdi",
      "Louis Perrin",
    ];
    for (const [i, name] of names.entries()) {
      const id = randomUUID();
      await User.create({
        _id: id,
        platformId: course.scope.platformId,
        sub: unique("m"),
        name,
        createdAt: now,
      });
      await Membership.create({
        _id: randomUUID(),
        ...course.scope,
        userId: id,
        ltiRoles: ["Learner"],
        roles: ["learner"],
        source: i % 5 === 4 ? "roster" : "launch",
        status: "Active",
        ...(i % 5 === 4 ? {} : { lastLaunchAt: now }),
        updatedAt: now,
      });
      if (i % 5 === 4) continue;
      const me = { ...teacherActor, userId: id, roles: ["learner" as const] };
      const codes = course.codes.slice(0, 2 + (i % 6));
      await service.requestValidation(me, {
        frameworkId: course.frameworkId,
        basis: "traces",
        validatorIds: [],
        items: codes.map((code) => ({ code, justification: "Pratique en stage", traceIds: [] })),
      });
      for (const [j, code] of codes.entries()) {
        if (j % 3 === 2) continue;
        const target = { scope: course.scope, learnerId: id, frameworkId: course.frameworkId, code };
        await service.perform(
          teacherActor,
          target,
          j % 4 === 1
            ? { action: "ask_more_evidence", channel: "online", comment: "À compléter" }
            : { action: "validate", channel: "online", level: "competent", comment: "Validé" },
        );
      }
      await service.perform(
        me,
        { scope: course.scope, learnerId: id, frameworkId: course.frameworkId, code: "C12" },
        { action: "self_assess", channel: "online", level: "intermediaire" },
      );
    }
    for (const width of [360, 1280]) {
      const context = await contextFrom(chromium, lead.browser, { width, height: 800 });
      const page = await context.newPage();
      await page.goto(`${lead.base}/cohort`);
      expect(await page.locator("h1").innerText()).to.equal("Cohorte : qui en est où");
      expect(await overflow(page)).to.be.at.most(0);
      const scroll = page.locator(".matrix-scroll");
      const scrollable = await scroll.evaluate((el) => el.scrollWidth > el.clientWidth);
      if (width === 360) expect(scrollable).to.equal(true);
      // The header row stays visible while scrolling down the table.
      await scroll.evaluate((el) => {
        el.scrollTop = 200;
      });
      const headerTop = await page
        .locator(".matrix thead th")
        .first()
        .evaluate((el) => el.getBoundingClientRect().top);
      const boxTop = await scroll.evaluate((el) => el.getBoundingClientRect().top);
      expect(Math.abs(headerTop - boxTop)).to.be.lessThan(2);
      await scroll.evaluate((el) => {
        el.scrollTop = 0;
      });
      expect(await unlabeledControls(page)).to.equal(0);
      await screenshot(page, `validation-cohort-${width}`);
      await context.close();
    }
  });
});
