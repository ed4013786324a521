// Every portfolio form posted with missing, malformed or over-long fields: a 400 page with the form
// shown again, what was typed kept and a message next to the field — never a 500, nothing saved.
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  createTrace,
  csrfOf,
  launchAs,
  ROLE,
  submit,
  unique,
  type Session,
} from "../../support/portfolio.js";
import { decodeEntities, type BrowserResponse } from "../../support/sim-lms/index.js";

/** The refused page: 400, the form-error summary, and each typed value still in the form. */
function expectRefused(response: BrowserResponse, kept: readonly string[]): string {
  expect(response.status, response.text.slice(0, 300)).to.equal(400);
  const text = decodeEntities(response.text);
  expect(text).to.contain("Le formulaire n'a pas été enregistré");
  for (const value of kept) expect(text, value.slice(0, 40)).to.contain(value);
  return text;
}

describe("portfolio: forms refused with what was typed", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  const admin = (): Promise<Session> =>
    launchAs(fixture, {
      sub: unique("admin"),
      name: "Admin Formulaires",
      roles: [ROLE.admin, ROLE.instructor],
      context: { id: unique("admin-course"), title: "Administration" },
    });

  describe("adding a trace type", () => {
    it("keeps the sections typed when the name is missing", async () => {
      const session = await admin();
      const url = `${session.base}/admin/trace-types`;
      const csrf = csrfOf((await session.browser.get(url)).text);
      const refused = await session.browser.post(url, {
        _csrf: csrf,
        nameEn: "Thesis sheet",
        section_0_titleFr: "Projet de thèse",
        section_0_guidanceFr: "Sujet, directeur ou directrice",
        section_2_titleEn: "Without a French title",
      });
      const text = expectRefused(refused, [
        "Thesis sheet",
        "Projet de thèse",
        "Sujet, directeur ou directrice",
      ]);
      expect(text).to.contain("Ce champ est obligatoire.");
      expect(refused.text).to.match(/id="nameFr"[^>]*aria-invalid="true"/);
      // The third slot's missing French title is named on that slot.
      expect(refused.text).to.match(/id="section_2_titleFr"[^>]*aria-invalid="true"/);
      const page = decodeEntities((await session.browser.get(url)).text);
      expect(page).not.to.contain("Thesis sheet");
    });

    it("refuses an over-long name and a form without any section, never a 500", async () => {
      const session = await admin();
      const url = `${session.base}/admin/trace-types`;
      const csrf = csrfOf((await session.browser.get(url)).text);
      const long = "Nom ".repeat(40);
      const tooLong = await session.browser.post(url, {
        _csrf: csrf,
        nameFr: long,
        section_0_titleFr: "Partie",
      });
      expect(expectRefused(tooLong, [long.trim()])).to.contain("Ce texte est trop long.");
      const huge = await session.browser.post(url, { _csrf: csrf, nameFr: "x".repeat(5000) });
      expectRefused(huge, []);
      const noSection = await session.browser.post(url, [
        ["_csrf", csrf],
        ["nameFr", "Sans partie"],
        ["nameFr", "en double"],
      ]);
      expectRefused(noSection, ["Sans partie"]);
      expect(noSection.text).to.match(/id="section_0_titleFr"[^>]*aria-invalid="true"/);
    });

    it("answers 404 to a malformed or an unknown type key", async () => {
      const session = await admin();
      const url = `${session.base}/admin/trace-types`;
      const csrf = csrfOf((await session.browser.get(url)).text);
      const malformed = await session.browser.post(`${url}/Not%20A%20Key/archive`, { _csrf: csrf });
      expect(malformed.status).to.equal(404);
      const unknown = await session.browser.post(`${url}/no-such-type/archive`, {
        _csrf: csrf,
        archived: "maybe",
      });
      expect(unknown.status).to.equal(404);
    });
  });

  describe("the portfolio's views", () => {
    it("ignore a malformed framework and answer 404 to a malformed learner id", async () => {
      const session = await admin();
      for (const view of ["coverage", "by-competence"]) {
        const page = await session.browser.get(
          `${session.base}/traces/${view}?framework=${"x".repeat(500)}&framework=y`,
        );
        expect(page.status, view).to.equal(200);
      }
      const learner = await session.browser.get(`${session.base}/learners/${"z".repeat(300)}/traces`);
      expect(learner.status).to.equal(404);
    });
  });

  describe("the trace editor", () => {
    const learner = (): Promise<Session> =>
      launchAs(fixture, {
        sub: unique("learner"),
        name: "Léa Formulaires",
        roles: [ROLE.learner],
        context: { id: unique("course"), title: "Cours formulaires" },
      });

    it("keeps the text of a new trace whose title is too long, whose date is not a date", async () => {
      const session = await learner();
      const csrf = csrfOf((await session.browser.get(`${session.base}/traces/new/rsca`)).text);
      const refused = await session.browser.post(`${session.base}/traces`, {
        _csrf: csrf,
        typeKey: "rsca",
        title: "T".repeat(201),
        date: "2026-02-30",
        placement: "SASPAS",
        body_recit: "Un récit précieux.",
        progress_recit: "not-a-progress",
        intent: "save",
      });
      const text = expectRefused(refused, ["Un récit précieux.", "SASPAS", "T".repeat(201)]);
      expect(text).to.contain("Ce texte est trop long.");
      expect(text).to.contain("Indiquez une date valide");
      expect(refused.text).to.match(/id="date"[^>]*aria-invalid="true"/);
      const list = decodeEntities((await session.browser.get(`${session.base}/traces`)).text);
      expect(list).to.contain("Votre portfolio est encore vide");
    });

    it("refuses a section over 50,000 characters and a tag from nowhere, keeping the rest", async () => {
      const session = await learner();
      const { id } = await createTrace(session, "note", { title: "Déjà là", body_note: "Texte sauvé." });
      const editor = await session.browser.get(`${session.base}/traces/${id}/edit`);
      const csrf = csrfOf(editor.text);
      const huge = await session.browser.post(`${session.base}/traces/${id}`, {
        _csrf: csrf,
        title: "Titre tapé",
        date: "2026-01-10",
        body_note: "x".repeat(50_001),
        revision: "1",
        intent: "save",
      });
      expectRefused(huge, ["Titre tapé"]);
      expect(huge.text).to.match(/id="body_note"[^>]*aria-invalid="true"/);
      const tagged = await session.browser.post(`${session.base}/traces/${id}`, [
        ["_csrf", csrf],
        ["title", "Titre tapé"],
        ["date", "2026-01-10"],
        ["body_note", "Texte modifié."],
        ["revision", "1"],
        ["frameworkId", "no-such-framework"],
        ["competence", "nowhere"],
        ["intent", "save"],
      ]);
      expect(expectRefused(tagged, ["Texte modifié."])).to.contain("n'existent pas dans ce référentiel");
      const saved = decodeEntities((await session.browser.get(`${session.base}/traces/${id}`)).text);
      expect(saved).to.contain("Texte sauvé.");
      expect(saved).not.to.contain("Version 2");
    });

    it("answers 404 to an unknown type and a malformed trace id, never a 500", async () => {
      const session = await learner();
      const csrf = csrfOf((await session.browser.get(`${session.base}/traces/new/note`)).text);
      const noType = await session.browser.post(`${session.base}/traces`, { _csrf: csrf, title: "x" });
      expect(noType.status).to.equal(404);
      const malformed = await session.browser.post(`${session.base}/traces/not-an-id`, {
        _csrf: csrf,
        title: "x",
      });
      expect(malformed.status).to.equal(404);
      expect((await session.browser.get(`${session.base}/traces/new/Not_A_Type`)).status).to.equal(404);
    });
  });

  describe("the trace page's forms", () => {
    /** A learner's trace shared with the course, and a teacher of that course reading it. */
    async function sharedTrace(): Promise<{ learner: Session; teacher: Session; id: string }> {
      const course = { id: unique("course"), title: "Cours partage" };
      const learner = await launchAs(fixture, {
        sub: unique("learner"),
        name: "Léo Partage",
        roles: [ROLE.learner],
        context: course,
      });
      const teacher = await launchAs(fixture, {
        sub: unique("teacher"),
        name: "Tess Formatrice",
        roles: [ROLE.instructor],
        context: course,
      });
      const { id, page } = await createTrace(learner, "note", { title: "À relire", body_note: "Texte." });
      const shared = await submit(learner, page, `/traces/${id}/share`, { visibility: "tutors" });
      expect(shared.status).to.equal(200);
      return { learner, teacher, id };
    }

    it("keeps a comment that is empty or too long, and saves nothing", async () => {
      const { teacher, id } = await sharedTrace();
      const url = `${teacher.base}/traces/${id}`;
      const csrf = csrfOf((await teacher.browser.get(url)).text);
      const empty = await teacher.browser.post(`${url}/comments`, { _csrf: csrf, body: "   " });
      expectRefused(empty, []);
      expect(empty.text).to.match(/id="body"[^>]*aria-invalid="true"/);
      const long = `Commentaire tapé ${"x".repeat(10_000)}`;
      const tooLong = await teacher.browser.post(`${url}/comments`, { _csrf: csrf, body: long });
      expect(expectRefused(tooLong, [long])).to.contain("Ce texte est trop long.");
      const page = decodeEntities((await teacher.browser.get(url)).text);
      expect(page).not.to.contain("Commentaire tapé");
    });

    it("keeps a decision's reason when the outcome is missing or not one, and decides nothing", async () => {
      const { teacher, id } = await sharedTrace();
      const url = `${teacher.base}/traces/${id}`;
      const csrf = csrfOf((await teacher.browser.get(url)).text);
      for (const outcome of [undefined, "accepted-maybe", ["validated", "to_rework"]]) {
        const fields: [string, string][] = [
          ["_csrf", csrf],
          ["reason", "Motif tapé avec soin."],
          ...[outcome ?? []].flat().map((value): [string, string] => ["outcome", value]),
        ];
        const refused = await teacher.browser.post(`${url}/decision`, fields);
        expectRefused(refused, ["Motif tapé avec soin."]);
        expect(refused.text).to.match(/id="outcome"[^>]*aria-invalid="true"/);
      }
      const missingReason = await teacher.browser.post(`${url}/decision`, {
        _csrf: csrf,
        outcome: "validated",
      });
      expectRefused(missingReason, []);
      expect(missingReason.text).to.match(/id="reason"[^>]*aria-invalid="true"/);
      const page = decodeEntities((await teacher.browser.get(url)).text);
      expect(page).not.to.contain("Motif tapé avec soin.");
      expect(page).to.contain("Pas encore de décision.");
    });

    it("keeps a link that is not a web address, or too long, with its label", async () => {
      const { learner, id } = await sharedTrace();
      const url = `${learner.base}/traces/${id}`;
      const csrf = csrfOf((await learner.browser.get(url)).text);
      const scripted = await learner.browser.post(`${url}/links`, {
        _csrf: csrf,
        url: "javascript:alert(1)",
        label: "Mon libellé",
      });
      expect(expectRefused(scripted, ["Mon libellé"])).to.contain("seules les adresses web complètes");
      expect(scripted.text).to.match(/id="url"[^>]*aria-invalid="true"/);
      const long = `https://example.org/${"a".repeat(2_100)}`;
      const tooLong = await learner.browser.post(`${url}/links`, { _csrf: csrf, url: long, label: "Long" });
      expectRefused(tooLong, [long, "Long"]);
      const page = decodeEntities((await learner.browser.get(url)).text);
      expect(page).not.to.contain("Mon libellé");
    });

    it("refuses an audience or a visibility that is not one, keeping the trace shared as it was", async () => {
      const { learner, teacher, id } = await sharedTrace();
      const url = `${learner.base}/traces/${id}`;
      const csrf = csrfOf((await learner.browser.get(url)).text);
      // (Nothing ticked is not a refusal: it keeps the trace to its author — issue 11.)
      const fields: [string, string][] = [
        ["visibility", "everyone"],
        ["visibility", "x".repeat(5_000)],
        ["audience", "everyone"],
      ];
      for (const [name, value] of fields) {
        const refused = await learner.browser.post(`${url}/share`, { _csrf: csrf, [name]: value });
        expectRefused(refused, []);
        expect(refused.text).to.match(/id="audience"[^>]*aria-invalid="true"/);
      }
      expect((await teacher.browser.get(`${teacher.base}/traces/${id}`)).status).to.equal(200);
    });
  });
});
