// The tutor's journey in Debian chromium, at phone width and on a wide screen: a Mentor's launch lands
// on her tutees, the silent one first; she writes a team note about him, then reads the trace another
// tutee shared with her alone. Clicks are counted; screenshots go to test-output/.
import { expect } from "chai";
import type { Browser as Chromium } from "playwright-core";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom, screenshot } from "../support/chromium.js";
import { horizontalOverflow, unlabeledControls } from "../support/page-checks.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { createTrace, csrfOf } from "../support/portfolio.js";
import { mentorLaunch } from "../support/tutoring.js";
import { learner, setupCourse, unique } from "../support/validation.js";

describe("the tutor's journey in chromium", () => {
  let fixture: LtiFixture;
  let chromium: Chromium;
  withChromium((started) => ({ fixture, chromium } = started));

  for (const width of [360, 1280]) {
    it(`lands on the most silent tutee, writes a team note, reads a trace shared with her only, at ${width} px`, async () => {
      const course = await setupCourse(fixture, { leaves: 2 });
      const leaSub = unique("lea");
      const samSub = unique("sam");
      const lea = await learner(fixture, course, "Léa Stagiaire", leaSub);
      await learner(fixture, course, "Sam Silencieux", samSub);
      const tutorSub = unique("tina");
      const tutor = {
        sub: tutorSub,
        name: "Tina Tutrice",
        context: course.context,
        mentees: [leaSub, samSub],
      };
      // The LMS says whom she mentors; then Léa writes and shares with her tutor alone.
      await mentorLaunch(fixture, tutor);
      const { id, page: editor } = await createTrace(lea, "note", {
        title: "Ce que je n'ose pas dire",
        body_note: "Une garde difficile.",
      });
      await lea.browser.post(`${lea.base}/traces/${id}/share`, [
        ["_csrf", csrfOf(editor.text)],
        ["audience", "tutors"],
      ]);

      const launch = await mentorLaunch(fixture, tutor);
      const context = await contextFrom(chromium, launch.browser, { width, height: 900 });
      const page = await context.newPage();
      let clicks = 0;
      const click = async (action: Promise<void>): Promise<void> => {
        clicks += 1;
        await action;
      };
      await page.goto(launch.final.url);

      // The first screen: her tutees, Sam (who never wrote anything) first, with the facts.
      const rows = page.locator("[data-tutee]");
      expect(await rows.count()).to.equal(2);
      expect(await rows.first().innerText()).to.contain("Sam Silencieux");
      expect(await rows.first().innerText()).to.contain("Aucune trace encore");
      expect(await horizontalOverflow(page)).to.be.at.most(0);
      expect(await unlabeledControls(page)).to.deep.equal([]);
      await screenshot(page, `tutoring-workspace-${width}`);

      // A team note about Sam, for whoever follows him.
      await click(
        rows
          .first()
          .getByRole("link", { name: /Notes d'équipe/ })
          .click(),
      );
      expect(await page.locator("h1").innerText()).to.contain("Sam Silencieux");
      await page
        .getByLabel("Ajouter une note pour l'équipe")
        .fill("Aucune nouvelle depuis la rentrée : je l'appelle.");
      await click(page.getByRole("button", { name: "Ajouter la note" }).click());
      await page.waitForURL(/done=note/);
      expect(await page.getByRole("status").first().innerText()).to.contain("Note ajoutée");
      expect(await page.locator(".notes").innerText()).to.contain("je l'appelle");
      expect(await unlabeledControls(page)).to.deep.equal([]);
      expect(await horizontalOverflow(page)).to.be.at.most(0);
      await screenshot(page, `tutoring-team-notes-${width}`);

      // Back to the workspace, then the traces of her tutees: Sam listed as silent, Léa's trace to read.
      await click(page.getByRole("link", { name: "← Tutorat" }).click());
      await click(page.getByRole("link", { name: "Traces de mes tutoré·es" }).click());
      expect(await page.locator("[data-silent-tutees]").innerText()).to.contain("Sam Silencieux");
      expect(await horizontalOverflow(page)).to.be.at.most(0);
      await screenshot(page, `tutoring-review-${width}`);
      await click(page.getByRole("link", { name: "Ce que je n'ose pas dire" }).first().click());
      expect(await page.locator("main").innerText()).to.contain("comme tuteur·rice");
      expect(await page.locator("main").innerText()).to.contain("Une garde difficile.");
      expect(await horizontalOverflow(page)).to.be.at.most(0);
      await screenshot(page, `tutoring-trace-${width}`);

      // Five clicks from the launch to a note written and the shared trace read.
      expect(clicks).to.equal(5);
      await context.close();
    });
  }
});
