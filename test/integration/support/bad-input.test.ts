// Garbage in the support space's forms: a 400 page keeping what was typed (never a 500), and the 404 of
// a stranger for a person outside one's scope, a member who may not be one, a case of someone else.
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { csrfOf, type Session } from "../../support/portfolio.js";
import { supportScene, type SupportScene } from "../../support/support.js";

async function post(session: Session, pagePath: string, path: string, fields: [string, string][]) {
  const page = await session.browser.get(`${session.base}${pagePath}`);
  return session.browser.post(`${session.base}${path}`, [["_csrf", csrfOf(page.text)], ...fields]);
}

describe("support: bad input", () => {
  let fixture: LtiFixture;
  let scene: SupportScene;
  let caseId = "";
  before(async () => {
    fixture = await startLtiFixture({ captureLogs: true });
    scene = await supportScene(fixture);
    const self = await fixture.carnet.services.support.standing.towards(scene.actors.lea, scene.ids.lea);
    const opened = await fixture.carnet.services.support.opening.requestSupport(scene.actors.lea, self, {
      personId: scene.ids.sam,
      message: "",
    });
    caseId = opened.id;
  });
  after(async () => {
    await fixture.close();
  });

  it("re-renders the learner's request without a person, or with an over-long message, as a 400 keeping the text", async () => {
    const missing = await post(scene.lea, "/support", "/support/request", [
      ["message", "Je voudrais parler"],
    ]);
    expect(missing.status).to.equal(400);
    expect(missing.text).to.contain("Je voudrais parler");
    expect(missing.text).to.contain('aria-invalid="true"');
    const long = "Très long. ".repeat(500);
    const tooLong = await post(scene.lea, "/support", "/support/request", [
      ["personId", scene.ids.sam],
      ["message", long],
    ]);
    expect(tooLong.status).to.equal(400);
    expect(tooLong.text).to.contain("Très long. Très long.");
  });

  it("answers 404 for a person who is not one of the learner's support persons (their formateur)", async () => {
    const refused = await post(scene.lea, "/support", "/support/request", [
      ["personId", scene.ids.fanny],
      ["message", "x"],
    ]);
    expect(refused.status).to.equal(404);
  });

  it("re-renders a concern without a category keeping the note; 404 for a learner outside one's scope, logged without names", async () => {
    const path = `/support/learners/${scene.ids.lea}`;
    const noCategory = await post(scene.fanny, path, `${path}/signals`, [["note", "Absente trois fois"]]);
    expect(noCategory.status).to.equal(400);
    expect(noCategory.text).to.contain("Absente trois fois");
    const wrongType = await post(scene.fanny, path, `${path}/signals`, [
      ["category", "lazy"],
      ["note", "Texte tapé"],
    ]);
    expect(wrongType.status).to.equal(400);
    expect(wrongType.text).to.contain("Texte tapé");

    const outside = await post(scene.bob, "/support", `${path}/signals`, [
      ["category", "behaviour_change"],
      ["note", "Note de Bob"],
    ]);
    expect(outside.status).to.equal(404);
    const line = fixture.carnet.logs.find((entry) => entry.detail === "supportLearner.recordSignal refused");
    expect(line).to.not.equal(undefined);
    expect(JSON.stringify(line)).not.to.contain("Note de Bob");
    expect(JSON.stringify(line)).not.to.contain("Léa");
  });

  it("re-renders a case's note with an impossible review date, and a second level without a name, keeping what was typed", async () => {
    const path = `/support/cases/${caseId}`;
    const badDate = await post(scene.sam, path, `${path}/notes`, [
      ["step", "exploration"],
      ["text", "Entretien fait"],
      ["reviewOn", "2026-13-45"],
    ]);
    expect(badDate.status).to.equal(400);
    expect(badDate.text).to.contain("Entretien fait");
    expect(badDate.text).to.contain("2026-13-45");
    const noName = await post(scene.sam, path, `${path}/escalation`, [
      ["level", "university_health_service"],
      ["contact", "04 00 00 00 00"],
    ]);
    expect(noName.status).to.equal(400);
    expect(noName.text).to.contain("04 00 00 00 00");
    const noOutcome = await post(scene.sam, path, `${path}/closure`, [
      ["outcome", "???"],
      ["note", "fin"],
    ]);
    expect(noOutcome.status).to.equal(400);
    expect(noOutcome.text).to.contain("fin");
  });

  it("answers 404 to anyone else reaching a case, and for ids that are not ones", async () => {
    const path = `/support/cases/${caseId}`;
    for (const someone of [scene.fanny, scene.bob]) {
      expect((await someone.browser.get(`${someone.base}${path}`)).status).to.equal(404);
      const note = await post(someone, "/support", `${path}/notes`, [
        ["step", "detection"],
        ["text", "x"],
      ]);
      expect(note.status).to.equal(404);
    }
    expect((await scene.sam.browser.get(`${scene.sam.base}/support/cases/no-such-case`)).status).to.equal(
      404,
    );
    expect((await scene.sam.browser.get(`${scene.sam.base}/support/cases/%2E%2E%2Fx`)).status).to.equal(404);
    // A member may not bring in an evaluator of the learner: only the learner may.
    const member = await post(scene.sam, path, `${path}/members`, [["personId", scene.ids.fanny]]);
    expect(member.status).to.equal(404);
  });

  it("refuses designating a learner as a support person, keeping the form", async () => {
    const refused = await post(scene.fanny, "/support/settings", "/support/settings", [
      ["personIds", scene.ids.lea],
    ]);
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain("Choix non valable");
    expect((await scene.lea.browser.get(`${scene.lea.base}/support/settings`)).status).to.equal(403);
  });
});
