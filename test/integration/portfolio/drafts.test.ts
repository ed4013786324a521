import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace, editTrace, launchAs, ROLE, unique, type Session } from "../../support/portfolio.js";
import { decodeEntities, parseForms, type BrowserResponse } from "../../support/sim-lms/index.js";

const JSON_ACCEPT = { headers: { accept: "application/json" } };

/** The editor's form fields as the page shows them, with these typed over them. */
function editorFields(editor: BrowserResponse, typed: Record<string, string>): [string, string][] {
  const form = parseForms(editor.text).find((candidate) => candidate.fields.typeKey !== undefined);
  if (!form) throw new Error("no editor form");
  const kept = form.entries.filter(([name]) => !(name in typed) && name !== "intent");
  return [...kept, ...Object.entries(typed)];
}

function textareaOf(html: string, name: string): string {
  const match = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return decodeEntities(match?.[1] ?? "");
}

describe("portfolio: drafts of traces being written", () => {
  let fixture: LtiFixture;

  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  const learner = (context = unique("des-mg"), sub = unique("learner")): Promise<Session> =>
    launchAs(fixture, {
      sub,
      name: "Léa Interne",
      roles: [ROLE.learner],
      context: { id: context, title: "DES MG — phase socle" },
    });

  it("keeps a new RSCA's draft sent by the script, restores it in the editor, and drops it once the trace is saved", async () => {
    const session = await learner();
    const editor = await session.browser.get(`${session.base}/traces/new/rsca`);
    const story = "Un samedi soir, un homme de 58 ans consulte pour une douleur thoracique…";
    const saved = await session.browser.post(
      `${session.base}/traces/new/rsca/draft`,
      editorFields(editor, { title: "Douleur thoracique", body_recit: story, progress_recit: "draft" }),
      JSON_ACCEPT,
    );
    expect(saved.status, saved.text).to.equal(200);
    const answer: unknown = JSON.parse(saved.text);
    expect(answer).to.have.property("savedAt").that.is.a("string");

    const reopened = await session.browser.get(`${session.base}/traces/new/rsca`);
    const page = decodeEntities(reopened.text);
    expect(page).to.match(/Brouillon du \d{1,2} [a-zé.]+ à \d{2}:\d{2} restauré/);
    expect(textareaOf(reopened.text, "body_recit")).to.equal(story);
    expect(reopened.text).to.match(/id="title"[^>]*value="Douleur thoracique"/);
    expect(page).to.contain("Abandonner le brouillon");
    // The type chooser marks the type with a draft waiting, and only it.
    const chooser = await session.browser.get(`${session.base}/traces/new`);
    const cards = chooser.text.split('<li class="card type-card">').slice(1);
    const drafted = cards.filter((card) => card.includes("Brouillon en cours"));
    expect(drafted).to.have.length(1);
    expect(drafted[0]).to.contain("/traces/new/rsca");
    // Another type's editor is another slot: it neither shows nor overwrites the RSCA's draft.
    const note = await session.browser.get(`${session.base}/traces/new/note`);
    expect(decodeEntities(note.text)).to.not.contain(story);

    const { page: tracePage } = await createTrace(session, "rsca", {
      title: "Douleur thoracique",
      date: "2026-12-06",
      body_recit: story,
    });
    expect(decodeEntities(tracePage.text)).to.contain("Trace enregistrée");
    const afterSave = await session.browser.get(`${session.base}/traces/new/rsca`);
    expect(decodeEntities(afterSave.text)).to.not.contain("restauré");
    expect(textareaOf(afterSave.text, "body_recit")).to.equal("");
  });

  it("saves the draft with its button when there is no script, and discards it on request", async () => {
    const session = await learner();
    const editor = await session.browser.get(`${session.base}/traces/new/note`);
    const form = parseForms(editor.text).find((candidate) => candidate.fields.typeKey === "note");
    expect(editor.text).to.contain(`formaction="${new URL(session.base).pathname}/traces/new/note/draft"`);
    expect(form).to.not.equal(undefined);
    const saved = await session.browser.post(
      `${session.base}/traces/new/note/draft`,
      editorFields(editor, {
        title: "",
        body_note: "Notes d'une séance, sans titre encore",
        intent: "draft",
      }),
      { followRedirects: false },
    );
    expect(saved.status).to.equal(303);
    expect(saved.location).to.match(/\/traces\/new\/note\?draft=saved$/);
    const shown = await session.browser.follow(saved);
    expect(decodeEntities(shown.text)).to.contain("Brouillon enregistré.");
    expect(textareaOf(shown.text, "body_note")).to.equal("Notes d'une séance, sans titre encore");

    const discard = parseForms(shown.text).find((candidate) => candidate.action.endsWith("/draft/discard"));
    expect(discard?.fields._csrf).to.be.a("string");
    const discarded = await session.browser.post(`${session.base}/traces/new/note/draft/discard`, {
      _csrf: discard?.fields._csrf ?? "",
    });
    expect(decodeEntities(discarded.text)).to.contain("Brouillon abandonné.");
    expect(textareaOf(discarded.text, "body_note")).to.equal("");
  });

  it("restores a saved trace's draft in its editor; the draft belongs to its writer only", async () => {
    const session = await learner();
    const { id } = await createTrace(session, "note", { title: "Lecture", body_note: "Première version." });
    const editor = await session.browser.get(`${session.base}/traces/${id}/edit`);
    const typed = "Première version, reprise et complétée.";
    const saved = await session.browser.post(
      `${session.base}/traces/${id}/draft`,
      editorFields(editor, { body_note: typed }),
      JSON_ACCEPT,
    );
    expect(saved.status).to.equal(200);
    const reopened = await session.browser.get(`${session.base}/traces/${id}/edit`);
    expect(textareaOf(reopened.text, "body_note")).to.equal(typed);
    expect(decodeEntities(reopened.text)).to.contain("restauré");

    // Someone else (same course) cannot put a draft on this trace, nor learn that it exists.
    const other = await learner();
    const intruder = await other.browser.get(`${other.base}/traces/new/note`);
    const refused = await other.browser.post(
      `${other.base}/traces/${id}/draft`,
      editorFields(intruder, { body_note: "pris" }),
      JSON_ACCEPT,
    );
    expect(refused.status).to.equal(404);

    // Saving the trace drops its draft.
    const result = await editTrace(session, id, { body_note: typed });
    expect(decodeEntities(result.text)).to.contain("Nouvelle version enregistrée");
    const after = await session.browser.get(`${session.base}/traces/${id}/edit`);
    expect(decodeEntities(after.text)).to.not.contain("restauré");
  });

  it("keeps a new trace's draft in its course: the same person in another course starts empty", async () => {
    const sub = unique("learner");
    const first = await learner(unique("course-a"), sub);
    const editor = await first.browser.get(`${first.base}/traces/new/note`);
    await first.browser.post(
      `${first.base}/traces/new/note/draft`,
      editorFields(editor, { body_note: "Texte du cours A" }),
      JSON_ACCEPT,
    );
    const second = await learner(unique("course-b"), sub);
    const elsewhere = await second.browser.get(`${second.base}/traces/new/note`);
    expect(textareaOf(elsewhere.text, "body_note")).to.equal("");
    const back = await first.browser.get(`${first.base}/traces/new/note`);
    expect(textareaOf(back.text, "body_note")).to.equal("Texte du cours A");
  });

  it("warns when the trace was saved after its draft, and saving the draft then shows the conflict instead of overwriting", async () => {
    const session = await learner();
    const { id } = await createTrace(session, "note", { title: "Atelier", body_note: "Version 1." });
    const editor = await session.browser.get(`${session.base}/traces/${id}/edit`);
    await session.browser.post(
      `${session.base}/traces/${id}/draft`,
      editorFields(editor, { body_note: "Le brouillon d'un autre onglet." }),
      JSON_ACCEPT,
    );
    // Another tab saves revision 2 (its save drops the draft): the draft is written again afterwards.
    await session.browser.post(
      `${session.base}/traces/${id}`,
      editorFields(editor, { body_note: "Version 2 d'un autre onglet.", intent: "save" }),
    );
    await session.browser.post(
      `${session.base}/traces/${id}/draft`,
      editorFields(editor, { body_note: "Le brouillon d'un autre onglet." }),
      JSON_ACCEPT,
    );
    const reopened = await session.browser.get(`${session.base}/traces/${id}/edit`);
    expect(decodeEntities(reopened.text)).to.contain("La trace a été enregistrée depuis ce brouillon");
    const form = parseForms(reopened.text).find((candidate) => candidate.fields.typeKey === "note");
    expect(form?.fields.revision).to.equal("1");
    const conflict = await session.browser.post(
      `${session.base}/traces/${id}`,
      editorFields(reopened, { intent: "save" }),
    );
    expect(conflict.status).to.equal(409);
    const trace = await session.browser.get(`${session.base}/traces/${id}`);
    expect(decodeEntities(trace.text)).to.contain("Version 2 d'un autre onglet.");
  });
});
