// A learner writes an RSCA and shares it, in Debian chromium, at phone width and on a wide screen;
// a trainer of the course then reads it and comments. Screenshots go to test-output/.
import { expect } from "chai";
import type { Browser as Chromium } from "playwright-core";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import { horizontalOverflow, unlabeledControls } from "../support/page-checks.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { ROLE, unique } from "../support/portfolio.js";

describe("portfolio in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  let medicine: string;
  withChromium((started) => ({ fixture, chromium } = started));
  before(async () => {
    const framework = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).find(
      (candidate) => candidate.key === "medecine-generale",
    );
    if (!framework) throw new Error("no shipped medicine framework");
    medicine = framework.id;
  });

  for (const width of [360, 1280]) {
    it(`walks a learner through writing an RSCA and sharing it, at ${width} px`, async () => {
      const course = { id: unique("course"), title: "DES de médecine générale — phase socle" };
      // Learners tag with their course's framework(s) only: this course uses general medicine.
      await fixture.carnet.services.courseSettings.update(
        {
          platformId: fixture.platform._id,
          deploymentId: fixture.tool.deploymentIds[0] ?? "1",
          contextId: course.id,
        },
        { frameworkId: medicine },
        "test",
      );
      const launch = await fixture.launch({
        user: { sub: unique("learner"), name: "Léa Interne", given_name: "Léa", family_name: "Interne" },
        roles: [ROLE.learner],
        context: course,
        locale: "fr",
      });
      const context = await contextFrom(chromium, launch.browser, { width, height: 900 });
      const page = await context.newPage();
      await page.goto(launch.final.url);
      expect(await page.locator("h1").innerText()).to.contain("Bonjour Léa Interne");
      await screenshot(page, `portfolio-home-empty-${width}`);

      // Home → new trace → RSCA.
      await page.getByRole("link", { name: "Écrire un RSCA" }).click();
      expect(await page.locator("h1").innerText()).to.contain("RSCA");
      expect(await unlabeledControls(page)).to.deep.equal([]);
      await page.getByLabel("Titre").fill("Douleur thoracique un samedi soir");
      await page.getByLabel("Stage ou période").fill("SASPAS S5");
      // Choose the framework first (the text typed so far is kept).
      await page.getByLabel("Référentiel").selectOption(medicine);
      await page.getByRole("button", { name: "Afficher ce référentiel" }).click();
      expect(await page.getByLabel("Titre").inputValue()).to.equal("Douleur thoracique un samedi soir");
      await page
        .getByLabel("Votre texte : Récit")
        .fill(
          "Un samedi soir, un homme de 58 ans consulte pour une **douleur thoracique**. Je suis seule au cabinet.",
        );
      await page.getByLabel("Avancement de « Récit »").selectOption("done");
      await page
        .getByLabel("Votre texte : Analyse")
        .fill("- Urgence possible\n- Anxiété du patient\n- Ma propre inquiétude");
      await page.getByLabel("Avancement de « Analyse »").selectOption("draft");
      await page
        .getByLabel("Votre texte : Recherche")
        .fill("Recommandations sur la douleur thoracique en soins premiers.");
      await page
        .getByLabel("Votre texte : Synthèse")
        .fill("Je saurai mieux organiser une orientation urgente.");
      await page.getByRole("checkbox", { name: "Premier recours, urgences" }).check();
      await page.getByLabel("Niveau revendiqué pour « Premier recours, urgences »").selectOption("novice");
      expect(await horizontalOverflow(page)).to.be.at.most(0);
      await screenshot(page, `portfolio-editor-${width}`);
      await page.getByRole("button", { name: "Enregistrer la trace" }).last().click();

      // The trace page: saved, private, progress, tags.
      await page.waitForURL(/\/traces\/[0-9a-f-]{36}\?done=created/);
      expect(await page.getByRole("status").first().innerText()).to.contain("Trace enregistrée");
      expect(await page.locator(".trace-head").innerText()).to.contain("Brouillon");
      expect(await page.locator(".trace-head").innerText()).to.contain("1 / 4 parties terminées");
      expect(await page.locator(".prose strong").first().innerText()).to.equal("douleur thoracique");
      expect(await page.locator(".tag-chips").first().innerText()).to.contain("Premier recours, urgences");
      expect(await unlabeledControls(page)).to.deep.equal([]);
      expect(await horizontalOverflow(page)).to.be.at.most(0);

      // Share with the trainers of the course.
      await page.getByRole("checkbox", { name: /Les formateurs du cours/ }).check();
      await page.getByRole("button", { name: "Enregistrer le partage" }).click();
      await page.waitForURL(/done=shared/);
      expect(await page.locator(".trace-head").innerText()).to.contain("En attente de retour");
      expect(await page.locator("#share .audience").innerText()).to.contain(course.title);
      // Focus is visible on links and buttons (keyboard users in the LMS frame).
      await page.getByRole("link", { name: "Modifier la trace" }).focus();
      const outline = await page.evaluate(
        () => getComputedStyle(document.activeElement ?? document.body).outlineStyle,
      );
      expect(outline).to.not.equal("none");
      await screenshot(page, `portfolio-trace-shared-${width}`);
      const traceUrl = page.url();

      await page.goto(launch.final.url.replace(/\/$/, "/traces"));
      expect(await page.locator(".trace-card").count()).to.equal(1);
      expect(await horizontalOverflow(page)).to.be.at.most(0);
      await screenshot(page, `portfolio-list-${width}`);
      await page.getByRole("link", { name: "Couverture", exact: true }).click();
      expect(await page.locator("h1").innerText()).to.contain("Couverture");
      expect(await page.locator(".coverage-summary").innerText()).to.contain(
        "1 compétence sur 6 a au moins une trace",
      );
      expect(await horizontalOverflow(page)).to.be.at.most(0);
      await screenshot(page, `portfolio-coverage-${width}`);
      await context.close();

      // The course's trainer reads it and comments.
      const teacherLaunch = await fixture.launch({
        user: { sub: unique("teacher"), name: "Fanny Formatrice" },
        roles: [ROLE.instructor],
        context: course,
        locale: "fr",
      });
      const teacherContext = await contextFrom(chromium, teacherLaunch.browser, { width, height: 900 });
      const teacherPage = await teacherContext.newPage();
      await teacherPage.goto(teacherLaunch.final.url);
      await teacherPage.getByRole("link", { name: "Traces partagées avec moi" }).click();
      await teacherPage.getByRole("link", { name: "Douleur thoracique un samedi soir" }).first().click();
      expect(teacherPage.url().split("/traces/")[1]).to.equal(traceUrl.split("/traces/")[1]?.split("?")[0]);
      await teacherPage
        .getByLabel("Votre commentaire")
        .fill("Très bon récit. Précisez ce que vous avez **ressenti**.");
      await teacherPage.getByRole("button", { name: "Envoyer" }).click();
      await teacherPage.waitForURL(/done=commented/);
      expect(await teacherPage.locator(".trace-head").innerText()).to.contain("Retour reçu");
      expect(await teacherPage.locator(".comment").innerText()).to.contain("Fanny Formatrice");
      expect(await horizontalOverflow(teacherPage)).to.be.at.most(0);
      await screenshot(teacherPage, `portfolio-trace-teacher-${width}`);
      await teacherContext.close();
    });
  }
});
