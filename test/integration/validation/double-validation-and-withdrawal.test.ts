import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace } from "../../support/portfolio.js";
import {
  decide,
  formOf,
  learner,
  requestValidation,
  setupCourse,
  text,
  trainer,
} from "../../support/validation.js";

describe("validation: double validation, more evidence, resubmission and withdrawal", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  async function requestPageOf(session: Awaited<ReturnType<typeof trainer>>) {
    const queue = await session.browser.get(`${session.base}/validation/queue`);
    const link = /href="([^"]*\/validation\/requests\/[^"]+)"/.exec(queue.text)?.[1];
    if (!link) throw new Error("no request in the queue");
    return session.browser.get(new URL(link, queue.url).toString());
  }

  it("needs two distinct validators when the course asks for double validation, showing 1/2", async () => {
    const course = await setupCourse(fixture, { leaves: 3, validationsRequired: 2 });
    const lea = await learner(fixture, course);
    const first = await trainer(fixture, course, "Fanny Formatrice");
    const second = await trainer(fixture, course, "Paul Tuteur");
    await requestValidation(lea, [{ code: "C01", justification: "Séquence conduite en autonomie" }]);

    const page = await requestPageOf(first);
    const afterFirst = await decide(first, page, { C01: { decision: "validate", comment: "Oui pour moi" } });
    expect(afterFirst.status).to.equal(200);
    const records = fixture.carnet.services.validation.records;
    const learnerId = await lea.userId();
    let [record] = await records.forLearner(course.scope, learnerId, course.frameworkId);
    expect(record?.state).to.equal("submitted");
    expect(record?.approvals).to.have.length(1);
    expect((await records.learnerProgress(course.scope, learnerId, course.frameworkId)).validated).to.equal(
      0,
    );
    expect(text(afterFirst)).to.contain("Vous avez déjà validé ; une seconde validation est attendue");

    const learnerView = await lea.browser.get(`${lea.base}/competences`);
    expect(text(learnerView)).to.contain("Validations : 1/2");
    // The first validator has nothing more to do on it: it waits for someone else.
    const firstQueue = await first.browser.get(`${first.base}/validation/queue`);
    expect(text(firstQueue)).to.contain("En attente d'une seconde validation");

    const again = await requestPageOf(second);
    expect(text(again)).to.contain("Validations : 1/2");
    const afterSecond = await decide(second, again, { C01: { decision: "validate", comment: "Confirmé" } });
    expect(afterSecond.status).to.equal(200);
    [record] = await records.forLearner(course.scope, learnerId, course.frameworkId);
    expect(record?.state).to.equal("validated");
    expect(record?.approvals.map((a) => a.validatorId)).to.have.members([
      await first.userId(),
      await second.userId(),
    ]);
    expect((await records.learnerProgress(course.scope, learnerId, course.frameworkId)).validated).to.equal(
      1,
    );
  });

  it("asks for more evidence, takes the learner's resubmission, validates, then withdraws with a reason", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course);
    const fanny = await trainer(fixture, course);
    const { id: firstTrace } = await createTrace(lea, "note", {
      title: "Première trace",
      body_note: "Récit.",
    });
    await requestValidation(lea, [
      { code: "C02", justification: "Mon projet collaboratif", traceIds: [firstTrace] },
    ]);
    const model = fixture.carnet.services.validation.models.CompetenceRecord;
    const learnerId = await lea.userId();
    const marker = async () =>
      (await model.findOne({ ...course.scope, learnerId, competenceCode: "C02" }).lean())?.gradeSync;

    const page = await requestPageOf(fanny);
    await decide(fanny, page, {
      C02: { decision: "ask_more_evidence", comment: "Montrez le document produit par le groupe" },
    });
    expect((await marker())?.version).to.equal(2);

    // The learner reads "to complete", never "refused", and resubmits with a new trace.
    const competencePage = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C02`);
    expect(text(competencePage)).to.contain("Pas encore validée — à compléter");
    expect(competencePage.text).to.not.match(/refus/i);
    const { id: secondTrace } = await createTrace(lea, "note", {
      title: "Document du groupe",
      body_note: "Le wiki.",
    });
    const form = formOf(
      await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C02`),
      "/resubmit",
    );
    const resubmitted = await lea.browser.post(new URL(form.action, competencePage.url).toString(), [
      ["_csrf", form.fields._csrf ?? ""],
      ["rev", form.fields.rev ?? ""],
      ["traceIds", secondTrace],
      ["comment", "Voici le wiki que nous avons rédigé"],
    ]);
    expect(resubmitted.status).to.equal(200);
    expect(text(resubmitted)).to.contain("Complétée, en attente");
    expect((await marker())?.version).to.equal(3);

    const again = await requestPageOf(fanny);
    expect(text(again)).to.contain("Complétée (version 2)");
    expect(text(again)).to.contain("Document du groupe");
    await decide(fanny, again, {
      C02: { decision: "validate", comment: "Le wiki montre bien le travail en réseau" },
    });
    expect((await marker())?.version).to.equal(4);

    // Withdrawal from the trainer's page of the competence, with a reason.
    const trainerPage = await fanny.browser.get(
      `${fanny.base}/learners/${learnerId}/competences/${course.frameworkId}/C02`,
    );
    expect(trainerPage.status).to.equal(200);
    const withdrawForm = formOf(trainerPage, "/actions");
    const withdrawFields = Object.fromEntries((parseWithdraw(trainerPage.text) ?? []).map((entry) => entry));
    const withdrawn = await fanny.browser.post(new URL(withdrawForm.action, trainerPage.url).toString(), {
      ...withdrawFields,
      comment: "La trace a été retirée à la demande de l'établissement",
    });
    expect(withdrawn.status).to.equal(200);
    const record = await model.findOne({ ...course.scope, learnerId, competenceCode: "C02" }).lean();
    expect(record?.state).to.equal("withdrawn");
    expect(record?.level).to.equal(undefined);
    expect(record?.gradeSync.version).to.equal(5);
    expect(record?.timeline.map((entry) => entry.action)).to.deep.equal([
      "request",
      "ask_more_evidence",
      "resubmit",
      "validate",
      "withdraw",
    ]);
    expect(record?.timeline.map((entry) => entry.evidenceVersion)).to.deep.equal([1, 1, 2, 2, 2]);

    const seen = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C02`);
    expect(text(seen)).to.contain("Validation retirée");
    expect(text(seen)).to.contain("La trace a été retirée à la demande de l'établissement");
    expect(formOf(seen, "/self-assessment")).to.be.an("object");
    expect(text(seen)).to.contain("Demander la validation");
  });

  it("keeps a lost race from overwriting: the second decision from a stale page changes nothing and keeps the reason", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lea = await learner(fixture, course);
    const a = await trainer(fixture, course, "Fanny Formatrice");
    const b = await trainer(fixture, course, "Paul Tuteur");
    await requestValidation(lea, [{ code: "C01", justification: "Séance filmée" }]);
    const pageA = await requestPageOf(a);
    const pageB = await requestPageOf(b);
    await decide(a, pageA, { C01: { decision: "validate", comment: "Vu, validé" } });
    const late = await decide(b, pageB, {
      C01: { decision: "ask_more_evidence", comment: "Je voudrais la vidéo complète" },
    });
    expect(late.status).to.equal(409);
    expect(text(late)).to.contain("décidé par quelqu'un d'autre entre-temps");
    expect(late.text).to.contain("Je voudrais la vidéo complète");
    const [record] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    expect(record?.state).to.equal("validated");
  });
});

/** The hidden fields of the withdrawal form (the trainer actions page has several forms on /actions). */
function parseWithdraw(html: string): [string, string][] | undefined {
  const match =
    /<form[^>]*>((?:(?!<\/form>)[\s\S])*name="action" value="withdraw"(?:(?!<\/form>)[\s\S])*)<\/form>/.exec(
      html,
    );
  if (!match?.[1]) return undefined;
  return [...match[1].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
    m[1] ?? "",
    m[2] ?? "",
  ]);
}
