import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace } from "../../support/portfolio.js";
import {
  decide,
  learner,
  requestValidation,
  setupCourse,
  text,
  trainer,
  type TestCourse,
} from "../../support/validation.js";

describe("validation: a request for twenty items, decided item by item in one sitting", () => {
  let fixture: LtiFixture;
  let course: TestCourse;
  before(async () => {
    fixture = await startLtiFixture();
    course = await setupCourse(fixture, { leaves: 24 });
  });
  after(async () => {
    await fixture.close();
  });

  it("lets a learner ask for twenty competences with evidence, and a trainer decide each with its reason", async () => {
    const lea = await learner(fixture, course);
    const fanny = await trainer(fixture, course);
    const { id: traceA } = await createTrace(lea, "note", {
      title: "Séquence sur le tableur",
      body_note: "Déroulé de la séance.",
    });
    const { id: traceB } = await createTrace(lea, "note", {
      title: "Projet de site web",
      body_note: "Mini-site collectif.",
    });

    const twenty = course.codes.slice(0, 20);
    const sent = await requestValidation(
      lea,
      twenty.map((code, i) => ({
        code,
        justification: `Ce que montre ma pratique pour ${code}`,
        traceIds: i % 2 === 0 ? [traceA] : [traceA, traceB],
        level: "competent",
      })),
      { validatorIds: [await fanny.userId()] },
    );
    expect(sent.status, sent.text.slice(0, 800)).to.equal(200);
    expect(sent.url).to.match(/\/competences\?sent=20$/);
    expect(text(sent)).to.contain("Demande envoyée pour 20 compétences");
    expect(text(sent)).to.contain("en attente depuis aujourd'hui");
    expect(text(sent)).to.contain("peut répondre : Fanny Formatrice");

    // The trainer is notified, sees the request in the queue and opens it.
    const notifications = await fanny.browser.get(`${fanny.base}/notifications`);
    expect(text(notifications)).to.contain("Léa Stagiaire demande la validation de 20 compétences");
    const queue = await fanny.browser.get(`${fanny.base}/validation/queue`);
    expect(queue.status).to.equal(200);
    expect(text(queue)).to.contain("Léa Stagiaire");
    expect(text(queue)).to.contain("20 compétences");
    const link = /href="([^"]*\/validation\/requests\/[^"]+)"/.exec(queue.text)?.[1];
    expect(link).to.be.a("string");
    const requestPage = await fanny.browser.get(new URL(link ?? "", queue.url).toString());
    expect(requestPage.status).to.equal(200);
    expect(text(requestPage)).to.contain("Séquence sur le tableur");
    expect(requestPage.text).to.match(/\/traces\/[0-9a-f-]+\/revisions\/1"/);

    // A decision without a reason is refused as a whole, and what was typed comes back.
    const refused = await decide(fanny, requestPage, {
      C01: { decision: "validate", comment: "Séquence convaincante" },
      C02: { decision: "ask_more_evidence", comment: "" },
    });
    expect(refused.status).to.equal(400);
    expect(text(refused)).to.contain("Un motif écrit est nécessaire");
    expect(refused.text).to.contain("Séquence convaincante");
    const untouched = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    expect(untouched.every((record) => record.state === "submitted")).to.equal(true);

    // Three items decided one by one, then the rest validated in bulk with one reason applied to each.
    const choices: Record<
      string,
      { decision: "validate" | "ask_more_evidence" | "comment"; comment: string; selected?: boolean }
    > = {
      C01: { decision: "validate", comment: "Séquence convaincante, usage pertinent du tableur" },
      C02: { decision: "ask_more_evidence", comment: "Précisez ce que les élèves ont produit" },
      C03: { decision: "comment", comment: "Pensez à citer vos sources" },
    };
    for (const code of twenty.slice(3, 18))
      choices[code] = { decision: "validate", comment: "", selected: true };
    choices.C04 = { decision: "validate", comment: "Très bonne analyse réflexive", selected: true };
    const saved = await decide(fanny, requestPage, choices, {
      intent: "bulk",
      bulkComment: "Traces et justification suffisantes pour cet item",
    });
    expect(saved.status, text(saved).slice(0, 600)).to.equal(200);
    expect(saved.url).to.match(/decided=\d+/);

    const records = new Map(
      (
        await fixture.carnet.services.validation.records.forLearner(
          course.scope,
          await lea.userId(),
          course.frameworkId,
        )
      ).map((r) => [r.competenceCode, r]),
    );
    expect(records.get("C01")?.state).to.equal("validated");
    expect(records.get("C02")?.state).to.equal("more_evidence");
    expect(records.get("C03")?.state).to.equal("submitted");
    expect(records.get("C04")?.timeline.at(-1)?.comment).to.equal("Très bonne analyse réflexive");
    expect(records.get("C05")?.timeline.at(-1)).to.include({
      action: "validate",
      comment: "Traces et justification suffisantes pour cet item",
      level: "competent",
    });
    expect(records.get("C18")?.state).to.equal("validated");
    expect(records.get("C19")?.state).to.equal("submitted");
    const validated = [...records.values()].filter((r) => r.state === "validated");
    expect(validated).to.have.length(16);
    // Every change of state left the outbox marker for grades, in the same update.
    for (const record of [...records.values()].filter((r) => r.state !== "submitted")) {
      const raw = await fixture.carnet.services.validation.models.CompetenceRecord.findById(record.id).lean();
      expect(raw?.gradeSync.pending, record.competenceCode).to.equal(true);
      expect(raw?.gradeSync.version, record.competenceCode).to.equal(2); // requested, then decided
    }
    const progress = await fixture.carnet.services.validation.records.learnerProgress(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    expect(progress).to.include({ required: 24, validated: 16 });
    expect(progress.levels).to.have.length(16);

    // The page shows what was decided; the rest stays decidable.
    expect(text(saved)).to.contain("17 élément(s) décidé(s) sur 20");

    // The learner sees results, reasons and the timeline; comments are apart from decisions.
    const mine = await lea.browser.get(`${lea.base}/competences`);
    expect(text(mine)).to.contain("16 compétence(s) validée(s) sur 24");
    expect(text(mine)).to.contain("Pas encore validée — à compléter");
    expect(mine.text).to.not.match(/refus/i);
    const c02 = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C02`);
    expect(text(c02)).to.contain("Précisez ce que les élèves ont produit");
    expect(text(c02)).to.contain("Compléter et renvoyer");
    const c03 = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C03`);
    const exchanges = c03.text.slice(c03.text.indexOf('id="exchanges"'));
    const timeline = c03.text.slice(
      c03.text.indexOf('id="timeline-title"'),
      c03.text.indexOf('id="exchanges"'),
    );
    expect(exchanges).to.contain("Pensez à citer vos sources");
    expect(timeline).to.not.contain("Pensez à citer vos sources");
    const c01 = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C01`);
    expect(text(c01)).to.contain("Validée");
    expect(text(c01)).to.contain("Séquence convaincante, usage pertinent du tableur");
    expect(text(c01)).to.contain("Fanny Formatrice (formateur·rice du cours · en ligne)");
    expect(text(c01)).to.contain("Demande de validation");
    const learnerNotes = await lea.browser.get(`${lea.base}/notifications`);
    expect(text(learnerNotes)).to.contain(
      "Fanny Formatrice a répondu à votre demande : 16 validées, 1 pas encore validée, à compléter, 1 commentaire",
    );
  });
});
