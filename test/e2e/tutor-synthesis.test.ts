// The tutor's synthesis for the jury through the simulated LMS: from the tutees list, a draft, a stale
// form refused (409, text kept), shared with the learner (notified), finalising refused until she has
// read it, read, finalised; a draft written afterwards stays out of the dossier. The dossier's PDF and
// print view list session attendance (group session, interview) and nothing an interview or a report
// says. Only the learner's tutor reaches these pages: a formateur of her course gets a 404.
import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { pdfText } from "../support/pdf-text.js";
import { csrfOf, type Session } from "../support/portfolio.js";
import type { BrowserResponse } from "../support/sim-lms/index.js";
import { postIn } from "../support/tutoring.js";
import { learner, mainText, setupCourse, trainer } from "../support/validation.js";

const HOUR = 3_600_000;

/** Posts a form of the launch with a page's CSRF token; the browser follows the 303. */
async function post(session: Session, path: string, fields: [string, string][]): Promise<BrowserResponse> {
  const page = await session.browser.get(`${session.base}/tutoring`);
  return session.browser.post(`${session.base}${path}`, [["_csrf", csrfOf(page.text)], ...fields]);
}

function synthesis(text: Partial<Record<string, string>>, basedOn: string): [string, string][] {
  return [
    ["progress", text.progress ?? ""],
    ["reflexivity", text.reflexivity ?? ""],
    ["competences", text.competences ?? ""],
    ["recommendations", text.recommendations ?? ""],
    ["basedOn", basedOn],
  ];
}

async function pdfOf(session: Session): Promise<string> {
  const url = `${session.base}/dossier/pdf`;
  const cookie = session.browser.jar.cookieHeader(url);
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  expect(response.status).to.equal(200);
  return pdfText(new Uint8Array(await response.arrayBuffer()));
}

