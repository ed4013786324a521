import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  createTrace,
  csrfOf,
  editTrace,
  launchAs,
  ROLE,
  unique,
  type Session,
} from "../../support/portfolio.js";
import { decodeEntities } from "../../support/sim-lms/index.js";

/** The hostile shape that made a trace take 130 s to open: emphasis delimiters that never close. */
const HOSTILE = "*a_".repeat(16_000);

function words(count: number, seed: number): string {
  return Array.from({ length: count }, (_, index) => `mot${(index * seed) % 997}`).join(" ");
}

describe("input: heavy content is bounded and done off the event loop", () => {
  let fixture: LtiFixture;
  let clock: ManualClock;
  let learner: Session;
  const course = { id: unique("course"), title: "Cours lourd" };

  before(async () => {
    clock = new ManualClock();
    fixture = await startLtiFixture({ clock });
    learner = await launchAs(fixture, {
      sub: unique("learner"),
      name: "Rémi Long",
      roles: [ROLE.learner],
      context: course,
    });
  });
  after(async () => {
    await fixture.close();
  });

  const workers = () => fixture.carnet.services.workers;

  it("opens an RSCA of four 48,000-character hostile sections, rendered once in a worker", async () => {
    const before = workers().completed("markdown");
    // Saving lands on the trace page: its sections are rendered there, once.
    const { id } = await createTrace(learner, "rsca", {
      title: "RSCA hostile",
      body_recit: HOSTILE,
      body_analyse: HOSTILE.replace(/a/g, "b"),
      body_recherche: HOSTILE.replace(/a/g, "c"),
      body_synthese: `${"> ".repeat(2000)}citation\n\n${HOSTILE.slice(0, 45_000)}`,
    });
    expect(workers().completed("markdown")).to.equal(before + 1);
    // Opening it again renders nothing: the HTML of each section is kept.
    const again = await learner.browser.get(`${learner.base}/traces/${id}`);
    expect(again.status).to.equal(200);
    expect(decodeEntities(again.text)).to.contain("RSCA hostile");
    expect(workers().completed("markdown")).to.equal(before + 1);
  });

  it("says two very different revisions are too different to compare, computed in a worker", async () => {
    const { id } = await createTrace(learner, "note", { title: "Deux versions", body_note: words(2500, 7) });
    const saved = await editTrace(learner, id, { body_note: words(2500, 13) });
    expect(saved.status).to.equal(200);
    const before = workers().completed("diff");
    const compare = await learner.browser.get(`${learner.base}/traces/${id}/compare?from=1&to=2`);
    expect(compare.status).to.equal(200);
    expect(decodeEntities(compare.text)).to.contain("trop différentes pour être comparées ligne à ligne");
    expect(workers().completed("diff")).to.equal(before + 1);
    // Close revisions still get their word-by-word comparison.
    await editTrace(learner, id, { body_note: `${words(2500, 13)} ajout final` });
    const close = await learner.browser.get(`${learner.base}/traces/${id}/compare?from=2&to=3`);
    expect(close.text).to.contain("<ins>ajout final</ins>");
  });

  it("bounds comments per person and minute, and says so", async () => {
    const { id } = await createTrace(learner, "note", { title: "Fil", body_note: "Texte." });
    const post = async (body: string) => {
      const page = await learner.browser.get(`${learner.base}/traces/${id}`);
      return learner.browser.post(`${learner.base}/traces/${id}/comments`, {
        _csrf: csrfOf(page.text),
        body,
      });
    };
    for (let index = 1; index <= 5; index += 1) {
      const posted = await post(`Commentaire ${index}`);
      expect(decodeEntities(posted.text)).to.contain("Commentaire envoyé.");
    }
    const refused = await post("Commentaire 6");
    expect(refused.url).to.contain("error=COMMENT_RATE_LIMITED");
    expect(decodeEntities(refused.text)).to.contain("Vous avez déjà envoyé 5 commentaires sur cette trace");
    expect(decodeEntities(refused.text)).not.to.contain("Commentaire 6");
    clock.advance(61_000);
    const later = await post("Commentaire 6");
    expect(decodeEntities(later.text)).to.contain("Commentaire 6");
  });

  it("parses an imported framework file in a worker and refuses 2 MB of brackets with a reason", async () => {
    const teacher = await launchAs(fixture, {
      sub: unique("teacher"),
      name: "Flore Référentiel",
      roles: [ROLE.instructor],
      context: course,
    });
    const page = await teacher.browser.get(`${teacher.base}/frameworks`);
    const before = workers().completed("framework");
    const imported = await teacher.browser.postMultipart(
      `${teacher.base}/frameworks/upload`,
      { _csrf: csrfOf(page.text) },
      [
        {
          field: "file",
          filename: "pieges.json",
          contentType: "application/json",
          data: "[".repeat(2_000_000),
        },
      ],
    );
    expect(imported.status).to.equal(422);
    expect(workers().completed("framework")).to.equal(before + 1);
  });
});
