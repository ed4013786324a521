import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  createTrace,
  csrfOf,
  editTrace,
  launchAs,
  ROLE,
  submit,
  unique,
  type Session,
} from "../../support/portfolio.js";
import { decodeEntities, findLinks, parseForms } from "../../support/sim-lms/index.js";

describe("portfolio: writing traces", () => {
  let fixture: LtiFixture;
  let medicine: string;

  before(async () => {
    fixture = await startLtiFixture();
    const frameworks = await fixture.carnet.services.frameworks.list(fixture.platform._id);
    const found = frameworks.find((framework) => framework.key === "medecine-generale");
    if (!found) throw new Error("shipped framework medecine-generale not installed");
    medicine = found.id;
  });
  after(async () => {
    await fixture.close();
  });

  const learner = (): Promise<Session> =>
    launchAs(fixture, {
      sub: unique("learner"),
      name: "Léa Interne",
      roles: [ROLE.learner],
      context: { id: unique("des-mg"), title: "DES MG — phase socle" },
    });

  it("offers every type on the new-trace page, and the RSCA editor shows its four sections with guidance", async () => {
    const session = await learner();
    const chooser = await session.browser.get(`${session.base}/traces/new`);
    expect(chooser.status).to.equal(200);
    const text = decodeEntities(chooser.text);
    for (const name of [
      "RSCA",
      "Trace d'apprentissage",
      "Vignette clinique",
      "Séquence",
      "Ressource produite",
      "Compte rendu de stage",
      "Note libre",
    ]) {
      expect(text).to.contain(name);
    }
    const editorLink = findLinks(chooser.text).find((link) => link.href.endsWith("/traces/new/rsca"));
    expect(editorLink).to.not.equal(undefined);
    const editor = await session.browser.get(`${session.base}/traces/new/rsca`);
    const page = decodeEntities(editor.text);
    for (const section of ["Récit", "Analyse", "Recherche", "Synthèse"])
      expect(page).to.contain(`>${section}</h2>`);
    expect(page).to.match(/Les problèmes que pose la situation/);
    expect(page).to.contain("Ne nommez ni patient");
    const form = parseForms(editor.text).find((candidate) => candidate.action.endsWith("/traces"));
    expect(form?.fields._csrf).to.be.a("string");
    expect(Object.keys(form?.fields ?? {})).to.include.members([
      "body_recit",
      "body_analyse",
      "body_recherche",
      "body_synthese",
      "progress_recit",
      "progress_synthese",
    ]);
  });

  it("creates an RSCA with its four sections and their progress, then edits it into a new revision", async () => {
    const session = await learner();
    const { id, page } = await createTrace(session, "rsca", {
      title: "Douleur thoracique un samedi soir",
      date: "2026-02-14",
      placement: "SASPAS S5",
      body_recit: "Un patient de 58 ans consulte pour une douleur thoracique.",
      progress_recit: "done",
      body_analyse: "Problèmes : urgence possible, anxiété.",
      progress_analyse: "draft",
      body_recherche: "",
      progress_recherche: "empty",
      body_synthese: "",
      progress_synthese: "empty",
    });
    const text = decodeEntities(page.text);
    expect(text).to.contain("Trace enregistrée (version 1)");
    expect(text).to.contain("Douleur thoracique un samedi soir");
    expect(text).to.contain("SASPAS S5");
    expect(text).to.match(/1 \/ 4 parties terminées/);
    expect(text).to.contain("Brouillon");
    expect(text).to.contain("Privée");

    const edited = await editTrace(session, id, {
      body_recherche: "Recommandations HAS sur la douleur thoracique.",
      progress_recherche: "done",
      body_analyse: "Problèmes : urgence possible, anxiété, isolement social.",
    });
    expect(edited.status).to.equal(200);
    expect(decodeEntities(edited.text)).to.contain("Nouvelle version enregistrée");
    expect(decodeEntities(edited.text)).to.match(/2 \/ 4 parties terminées/);

    const list = await session.browser.get(`${session.base}/traces`);
    expect(decodeEntities(list.text)).to.contain("Douleur thoracique un samedi soir");
    expect(list.text).to.match(/<progress class="meter" max="100" value="63"/);
    const home = await session.browser.get(`${session.base}/`);
    expect(decodeEntities(home.text)).to.contain("Bonjour Léa Interne");
    expect(decodeEntities(home.text)).to.contain("Douleur thoracique un samedi soir");
    expect(decodeEntities(home.text)).to.contain("Nouvelle trace");
  });

  it("keeps every revision and compares two of them word by word", async () => {
    const session = await learner();
    const { id } = await createTrace(session, "note", {
      title: "Lecture",
      body_note: "Le patient arrive tard.",
    });
    await editTrace(session, id, { body_note: "Le patient arrive très tard le soir." });
    await editTrace(session, id, { title: "Lecture du soir" });

    const trace = await session.browser.get(`${session.base}/traces/${id}`);
    const text = decodeEntities(trace.text);
    expect(text).to.contain("Version 3");
    expect(text).to.contain("Version 2");
    expect(text).to.contain("Version 1");

    const first = await session.browser.get(`${session.base}/traces/${id}/revisions/1`);
    expect(first.status).to.equal(200);
    expect(decodeEntities(first.text)).to.contain("Le patient arrive tard.");
    expect(decodeEntities(first.text)).not.to.contain("très tard");

    const compare = await session.browser.get(`${session.base}/traces/${id}/compare?from=1&to=3`);
    expect(compare.status).to.equal(200);
    expect(compare.text).to.match(/<ins>[^<]*très[^<]*<\/ins>/);
    expect(compare.text).to.match(/<ins>[^<]*du soir[^<]*<\/ins>|<ins>[^<]*soir[^<]*<\/ins>/);

    const missing = await session.browser.get(`${session.base}/traces/${id}/revisions/9`);
    expect(missing.status).to.equal(404);
  });

  it("does not make a revision when nothing changed", async () => {
    const session = await learner();
    const { id } = await createTrace(session, "note", { title: "Idée", body_note: "Une idée." });
    const same = await editTrace(session, id, {});
    expect(decodeEntities(same.text)).to.contain("Aucune modification");
    expect(decodeEntities(same.text)).not.to.contain("Version 2");
  });

  it("never overwrites a save made in between: the stale editor gets its text back", async () => {
    const session = await learner();
    const { id } = await createTrace(session, "note", { title: "Deux onglets", body_note: "Départ." });
    const staleEditor = await session.browser.get(`${session.base}/traces/${id}/edit`);
    await editTrace(session, id, { body_note: "Écrit dans le premier onglet." });
    const stale = await submit(session, staleEditor, `/traces/${id}`, {
      body_note: "Écrit dans le second onglet.",
      intent: "save",
    });
    expect(stale.status).to.equal(409);
    expect(decodeEntities(stale.text)).to.contain("Rien n'a été écrasé");
    expect(decodeEntities(stale.text)).to.contain("Écrit dans le second onglet.");
    const current = await session.browser.get(`${session.base}/traces/${id}`);
    expect(decodeEntities(current.text)).to.contain("Écrit dans le premier onglet.");
    // Saving again from the page shown makes the new version.
    const retry = await submit(session, stale, `/traces/${id}`, { intent: "save" });
    expect(retry.status).to.equal(200);
    expect(decodeEntities(retry.text)).to.contain("Écrit dans le second onglet.");
  });

  it("refuses an empty title without losing what was typed", async () => {
    const session = await learner();
    const editor = await session.browser.get(`${session.base}/traces/new/note`);
    const refused = await submit(session, editor, "/traces", {
      title: "  ",
      body_note: "Un texte précieux.",
      intent: "save",
    });
    expect(refused.status).to.equal(400);
    expect(decodeEntities(refused.text)).to.contain("Ce champ est obligatoire.");
    expect(decodeEntities(refused.text)).to.contain("Un texte précieux.");
    const list = await session.browser.get(`${session.base}/traces`);
    expect(decodeEntities(list.text)).to.contain("Votre portfolio est encore vide");
  });

  it("warns, without blocking, when a section seems to name a patient", async () => {
    const session = await learner();
    const { page } = await createTrace(session, "rsca", {
      title: "Visite à domicile",
      body_recit: "Je suis allée voir Mme Lefèvre chez elle, puis le patient Jean Dupont.",
    });
    const text = decodeEntities(page.text);
    expect(text).to.contain("Trace enregistrée");
    expect(text).to.contain("Un nom de personne, peut-être ?");
    expect(text).to.contain("Mme Lefèvre");
    expect(text).to.contain("patient Jean Dupont");
  });

  it("tags competences with a claimed level and families of situations from the chosen framework", async () => {
    const context = { id: unique("des-mg"), title: "DES MG — phase socle" };
    const session = await launchAs(fixture, {
      sub: unique("learner"),
      name: "Léa Interne",
      roles: [ROLE.learner],
      context,
    });
    // Learners choose among their course's frameworks only: this course uses general medicine by
    // default, and another framework in one of its placements.
    const course = {
      platformId: fixture.platform._id,
      deploymentId: fixture.tool.deploymentIds[0] ?? "1",
      contextId: context.id,
    };
    await fixture.carnet.services.courseSettings.update(course, { frameworkId: medicine }, "test");
    const other = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).find(
      (framework) => framework.id !== medicine,
    );
    if (!other) throw new Error("a second framework is needed");
    await fixture.carnet.services.models.Placement.create({
      _id: unique("placement"),
      ...course,
      resourceLinkId: unique("rl"),
      view: "portfolio",
      frameworkId: other.id,
    });
    const editor = await session.browser.get(`${session.base}/traces/new/rsca`);
    // Switching the framework keeps the text typed so far.
    const reframed = await submit(session, editor, "/traces", {
      title: "Suivi d'un diabétique",
      body_recit: "Texte déjà tapé.",
      intent: "reframe",
      framework: medicine,
    });
    expect(reframed.status).to.equal(200);
    expect(decodeEntities(reframed.text)).to.contain("Texte déjà tapé.");
    expect(decodeEntities(reframed.text)).to.contain("Approche globale");
    const form = parseForms(reframed.text).find((candidate) => candidate.action.endsWith("/traces"));
    if (!form) throw new Error("no editor form");
    const saved = await session.browser.post(`${session.base}/traces`, [
      ...form.entries.filter(([name]) => name !== "intent" && name !== "level:approche-globale"),
      ["competence", "approche-globale"],
      ["level:approche-globale", "intermediaire"],
      ["competence", "continuite-coordination"],
      ["situation", "F1"],
      ["intent", "save"],
    ]);
    expect(saved.status).to.equal(200);
    const text = decodeEntities(saved.text);
    expect(text).to.contain("Compétences et situations");
    expect(text).to.match(/Approche globale[^<]*— <em>intermédiaire<\/em>/);
    expect(text).to.contain("pathologies chroniques");

    const coverage = await session.browser.get(`${session.base}/traces/coverage?framework=${medicine}`);
    expect(coverage.status).to.equal(200);
    const coverageText = decodeEntities(coverage.text);
    expect(coverageText).to.contain("2 compétences sur 6 ont au moins une trace (33 %)");
    expect(coverageText).to.contain("Sans trace");
    const byCompetence = await session.browser.get(`${session.base}/traces/by-competence`);
    expect(decodeEntities(byCompetence.text)).to.contain("Suivi d'un diabétique");

    // Switching frameworks back and forth while editing never unticks what the trace saved.
    const traceId = /\/traces\/([0-9a-f-]{36})/.exec(saved.url)?.[1] ?? "";
    const edit = await session.browser.get(`${session.base}/traces/${traceId}/edit`);
    expect(edit.text).to.match(/value="approche-globale" checked/);
    const away = await submit(session, edit, `/traces/${traceId}`, {
      intent: "reframe",
      framework: other.id,
    });
    expect(away.text).not.to.contain('value="approche-globale"');
    expect(decodeEntities(away.text)).to.contain("Tags posés avec un autre référentiel");
    const back = await submit(session, away, `/traces/${traceId}`, {
      intent: "reframe",
      framework: medicine,
    });
    expect(back.text).to.match(/value="approche-globale" checked/);
    const resaved = await submit(session, back, `/traces/${traceId}`, { intent: "save" });
    expect(decodeEntities(resaved.text)).to.match(/Approche globale[^<]*— <em>intermédiaire<\/em>/);

    const unknownTag = await session.browser.post(`${session.base}/traces`, [
      ...form.entries.filter(([name]) => name !== "intent"),
      ["competence", "not-a-competence"],
      ["intent", "save"],
    ]);
    expect(unknownTag.status).to.equal(400);
  });

  it("lets a platform administrator add a trace type that learners can then use", async () => {
    const admin = await launchAs(fixture, {
      sub: unique("admin"),
      name: "Admin Plateforme",
      roles: [ROLE.admin, ROLE.instructor],
      context: { id: unique("admin-course"), title: "Administration" },
    });
    const page = await admin.browser.get(`${admin.base}/admin/trace-types`);
    expect(page.status).to.equal(200);
    const added = await submit(admin, page, "/admin/trace-types", {
      nameFr: "Fiche de thèse",
      nameEn: "Thesis sheet",
      section_0_titleFr: "Projet",
      section_0_guidanceFr: "Sujet\nDirecteur ou directrice",
      section_1_titleFr: "Difficultés",
    });
    expect(added.status).to.equal(200);
    expect(decodeEntities(added.text)).to.contain("Type de trace ajouté");

    const session = await learner();
    const chooser = await session.browser.get(`${session.base}/traces/new`);
    const link = findLinks(chooser.text).find((candidate) => candidate.text.includes("Fiche de thèse"));
    if (!link) throw new Error("custom type not offered");
    const editor = await session.browser.get(new URL(link.href, session.base).toString());
    expect(decodeEntities(editor.text)).to.contain("Directeur ou directrice");
    const typeKey = /\/traces\/new\/([\w-]+)$/.exec(link.href)?.[1] ?? "";
    const { page: trace } = await createTrace(session, typeKey, {
      title: "Ma thèse",
      body_projet: "Le sujet.",
    });
    expect(decodeEntities(trace.text)).to.contain("Fiche de thèse");

    const learnerAdmin = await session.browser.get(`${session.base}/admin/trace-types`);
    expect(learnerAdmin.status).to.equal(404);
    const forged = await session.browser.post(`${session.base}/admin/trace-types`, {
      _csrf: csrfOf(editor.text),
      nameFr: "Pirate",
      section_0_titleFr: "X",
    });
    expect(forged.status).to.equal(404);
  });

  it("refuses a form without its CSRF token", async () => {
    const session = await learner();
    const refused = await session.browser.post(`${session.base}/traces`, {
      typeKey: "note",
      title: "Sans jeton",
      intent: "save",
    });
    expect(refused.status).to.equal(403);
  });
});
