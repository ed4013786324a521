import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { launchAs, ROLE, unique, type Session } from "../../support/portfolio.js";
import { decodeEntities, parseForms, type BrowserResponse } from "../../support/sim-lms/index.js";

/** The editor's form fields as the page shows them, with these typed over them. */
function editorFields(editor: BrowserResponse, typed: Record<string, string>): [string, string][] {
  const form = parseForms(editor.text).find((candidate) => candidate.fields.typeKey !== undefined);
  if (!form) throw new Error("no editor form");
  const kept = form.entries.filter(([name]) => !(name in typed) && name !== "intent");
  return [...kept, ...Object.entries(typed), ["intent", "save"]];
}

function keptTextOf(html: string): string {
  const match = /<textarea[^>]*id="kept-text"[^>]*readonly[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  return decodeEntities(match?.[1] ?? "");
}

describe("portfolio: a trace posted after the session expired", () => {
  const clock = new ManualClock(new Date("2026-12-06T21:00:00Z"));
  let fixture: LtiFixture;
  let ttlMs: number;

  before(async () => {
    fixture = await startLtiFixture({ clock });
    ttlMs = fixture.carnet.config.sessionTtlMs;
  });
  after(async () => {
    await fixture.close();
  });

  const learner = (sub: string, context: string): Promise<Session> =>
    launchAs(fixture, {
      sub,
      name: "Léa Interne",
      roles: [ROLE.learner],
      context: { id: context, title: "DES MG — phase socle" },
    });

  const story = "Un samedi soir, un homme de 58 ans consulte pour une douleur thoracique <b>angoissante</b>.";
  const analysis = "Urgence possible ; anxiété ; isolement.";

  it("answers 401 with the text typed, read-only, to copy; and keeps it as the draft of that editor for the next launch", async () => {
    const sub = unique("learner");
    const context = unique("des-mg");
    const session = await learner(sub, context);
    const editor = await session.browser.get(`${session.base}/traces/new/rsca`);
    clock.advance(ttlMs + 60_000);

    const refused = await session.browser.post(
      `${session.base}/traces`,
      editorFields(editor, { title: "Douleur thoracique", body_recit: story, body_analyse: analysis }),
    );
    expect(refused.status).to.equal(401);
    const page = decodeEntities(refused.text);
    expect(page).to.contain("Votre texte n'est pas perdu");
    const kept = keptTextOf(refused.text);
    expect(kept).to.contain("Douleur thoracique");
    expect(kept).to.contain(`## Récit\n\n${story}`);
    expect(kept).to.contain(`## Analyse\n\n${analysis}`);
    // The text is escaped like any user content, never markup.
    expect(refused.text).to.not.contain("<b>angoissante</b>");
    expect(page).to.contain("Il a aussi été gardé en brouillon");

    const again = await learner(sub, context);
    const reopened = await again.browser.get(`${again.base}/traces/new/rsca`);
    expect(decodeEntities(reopened.text)).to.contain("restauré");
    expect(decodeEntities(reopened.text)).to.contain(story);
  });

  it("shows the text without promising a draft when the browser no longer presents the session", async () => {
    const session = await learner(unique("learner"), unique("des-mg"));
    const editor = await session.browser.get(`${session.base}/traces/new/rsca`);
    clock.advance(ttlMs + 60_000);
    session.browser.clearCookies();
    const refused = await session.browser.post(
      `${session.base}/traces`,
      editorFields(editor, { title: "Sans session", body_recit: story }),
    );
    expect(refused.status).to.equal(401);
    expect(keptTextOf(refused.text)).to.contain(story);
    expect(decodeEntities(refused.text)).to.not.contain("Il a aussi été gardé en brouillon");
  });

  it("does not keep a draft for a form whose token is not the launch's own", async () => {
    const sub = unique("learner");
    const context = unique("des-mg");
    const session = await learner(sub, context);
    const editor = await session.browser.get(`${session.base}/traces/new/note`);
    clock.advance(ttlMs + 60_000);
    const forged = editorFields(editor, { body_note: "Écrit par un autre" }).map(
      ([name, value]): [string, string] => [name, name === "_csrf" ? "forged-token" : value],
    );
    const refused = await session.browser.post(`${session.base}/traces`, forged);
    expect(refused.status).to.equal(401);
    expect(decodeEntities(refused.text)).to.not.contain("Il a aussi été gardé en brouillon");
    const again = await learner(sub, context);
    const reopened = await again.browser.get(`${again.base}/traces/new/note`);
    expect(decodeEntities(reopened.text)).to.not.contain("Écrit par un autre");
  });
});
