import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace, csrfOf } from "../../support/portfolio.js";
import {
  decide,
  formOf,
  launch,
  learner,
  mainText,
  requestValidation,
  ROLE,
  setupCourse,
  text,
  trainer,
  unique,
} from "../../support/validation.js";

const MENTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor";

describe("validation: routes without a request, tutoring groups, referent and settings", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  async function postForm(
    session: Awaited<ReturnType<typeof trainer>>,
    page: { text: string; url: string },
    marker: string,
    fields: Record<string, string>,
  ) {
    const forms = [...page.text.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].filter((m) =>
      m[2]?.includes(marker),
    );
    const form = forms[0];
    if (!form?.[1]) throw new Error(`no form with ${marker}`);
    const hidden = Object.fromEntries(
      [...(form[2] ?? "").matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1] ?? "",
        m[2] ?? "",
      ]),
    );
    return session.browser.post(new URL(form[1].replace(/&amp;/g, "&"), page.url).toString(), {
      ...hidden,
      ...fields,
    });
  }

  it("keeps the learner's self-assessments as a history, apart from validation, and exchanges as comments", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course);
    const fanny = await trainer(fixture, course);
    const { id: traceId } = await createTrace(lea, "note", {
      title: "Journal de bord",
      body_note: "Semaine 3.",
    });
    const url = `${lea.base}/competences/${course.frameworkId}/C01`;
    for (const [level, why] of [
      ["novice", "Je découvre"],
      ["intermediaire", "Je progresse avec mes classes"],
    ] as const) {
      const page = await lea.browser.get(url);
      const saved = await postForm(lea, page, 'name="level"', { level, comment: why, traceIds: traceId });
      expect(saved.status).to.equal(200);
    }
    const page = await lea.browser.get(url);
    const body = text(page);
    expect(body).to.contain("Auto-évaluée");
    expect(body).to.match(/intermédiaire actuelle Je progresse avec mes classes .*novice Je découvre/);
    const history = await fixture.carnet.services.validation.models.SelfAssessment.find({
      learnerId: await lea.userId(),
    }).lean();
    expect(history.map((entry) => entry.level)).to.have.members(["novice", "intermediaire"]);
    expect(history[0]?.traceRevisions).to.deep.equal([1]);
    const [record] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    expect(record?.state).to.equal("self_assessed");
    expect(record?.level).to.equal(undefined);

    // A comment is an exchange: it notifies the course's trainers and changes no state.
    const commented = await postForm(lea, page, 'name="comment" rows="3" required', {
      comment: "Pouvez-vous regarder mon journal ?",
    });
    expect(commented.status).to.equal(200);
    const notifications = await fanny.browser.get(`${fanny.base}/notifications`);
    expect(text(notifications)).to.contain("Léa Stagiaire a écrit un commentaire sur C01");
    const read = await postForm(fanny, notifications, "Tout marquer comme lu", {});
    expect(read.status).to.equal(200);
    expect(
      await fixture.carnet.services.validation.notifications.unreadCount(
        course.scope.platformId,
        await fanny.userId(),
      ),
    ).to.equal(0);
    const [after] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    expect(after?.rev).to.equal(record?.rev);
  });

  it("records a validation by observation with its note and channel", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course);
    const fanny = await trainer(fixture, course);
    const leaId = await lea.userId();
    const page = await fanny.browser.get(
      `${fanny.base}/learners/${leaId}/competences/${course.frameworkId}/C03`,
    );
    expect(page.status).to.equal(200);
    const done = await postForm(fanny, page, 'value="observe"', {
      level: "competent",
      comment: "Séance observée en classe de 4e, tableur bien mené",
    });
    expect(done.status).to.equal(200);
    const [record] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      leaId,
      course.frameworkId,
    );
    expect(record?.state).to.equal("validated");
    expect(record?.timeline.at(-1)).to.include({
      action: "observe",
      channel: "observation",
      comment: "Séance observée en classe de 4e, tableur bien mené",
    });
    const seen = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C03`);
    expect(text(seen)).to.contain("Validation par observation");
    expect(text(seen)).to.contain("observation en stage");
  });

  it("lets a trainer propose a validation from a trace, which the learner accepts with a reflection", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course);
    const fanny = await trainer(fixture, course);
    const leaId = await lea.userId();
    const { id: traceId, page: tracePage } = await createTrace(lea, "note", {
      title: "Sortie au musée numérique",
      body_note: "Compte rendu.",
    });
    // The learner shares the trace with the course's trainers so they can read it.
    const shareForm = formOf(tracePage, "/share");
    await lea.browser.submitForm(tracePage, (form) => form.action === shareForm.action, {
      visibility: "tutors",
      courses: `${course.scope.deploymentId}|${course.context.id}`,
    });
    const page = await fanny.browser.get(
      `${fanny.base}/learners/${leaId}/competences/${course.frameworkId}/C01`,
    );
    const proposed = await postForm(fanny, page, 'value="propose"', {
      level: "competent",
      comment: "Cette sortie montre la compétence",
      traceIds: traceId,
    });
    expect(proposed.status).to.equal(200);
    expect(text(proposed)).to.contain("En attente de la réponse de l'apprenant·e");

    const notifications = await lea.browser.get(`${lea.base}/notifications`);
    expect(text(notifications)).to.contain("Fanny Formatrice vous propose de valider C01");
    const mine = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C01`);
    expect(text(mine)).to.contain("Une validation vous est proposée");
    const noReflection = await postForm(lea, mine, 'value="accept"', { answer: "accept", comment: "" });
    expect(noReflection.status).to.equal(400);
    const accepted = await postForm(lea, mine, 'value="accept"', {
      answer: "accept",
      comment: "J'y ai guidé les élèves sur les outils en ligne",
    });
    expect(accepted.status).to.equal(200);
    const [record] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      leaId,
      course.frameworkId,
    );
    expect(record?.state).to.equal("validated");
    expect(record?.approvals[0]?.validatorId).to.equal(await fanny.userId());
    expect(record?.evidence).to.deep.include({
      traceIds: [traceId],
      justification: "J'y ai guidé les élèves sur les outils en ligne",
    });
    expect(record?.timeline.map((e) => [e.action, e.channel])).to.deep.equal([
      ["propose", "proposal"],
      ["accept_proposal", "proposal"],
    ]);
  });

  it("validates from prior practice on a justification alone", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course);
    const fanny = await trainer(fixture, course);
    const sent = await requestValidation(
      lea,
      [{ code: "C02", justification: "Dix ans de formation d'adultes en entreprise" }],
      { basis: "prior_practice" },
    );
    expect(sent.status).to.equal(200);
    const queue = await fanny.browser.get(`${fanny.base}/validation/queue`);
    const link = /href="([^"]*\/validation\/requests\/[^"]+)"/.exec(queue.text)?.[1] ?? "";
    const page = await fanny.browser.get(new URL(link, queue.url).toString());
    expect(text(page)).to.contain("pratique antérieure");
    await decide(fanny, page, { C02: { decision: "validate", comment: "Pratique attestée" } });
    const [record] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    expect(record?.timeline.map((e) => e.channel)).to.deep.equal(["prior_practice", "prior_practice"]);
  });

  it("enters a field supervisor's paper form with its scan (PDF, JPEG or PNG only, checked by content)", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course);
    const lead = await trainer(fixture, course, "Régine Responsable");
    const leaId = await lea.userId();
    const url = `${lead.base}/learners/${leaId}/competences/${course.frameworkId}/C02/paper`;
    const page = await lead.browser.get(
      `${lead.base}/learners/${leaId}/competences/${course.frameworkId}/C02`,
    );
    const csrf = csrfOf(page.text);
    const send = async (name: string, type: string, bytes: Uint8Array): Promise<Response> => {
      const body = new FormData();
      body.append("_csrf", csrf);
      body.append("rev", "0");
      body.append("externalName", "M. Dupont, maître de stage");
      body.append("level", "competent");
      body.append("comment", "Fiche de visite du 12 mars : compétence observée");
      body.append("scan", new Blob([new Uint8Array(bytes)], { type }), name);
      const cookie = lead.browser.jar.cookieHeader(url);
      return fetch(url, { method: "POST", body, redirect: "manual", headers: cookie ? { cookie } : {} });
    };
    const disguised = await send(
      "fiche.pdf",
      "application/pdf",
      new TextEncoder().encode("<html>not a pdf</html>"),
    );
    expect(disguised.status).to.equal(400);
    expect(await disguised.text()).to.contain("La fiche doit être un PDF, un JPEG ou un PNG");
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const ok = await send("fiche-visite.pdf", "application/pdf", pdf);
    expect(ok.status).to.equal(303);
    const [record] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      leaId,
      course.frameworkId,
    );
    expect(record?.state).to.equal("validated");
    const entry = record?.timeline.at(-1);
    expect(entry).to.include({
      action: "record_paper",
      channel: "paper",
      externalName: "M. Dupont, maître de stage",
      actorId: await lead.userId(),
    });
    // The learner sees who signed and can open the scan; a stranger cannot.
    const seen = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C02`);
    expect(text(seen)).to.contain("Fiche signée par M. Dupont, maître de stage");
    const scanHref = /href="([^"]*\/scans\/[^"]+)"/.exec(seen.text)?.[1] ?? "";
    const scan = await lea.browser.get(new URL(scanHref, seen.url).toString());
    expect(scan.status).to.equal(200);
    expect(scan.headers.get("content-type")).to.equal("application/pdf");
    const stranger = await learner(fixture, course, "Autre Stagiaire");
    expect(
      (await stranger.browser.get(`${stranger.base}/scans/${scanHref.split("/scans/")[1] ?? ""}`)).status,
    ).to.equal(404);
  });

  it("groups learners with a tutor who then follows and validates them from another course, and shows the referent", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const other = await setupCourse(fixture, { leaves: 3 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const paulSub = unique("paul");
    // Paul is a mentor in this course and teaches another one.
    await launch(fixture, {
      sub: paulSub,
      name: "Paul Tuteur",
      email: "paul@example.test",
      roles: [MENTOR],
      context: course.context,
    });
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const leaId = await lea.userId();

    const page = await lead.browser.get(`${lead.base}/tutoring`);
    const groupForm = formOf(page, "/tutoring/groups");
    const tutorOption = /<option value="([^"]+)"[^>]*>Paul Tuteur<\/option>/.exec(page.text)?.[1] ?? "";
    const created = await lead.browser.post(new URL(groupForm.action, page.url).toString(), {
      _csrf: groupForm.fields._csrf ?? "",
      groupName: "Groupe A",
      tutorId: tutorOption,
    });
    expect(created.status).to.equal(200);
    const assignForm = formOf(created, "/tutoring/assign");
    const assigned = await lead.browser.post(new URL(assignForm.action, created.url).toString(), [
      ["_csrf", assignForm.fields._csrf ?? ""],
      ["learnerIds", leaId],
      ["groupId", assignForm.fields.groupId ?? ""],
    ]);
    expect(assigned.status).to.equal(200);
    expect(text(assigned)).to.contain("Groupe A");
    expect(text(assigned)).to.contain("Tuteur·rice : Paul Tuteur · 1 apprenant·e");

    // The learner's home names the referent (their tutor) with a way to write.
    const home = await lea.browser.get(`${lea.base}/`);
    expect(text(home)).to.contain("Votre référent·e Paul Tuteur — votre tuteur·rice");
    expect(home.text).to.contain('href="mailto:paul@example.test"');
    const sent = await requestValidation(lea, [{ code: "C01", justification: "Séance menée" }]);
    expect(sent.status).to.equal(200);
    const [record] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      leaId,
      course.frameworkId,
    );
    expect(record?.assignedValidatorIds).to.deep.equal([tutorOption]);

    // From the course he teaches, Paul sees his tutee first and decides her request.
    const paul = await launch(fixture, {
      sub: paulSub,
      name: "Paul Tuteur",
      roles: [ROLE.instructor],
      context: other.context,
    });
    const tutoring = await paul.browser.get(`${paul.base}/tutoring`);
    expect(text(tutoring)).to.contain("Mon tutoré (1)");
    expect(text(tutoring)).to.contain("Léa Stagiaire");
    const queue = await paul.browser.get(`${paul.base}/validation/queue`);
    expect(mainText(queue)).to.contain("Léa Stagiaire tutoré·e");
    const link = /href="([^"]*\/validation\/requests\/[^"]+)"/.exec(queue.text)?.[1] ?? "";
    const request = await paul.browser.get(new URL(link, queue.url).toString());
    expect(request.status).to.equal(200);
    await decide(paul, request, {
      C01: { decision: "validate", comment: "Vu en groupe d'échange de pratiques" },
    });
    const [after] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      leaId,
      course.frameworkId,
    );
    expect(after?.state).to.equal("validated");
    expect(after?.timeline.at(-1)).to.include({ actorRole: "tutor" });
  });

  it("lets the course's teachers set double validation, the reminder delay and a course referent", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const lea = await learner(fixture, course);
    const page = await lead.browser.get(`${lead.base}/course/settings`);
    expect(page.status).to.equal(200);
    const form = formOf(page, "/course/settings");
    const bad = await lead.browser.post(new URL(form.action, page.url).toString(), {
      _csrf: form.fields._csrf ?? "",
      validationsRequired: "2",
      reminderAfterDays: "0",
      referentUserId: "",
    });
    expect(bad.status).to.equal(400);
    const saved = await lead.browser.post(new URL(form.action, page.url).toString(), {
      _csrf: form.fields._csrf ?? "",
      validationsRequired: "2",
      reminderAfterDays: "7",
      referentUserId: await lead.userId(),
    });
    expect(saved.status).to.equal(200);
    expect(text(saved)).to.contain("Réglages enregistrés");
    const settings = await fixture.carnet.services.courseSettings.get(course.scope);
    expect(settings).to.include({
      validationsRequired: 2,
      reminderAfterDays: 7,
      referentUserId: await lead.userId(),
    });
    const mine = await lea.browser.get(`${lea.base}/competences`);
    expect(text(mine)).to.contain("Régine Responsable — référent·e du cours");
    expect(text(mine)).to.contain("deux validations distinctes sont nécessaires");
    expect((await lea.browser.get(`${lea.base}/course/settings`)).status).to.equal(403);
  });
});
