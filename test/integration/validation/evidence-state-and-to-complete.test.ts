import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace } from "../../support/portfolio.js";
import { decodeEntities, type BrowserResponse } from "../../support/sim-lms/index.js";
import {
  decide,
  learner,
  mainText,
  requestValidation,
  setupCourse,
  trainer,
  type Session,
  type TestCourse,
} from "../../support/validation.js";

/** The list item of a competence on the learner's competences page (its row, as text). */
function rowOf(page: BrowserResponse, code: string): string {
  const rows = page.text.split('<li class="competence-row">').slice(1);
  const row = rows.find((candidate) => candidate.includes(`<span class="competence-code">${code}</span>`));
  if (!row) throw new Error(`no row for ${code}`);
  return decodeEntities(row.split("</li>")[0]?.replace(/<[^>]+>/g, " ") ?? "").replace(/\s+/g, " ");
}

/** The "à compléter" section of a page (its HTML), or "" when the page has none. */
function toCompleteSection(page: BrowserResponse): string {
  const start = page.text.indexOf('id="to-complete"');
  if (start < 0) return "";
  return page.text.slice(start, page.text.indexOf("</section>", start));
}

async function requestPageOf(fixture: LtiFixture, validator: Session): Promise<BrowserResponse> {
  const queue = await validator.browser.get(`${validator.base}/validation/queue`);
  const hrefs = [...queue.text.matchAll(/href="([^"]*\/validation\/requests\/[^"?]+)"/g)].map((m) => m[1]);
  const href = hrefs.at(-1);
  if (!href) throw new Error("no request in the queue");
  return validator.browser.get(new URL(href, `${fixture.carnet.baseUrl}/`).toString());
}

describe("validation: a competence's state follows tagged traces; what to complete is listed", () => {
  let fixture: LtiFixture;
  let course: TestCourse;
  before(async () => {
    fixture = await startLtiFixture();
    course = await setupCourse(fixture, { leaves: 6 });
  });
  after(async () => {
    await fixture.close();
  });

  it("reads 'en cours' with the number of traces tagged, not 'pas commencée' (overview, home, competence page)", async () => {
    const lea = await learner(fixture, course, "Léa Traces");
    const seance = await createTrace(lea, "note", { title: "Séance tableur", body_note: "Déroulé." }, [
      ["competence", "C01"],
      ["competence", "C02"],
    ]);
    const site = await createTrace(lea, "note", { title: "Projet de site", body_note: "Mini-site." }, [
      ["competence", "C01"],
    ]);
    await createTrace(lea, "note", { title: "Sans étiquette", body_note: "Rien." });

    const page = await lea.browser.get(`${lea.base}/competences`);
    expect(page.status).to.equal(200);
    expect(rowOf(page, "C01")).to.contain("En cours").and.contain("traces associées (2)");
    expect(rowOf(page, "C02")).to.contain("En cours").and.contain("trace associée (1)");
    expect(rowOf(page, "C03")).to.contain("Pas commencée").and.not.contain("associée");

    const home = await lea.browser.get(`${lea.base}/`);
    expect(mainText(home)).to.contain("Mes compétences").and.not.contain("à compléter");

    const competence = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C01`);
    expect(competence.status).to.equal(200);
    const state = mainText(competence);
    expect(state).to.contain("En cours").and.contain("traces associées (2)");
    // Its forms start with the traces tagged with it ticked, and only those.
    const ticked = [
      ...competence.text.matchAll(/<input type="checkbox"[^>]*name="traceIds" value="([^"]+)" checked>/g),
    ].map((match) => match[1]);
    expect(ticked.sort()).to.deep.equal([seance.id, site.id].sort());

    // The state machine is untouched: nothing was asked, the record is still "not started".
    const records = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    expect(records.filter((record) => record.state !== "not_started")).to.have.length(0);
  });

  it("lists on the home and the competences page what a formateur asked to complete: reason, who, since, the form", async () => {
    const marc = await learner(fixture, course, "Marc Complète");
    const fanny = await trainer(fixture, course, "Fanny Formatrice");
    const sent = await requestValidation(
      marc,
      ["C01", "C02", "C03"].map((code) => ({ code, justification: `Ce que j'ai fait pour ${code}` })),
      { validatorIds: [await fanny.userId()] },
    );
    expect(sent.status, sent.text.slice(0, 300)).to.equal(200);
    const longReason = `Ajoutez une trace de séance en classe, avec ce que les élèves ont produit ${"et la suite ".repeat(20)}`;
    const decided = await decide(fanny, await requestPageOf(fixture, fanny), {
      C01: { decision: "ask_more_evidence", comment: longReason },
      C02: { decision: "ask_more_evidence", comment: "Précisez le dispositif d'évaluation" },
      C03: { decision: "validate", comment: "Séquence convaincante", level: "competent" },
    });
    expect(decided.status, mainText(decided).slice(0, 300)).to.equal(200);

    const home = await marc.browser.get(`${marc.base}/`);
    const homeList = toCompleteSection(home);
    expect(home.text).to.contain('href="#to-complete"');
    const homeText = decodeEntities(homeList.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
    expect(homeText).to.contain("À compléter (2)");
    expect(homeText).to.contain("Précisez le dispositif d'évaluation");
    expect(homeText).to.contain("Demandé par Fanny Formatrice");
    expect(homeText).to.match(/depuis le \d{1,2} \S+ \d{4}/);
    // A long reason is cut on a word, the whole of it stays on the competence's page.
    expect(homeText).to.contain("Ajoutez une trace de séance en classe");
    expect(homeText).to.contain("…");
    expect(homeText).not.to.contain(longReason.trim());
    expect(homeText).not.to.contain("C03");
    const complete = [...homeList.matchAll(/<a class="button[^"]*" href="([^"]+)">Compléter/g)].map((match) =>
      decodeEntities(match[1] ?? ""),
    );
    const path = new URL(marc.base).pathname;
    expect(complete).to.deep.equal([
      `${path}/competences/${course.frameworkId}/C01#resubmit-title`,
      `${path}/competences/${course.frameworkId}/C02#resubmit-title`,
    ]);

    // "Compléter" opens the competence's page with the form that sends it back.
    const target = await marc.browser.get(new URL(complete[0] ?? "", marc.base).toString());
    expect(target.status).to.equal(200);
    expect(target.text).to.contain('id="resubmit-title"').and.contain('id="resubmit-form"');
    expect(decodeEntities(target.text)).to.contain(longReason.trim());

    const competences = await marc.browser.get(`${marc.base}/competences`);
    expect(toCompleteSection(competences)).to.contain("Précisez le dispositif d&#x27;évaluation");

    // The decision's notification opens that list, not the whole page of competences.
    const inbox = await marc.browser.get(`${marc.base}/notifications`);
    expect(decodeEntities(inbox.text)).to.contain(`href="${path}/competences#to-complete"`);
  });

  it("links the notification of a single item to complete to that competence's form", async () => {
    const zoe = await learner(fixture, course, "Zoé Seule");
    const fanny = await trainer(fixture, course, "Fanny Formatrice");
    await requestValidation(zoe, [{ code: "C04", justification: "Ma séance" }], {
      validatorIds: [await fanny.userId()],
    });
    await decide(fanny, await requestPageOf(fixture, fanny), {
      C04: { decision: "ask_more_evidence", comment: "Ajoutez la fiche de préparation" },
    });
    const inbox = await zoe.browser.get(`${zoe.base}/notifications`);
    expect(decodeEntities(inbox.text)).to.contain(
      `href="${new URL(zoe.base).pathname}/competences/${course.frameworkId}/C04#resubmit-title"`,
    );
  });
});
