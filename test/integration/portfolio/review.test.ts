import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  createTrace,
  editTrace,
  launchAs,
  ROLE,
  submit,
  unique,
  type Session,
} from "../../support/portfolio.js";
import { decodeEntities, findLinks } from "../../support/sim-lms/index.js";

describe("portfolio: sharing, comments and decisions", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  async function courseWithLearnerAndTeacher(): Promise<{
    learner: Session;
    teacher: Session;
    course: { id: string; title: string };
  }> {
    const course = { id: unique("course"), title: "Stage en responsabilité" };
    const learner = await launchAs(fixture, {
      sub: unique("learner"),
      name: "Lucas Stagiaire",
      roles: [ROLE.learner],
      context: course,
    });
    const teacher = await launchAs(fixture, {
      sub: unique("teacher"),
      name: "Fanny Formatrice",
      roles: [ROLE.instructor],
      context: course,
    });
    return { learner, teacher, course };
  }

  it("goes draft → shared → feedback → revised → à reprendre → revised → validated, with comments apart from decisions", async () => {
    const { learner, teacher } = await courseWithLearnerAndTeacher();
    const { id, page } = await createTrace(learner, "sequence", {
      title: "Séance tableur en 4e",
      body_contexte: "Classe de 4e, 55 minutes.",
    });

    // Private: the teacher of the course cannot see it.
    expect((await teacher.browser.get(`${teacher.base}/traces/${id}`)).status).to.equal(404);

    const shared = await submit(learner, page, `/traces/${id}/share`, { visibility: "tutors" });
    expect(shared.status).to.equal(200);
    const sharedText = decodeEntities(shared.text);
    expect(sharedText).to.contain("Partage enregistré");
    expect(sharedText).to.contain("En attente de retour");
    expect(sharedText).to.contain("les formateurs du cours « Stage en responsabilité »");

    // The teacher finds it in the queue and on the learner's page.
    const queue = await teacher.browser.get(`${teacher.base}/traces/review`);
    expect(decodeEntities(queue.text)).to.contain("Séance tableur en 4e");
    expect(decodeEntities(queue.text)).to.contain("À lire");
    const learnerPageLink = findLinks(queue.text).find((link) =>
      /\/learners\/[^/]+\/traces$/.test(link.href),
    );
    if (!learnerPageLink) throw new Error("no link to the learner's traces");
    const learnerPage = await teacher.browser.get(new URL(learnerPageLink.href, teacher.base).toString());
    expect(learnerPage.status).to.equal(200);
    expect(decodeEntities(learnerPage.text)).to.contain("Traces de Lucas Stagiaire");

    // Formative comment: status becomes "feedback"; no decision yet.
    const tracePage = await teacher.browser.get(`${teacher.base}/traces/${id}`);
    expect(decodeEntities(tracePage.text)).to.contain(
      "Vous lisez cette trace comme formateur·rice de ce cours.",
    );
    const commented = await submit(teacher, tracePage, `/traces/${id}/comments`, {
      body: "Précisez la **consigne** donnée aux élèves.",
    });
    expect(commented.status).to.equal(200);
    const afterComment = decodeEntities(commented.text);
    expect(afterComment).to.contain("Retour reçu");
    expect(afterComment).to.contain("<strong>consigne</strong>");
    expect(afterComment).to.contain("Pas encore de décision.");

    // The learner sees it waiting for them, answers, revises.
    const waiting = await learner.browser.get(`${learner.base}/traces/waiting`);
    expect(decodeEntities(waiting.text)).to.contain("Séance tableur en 4e");
    expect(decodeEntities(waiting.text)).to.contain("Retour à prendre en compte");
    expect(decodeEntities(waiting.text)).to.contain("Nouveau commentaire");
    const learnerTrace = await learner.browser.get(`${learner.base}/traces/${id}`);
    await submit(learner, learnerTrace, `/traces/${id}/comments`, { body: "Merci, je complète." });
    const revised = await editTrace(learner, id, { body_deroulement: "Consigne : construire un graphique." });
    expect(decodeEntities(revised.text)).to.contain("Révisée, à relire");

    // Decision "to rework" with a reason.
    const toDecide = await teacher.browser.get(`${teacher.base}/traces/${id}`);
    const rework = await submit(teacher, toDecide, `/traces/${id}/decision`, {
      outcome: "to_rework",
      reason: "Il manque le bilan après la séance.",
    });
    expect(rework.status).to.equal(200);
    const reworkText = decodeEntities(rework.text);
    expect(reworkText).to.contain("Décision enregistrée");
    expect(reworkText).to.contain("À reprendre");
    expect(reworkText).to.contain("Il manque le bilan après la séance.");
    expect(reworkText.toLowerCase()).not.to.contain("refus");

    const learnerWaiting = await learner.browser.get(`${learner.base}/traces/waiting`);
    expect(decodeEntities(learnerWaiting.text)).to.contain("Reprise demandée");

    await editTrace(learner, id, { body_bilan: "Les élèves ont réussi ; la consigne était trop longue." });
    const reread = await teacher.browser.get(`${teacher.base}/traces/${id}`);
    expect(decodeEntities(reread.text)).to.contain("Révisée, à relire");
    const validated = await submit(teacher, reread, `/traces/${id}/decision`, {
      outcome: "validated",
      reason: "Bilan précis, analyse honnête.",
    });
    const validatedText = decodeEntities(validated.text);
    expect(validatedText).to.contain("Validée");
    // Both decisions stay in the history, each on its revision.
    expect(validatedText).to.contain("Il manque le bilan après la séance.");
    expect(validatedText).to.contain("Bilan précis, analyse honnête.");

    // A validated trace is frozen for its author.
    const lockedPage = await learner.browser.get(`${learner.base}/traces/${id}`);
    expect(decodeEntities(lockedPage.text)).to.contain("Cette trace est validée");
    expect(decodeEntities(lockedPage.text)).not.to.contain("Modifier la trace");
    const lockedEdit = await learner.browser.get(`${learner.base}/traces/${id}/edit`);
    expect(lockedEdit.status).to.equal(409);
  });

  it("does not let a learner decide on their own trace, nor a teacher edit it", async () => {
    const { learner, teacher } = await courseWithLearnerAndTeacher();
    const { id, page } = await createTrace(learner, "note", { title: "Ma note", body_note: "Texte." });
    await submit(learner, page, `/traces/${id}/share`, { visibility: "tutors" });
    const ownPage = await learner.browser.get(`${learner.base}/traces/${id}`);
    expect(ownPage.text).not.to.contain(`/traces/${id}/decision`);
    const forged = await learner.browser.post(`${learner.base}/traces/${id}/decision`, {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(ownPage.text)?.[1] ?? "",
      outcome: "validated",
      reason: "Je me valide.",
    });
    expect(forged.status).to.equal(404);

    const teacherPage = await teacher.browser.get(`${teacher.base}/traces/${id}`);
    expect(teacherPage.text).not.to.contain(`/traces/${id}/edit`);
    expect((await teacher.browser.get(`${teacher.base}/traces/${id}/edit`)).status).to.equal(404);
    const token = /name="_csrf" value="([^"]+)"/.exec(teacherPage.text)?.[1] ?? "";
    const forgedEdit = await teacher.browser.post(`${teacher.base}/traces/${id}`, {
      _csrf: token,
      title: "Réécrit",
      date: "2026-01-01",
      placement: "",
      body_note: "x",
      revision: "1",
      intent: "save",
    });
    expect(forgedEdit.status).to.equal(404);
    const forgedShare = await teacher.browser.post(`${teacher.base}/traces/${id}/share`, {
      _csrf: token,
      visibility: "private",
    });
    expect(forgedShare.status).to.equal(404);
  });

  it("takes a trace back to private: teachers lose access", async () => {
    const { learner, teacher } = await courseWithLearnerAndTeacher();
    const { id, page } = await createTrace(learner, "note", { title: "Repris", body_note: "Texte." });
    const shared = await submit(learner, page, `/traces/${id}/share`, { visibility: "tutors" });
    expect((await teacher.browser.get(`${teacher.base}/traces/${id}`)).status).to.equal(200);
    const unshared = await submit(learner, shared, `/traces/${id}/share`, { visibility: "private" });
    expect(decodeEntities(unshared.text)).to.contain("La trace est de nouveau privée");
    expect(decodeEntities(unshared.text)).to.contain("Brouillon");
    expect((await teacher.browser.get(`${teacher.base}/traces/${id}`)).status).to.equal(404);
  });
});