describe("e2e: the tutor's synthesis for the jury and attendance in the dossier", () => {
  let fixture: LtiFixture;
  const clock = new ManualClock(new Date("2026-10-05T08:00:00Z"));
  let tutor: Session;
  let colleague: Session;
  let lea: Session;
  let leaId = "";
  let page = "";
  const FINAL = {
    progress: "Progression régulière sur trois semestres, stages validés.",
    reflexivity: "Ses RSCA analysent ses difficultés avec justesse.",
    competences: "Relation et communication acquises ; coordination à consolider.",
    recommendations: "Avis favorable à la validation du DES.",
  };
  const LATER_DRAFT = "Texte écrit après la version définitive, à ne pas montrer au jury";
  const INTERVIEW_PRIVATE = "Confidence d'entretien : je pense arrêter l'internat";
  const INTERVIEW_SYNTHESIS = "Fatigue des gardes, suivi rapproché convenu";
  const REPORT = "Compte rendu de la séance : tour de table sur les stages";

  before(async () => {
    fixture = await startLtiFixture({ clock });
    const course = await setupCourse(fixture, { leaves: 2 });
    tutor = await trainer(fixture, course, "Anne Tutrice");
    colleague = await trainer(fixture, course, "Paul Formateur");
    lea = await learner(fixture, course, "Léa Interne");
    const max = await learner(fixture, course, "Max Interne");
    leaId = await lea.userId();
    page = `/learners/${leaId}/synthesis`;

    // Anne tutors Léa and Max through a tutoring group; Paul teaches the course and tutors nobody.
    await postIn(tutor, "/tutoring/groups", { groupName: "Groupe Lestrade", tutorId: await tutor.userId() });
    const [group] = await fixture.carnet.services.tutoring.store.groupsIn(fixture.platform._id, course.scope);
    const groupId = group?.id ?? "";
    await postIn(tutor, "/tutoring/assign", [
      ["groupId", groupId],
      ["learnerIds", leaId],
      ["learnerIds", await max.userId()],
    ]);

    // A group session held (Léa present), its report; a later one not held yet.
    const held = await post(tutor, `/sessions/groups/${groupId}`, [
      ["title", "Prise de contact"],
      ["date", "2026-10-05"],
      ["time", "11:00"],
      ["durationMinutes", "60"],
      ["place", "Faculté, salle 2"],
      ["videoUrl", ""],
      ["agenda", "Présentations"],
    ]);
    expect(held.status).to.equal(200);
    const heldPath = new URL(held.url).pathname.replace(new URL(tutor.base).pathname, "");
    const later = await post(tutor, `/sessions/groups/${groupId}`, [
      ["title", "Séance de novembre"],
      ["date", "2026-11-05"],
      ["time", "14:00"],
      ["durationMinutes", "60"],
      ["place", "Faculté, salle 2"],
      ["videoUrl", ""],
      ["agenda", "RSCA"],
    ]);
    expect(later.status).to.equal(200);
    clock.advance(3 * HOUR);
    const marked = await post(tutor, `${heldPath}/attendance`, [
      [`mark-${leaId}`, "present"],
      [`mark-${await max.userId()}`, "absent"],
    ]);
    expect(marked.status).to.equal(200);
    await post(tutor, `${heldPath}/report`, [
      ["discussed", REPORT],
      ["nextSteps", "Un RSCA chacun"],
    ]);

    // An interview Léa prepares (privately) and Anne completes.
    const opened = await post(tutor, "/interviews", [
      ["learnerId", leaId],
      ["date", "2026-10-05"],
      ["time", "17:30"],
    ]);
    const interview = new URL(opened.url).pathname.replace(new URL(tutor.base).pathname, "");
    await post(lea, `${interview}/preparation`, [
      ["difficulties", INTERVIEW_PRIVATE],
      ["strengths", ""],
      ["traces", ""],
      ["objectives", ""],
      ["topics", ""],
    ]);
    const completed = await post(tutor, `${interview}/synthesis`, [
      ["difficulties", INTERVIEW_SYNTHESIS],
      ["strengths", "Écoute"],
      ["traces", "Deux RSCA"],
      ["objectives", "Finir un RSCA"],
    ]);
    expect(completed.status).to.equal(200);
  });

  after(async () => {
    await fixture.close();
  });

  it("links each tutee's synthesis from the tutees list, with where it stands", async () => {
    const list = await tutor.browser.get(`${tutor.base}/tutoring`);
    expect(list.text).to.contain(`href="${new URL(tutor.base).pathname}${page}"`);
    expect(mainText(list)).to.contain("Synthèse pour le jury").and.contain("à rédiger");
  });

  it("answers 404 to whoever does not tutor the learner: a formateur of her course, the learner herself", async () => {
    expect((await colleague.browser.get(`${colleague.base}${page}`)).status).to.equal(404);
    const written = await post(colleague, page, synthesis({ progress: "Intrusion" }, "0"));
    expect(written.status).to.equal(404);
    expect((await post(colleague, `${page}/share`, [["version", "1"]])).status).to.equal(404);
    expect((await colleague.browser.get(`${colleague.base}${page}/versions/1`)).status).to.equal(404);
    expect((await lea.browser.get(`${lea.base}${page}`)).status).to.equal(404);
    expect((await tutor.browser.get(`${tutor.base}/learners/nobody-here/synthesis`)).status).to.equal(404);
    const versions = await fixture.carnet.services.dossier.syntheses.history(fixture.platform._id, leaId);
    expect(versions).to.deep.equal([]);
  });

  it("refuses a garbage form as a 400 that keeps what was typed, saving nothing", async () => {
    const refused = await post(tutor, page, [
      ["progress", "Mon début de synthèse, à garder"],
      ["reflexivity", "x".repeat(8001)],
      ["competences", ""],
      ["basedOn", "n'importe quoi"],
    ]);
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain(">Mon début de synthèse, à garder</textarea>");
    expect(refused.text).to.contain('aria-invalid="true"');
    expect(mainText(refused)).to.contain("Ce texte est trop long");
    const versions = await fixture.carnet.services.dossier.syntheses.history(fixture.platform._id, leaId);
    expect(versions).to.deep.equal([]);
  });

  it("drafts, shares, waits for the learner's reading, finalises; a stale form is a 409 keeping the text", async () => {
    const draft = await post(tutor, page, synthesis({ ...FINAL, progress: "Premier jet" }, "0"));
    expect(draft.status).to.equal(200);
    expect(mainText(draft)).to.contain("Brouillon enregistré.").and.contain("brouillon");

    // Someone else's save since the form was shown: refused, the text typed comes back.
    const stale = await post(tutor, page, synthesis({ progress: "Écrit sur une page ancienne" }, "0"));
    expect(stale.status).to.equal(409);
    expect(mainText(stale)).to.contain("La synthèse a changé entre-temps");
    expect(stale.text).to.contain(">Écrit sur une page ancienne</textarea>");

    const second = await post(tutor, page, synthesis(FINAL, "1"));
    expect(mainText(second)).to.contain("Brouillon enregistré.");
    const early = await post(tutor, `${page}/finalize`, [["version", "2"]]);
    expect(early.status).to.equal(409);
    expect(mainText(early)).to.contain("doit d'abord lire la version transmise");

    const shared = await post(tutor, `${page}/share`, [["version", "2"]]);
    expect(mainText(shared)).to.contain("Synthèse transmise à Léa Interne pour lecture.");
    expect(mainText(shared)).to.contain("Léa Interne n'a pas encore lu la version transmise");
    expect(shared.text).to.not.contain(`${page}/finalize"`);
    expect((await post(tutor, `${page}/finalize`, [["version", "2"]])).status).to.equal(409);

    // Léa is told, reads it in her dossier, and says so.
    const notices = mainText(await lea.browser.get(`${lea.base}/notifications`));
    expect(notices).to.contain("Anne Tutrice vous a transmis sa synthèse pour le jury");
    const dossier = await lea.browser.get(`${lea.base}/dossier`);
    expect(mainText(dossier)).to.contain(FINAL.recommendations);
    const read = await post(lea, "/dossier/synthesis/read", []);
    expect(mainText(read)).to.contain("Vous avez lu cette version");

    const ready = await tutor.browser.get(`${tutor.base}${page}`);
    expect(mainText(ready)).to.contain("a lu cette version : vous pouvez la rendre définitive");
    const final = await post(tutor, `${page}/finalize`, [["version", "2"]]);
    expect(mainText(final)).to.contain("La synthèse est définitive");
    expect(mainText(await tutor.browser.get(`${tutor.base}/tutoring`))).to.contain("définitive");

    // A new draft afterwards: a version of its own, the final one stays what the jury reads.
    const after = await post(tutor, page, synthesis({ ...FINAL, progress: LATER_DRAFT }, "2"));
    expect(after.status).to.equal(200);
    expect(mainText(after)).to.contain("une version définitive existe");
  });

  it("lists the versions with their dates, an earlier one read-only and compared with the one before", async () => {
    const shown = await tutor.browser.get(`${tutor.base}${page}`);
    expect(mainText(shown)).to.contain("Version 1").and.contain("Version 2").and.contain("Version 3");
    expect(mainText(shown)).to.contain("définitive").and.contain("5 octobre 2026");
    const two = await tutor.browser.get(`${tutor.base}${page}/versions/2`);
    expect(two.status).to.equal(200);
    expect(two.text).to.not.contain("<textarea");
    expect(mainText(two)).to.contain("Comparée à la version 1");
    expect(two.text).to.contain("<del>Premier jet</del><ins>Progression régulière");
    expect((await tutor.browser.get(`${tutor.base}${page}/versions/9`)).status).to.equal(404);
  });

  it("puts the final synthesis and the attendance in the dossier's PDF and print view, nothing private", async () => {
    const content = await pdfOf(lea);
    expect(content).to.contain(FINAL.progress);
    expect(content).to.contain(FINAL.recommendations);
    expect(content).to.not.contain(LATER_DRAFT);
    expect(content).to.match(/Date\s+Nature\s+Séance\s+Présence/);
    expect(content).to.match(
      /5 octobre 2026\s+Séance de groupe\s+Prise de contact · Groupe Lestrade\s+présent·e/,
    );
    expect(content).to.match(/5 octobre 2026\s+Entretien individuel\s+Entretien individuel n° 1\s+tenu/);
    expect(content).to.not.contain("Séance de novembre");
    expect(content).to.not.contain(INTERVIEW_PRIVATE);
    expect(content).to.not.contain(INTERVIEW_SYNTHESIS);
    expect(content).to.not.contain(REPORT);

    const print = await lea.browser.get(`${lea.base}/dossier/print`);
    const printed = mainText(print);
    expect(print.text).to.contain('data-mark="present"');
    expect(printed).to.contain("Prise de contact · Groupe Lestrade").and.contain("Entretien individuel n° 1");
    expect(printed).to.contain(FINAL.progress).and.not.contain(LATER_DRAFT);
    expect(printed).to.not.contain(INTERVIEW_PRIVATE).and.not.contain(REPORT);
  });
});
