// Issue 13's placement supervisors, end to end: a learner invites her maître de stage and shares two
// traces; the supervisor, without any LMS account, opens the link, sees exactly those traces,
// validates a competence by observation, files the evaluation and flags a concern; the learner's
// timeline shows the provenance; the concern reaches the support circle and not the formateur;
// revoked, tampered, reused and expired links get the "no longer valid" page.
import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import type { MailMessage, MailTransport } from "../../src/domain/validation/ports.js";
import { InvitationMailJob } from "../../src/jobs/placement-invitation-mail.js";
import { createLogger } from "../../src/logger.js";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { createTrace, csrfOf, type Session } from "../support/portfolio.js";
import { Browser, decodeEntities, type BrowserResponse } from "../support/sim-lms/index.js";
import { supportScene, type SupportScene } from "../support/support.js";
import { mainText, text } from "../support/validation.js";

const DAY = 24 * 60 * 60 * 1000;

class CapturingTransport implements MailTransport {
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }
}
const CONCERN = "Semble épuisée, pleure en fin de journée";

function linkOn(page: BrowserResponse): string {
  const match = /<input type="text" id="link-[\w-]+" readonly value="([^"]+)"/.exec(page.text);
  return decodeEntities(match?.[1] ?? "");
}

async function invite(session: Session, path: string, fields: [string, string][]): Promise<BrowserResponse> {
  const page = await session.browser.get(`${session.base}${path}`);
  expect(page.status, page.text.slice(0, 300)).to.equal(200);
  return session.browser.post(`${session.base}${path}`, [["_csrf", csrfOf(page.text)], ...fields]);
}

function invitationFields(name: string, endsOn: string): [string, string][] {
  return [
    ["name", name],
    ["email", "anne.martin@example.org"],
    ["placement", "Stage SASPAS S5, cabinet de Vincennes"],
    ["startsOn", "2026-11-16"],
    ["endsOn", endsOn],
    ["competences", "C01"],
    ["competences", "C02"],
  ];
}

async function postStage(
  browser: Browser,
  origin: string,
  form: string,
  fields: [string, string][],
): Promise<BrowserResponse> {
  const page = await browser.get(`${origin}/stage`);
  expect(page.status).to.equal(200);
  return browser.post(`${origin}/stage/${form}`, [["_csrf", csrfOf(page.text)], ...fields]);
}

describe("e2e: a placement supervisor without an LMS account, through a personal link", () => {
  const clock = new ManualClock(new Date("2026-12-01T09:00:00Z"));
  let fixture: LtiFixture;
  let scene: SupportScene;
  before(async () => {
    fixture = await startLtiFixture({ clock });
    scene = await supportScene(fixture);
  });
  after(async () => {
    await fixture.close();
  });

  it("opens the shared traces to the supervisor, records their observation, evaluation and concern", async () => {
    const { lea, fanny, sam, ids, course } = scene;
    const shared = [
      await createTrace(lea, "note", {
        title: "Consultation du lundi",
        body_note: "Récit de la consultation",
      }),
      await createTrace(lea, "note", { title: "Visite à domicile", body_note: "Récit de la visite" }),
    ];
    await createTrace(lea, "note", { title: "Journal intime du stage", body_note: "Pour moi seule" });

    // A placement already over is refused with its reason, what was typed kept.
    const past = await invite(lea, "/placements", invitationFields("Dr Anne Martin", "2026-11-20"));
    expect(past.status).to.equal(400);
    expect(text(past)).to.contain("Ce stage est déjà terminé");
    expect(past.text).to.contain('value="Dr Anne Martin"');
    expect(past.text).to.contain('value="Stage SASPAS S5, cabinet de Vincennes"');

    const created = await invite(lea, "/placements", invitationFields("Dr Anne Martin", "2026-12-20"));
    expect(created.status).to.equal(200);
    expect(created.url).to.match(/\/placements#invitation-/);
    expect(mainText(created)).to.contain("pas encore ouvert");
    const link = linkOn(created);
    expect(link).to.match(/\/stage\/open\//);
    const invitationId = /#invitation-([\w-]+)/.exec(created.url)?.[1] ?? "";
    // The link also leaves by e-mail, once, to the supervisor only.
    const mail = new CapturingTransport();
    const job = new InvitationMailJob({
      ...fixture.carnet.services.placements,
      people: fixture.carnet.services.people,
      clock,
      logger: createLogger("silent"),
      baseUrl: fixture.carnet.baseUrl,
      mail,
    });
    await job.run();
    await job.run();
    const toAnne = mail.sent.filter((message) => message.to === "anne.martin@example.org");
    expect(toAnne).to.have.length(1);
    expect(toAnne[0]?.subject).to.equal("Carnet : invitation comme maître de stage de Léa Stagiaire");
    expect(toAnne[0]?.text).to.contain(link);
    const shareForm = `/placements/${invitationId}/traces`;
    const shareDone = await lea.browser.post(`${lea.base}${shareForm}`, [
      ["_csrf", csrfOf(created.text)],
      ...shared.map(({ id }): [string, string] => ["traces", id]),
    ]);
    expect(shareDone.status).to.equal(200);
    // A trace that is not hers is refused next to the list, her ticks kept.
    const foreign = await lea.browser.post(`${lea.base}${shareForm}`, [
      ["_csrf", csrfOf(created.text)],
      ["traces", shared[0]?.id ?? ""],
      ["traces", "00000000-0000-4000-8000-000000000000"],
    ]);
    expect(foreign.status).to.equal(400);
    expect(text(foreign)).to.contain("Choisissez parmi vos traces");

    // The supervisor opens the link in their own browser: the token leaves the address bar.
    const anne = new Browser();
    const home = await anne.get(link);
    expect(home.status).to.equal(200);
    expect(home.url).to.match(/\/stage$/);
    const origin = new URL(home.url).origin;
    const page = mainText(home);
    expect(page).to.contain("Léa Stagiaire");
    expect(page).to.contain("Stage SASPAS S5, cabinet de Vincennes");
    expect(page).to.contain("Consultation du lundi");
    expect(page).to.contain("Visite à domicile");
    expect(page).not.to.contain("Journal intime du stage");
    expect(page).not.to.contain("Pour moi seule");

    // A form without the link session's token is refused; garbage comes back with what was typed.
    const forged = await anne.post(`${origin}/stage/comment`, { body: "sans jeton" });
    expect(forged.status).to.equal(403);
    const noComment = await postStage(anne, origin, "observe", [
      ["code", "C01"],
      ["level", "competent"],
      ["comment", "   "],
    ]);
    expect(noComment.status).to.equal(400);
    expect(text(noComment)).to.contain("Décrivez ce que vous avez observé");
    const notInQuestion = await postStage(anne, origin, "observe", [
      ["code", "C03"],
      ["level", "competent"],
      ["comment", "Vue en consultation"],
    ]);
    expect(notInQuestion.status).to.equal(400);
    expect(notInQuestion.text).to.contain("Vue en consultation");

    const observed = await postStage(anne, origin, "observe", [
      ["code", "C01"],
      ["level", "competent"],
      ["comment", "Conduit seule la consultation d'un patient polypathologique"],
    ]);
    expect(observed.status).to.equal(200);
    expect(mainText(observed)).to.contain("La validation par observation est enregistrée");

    const partial = await postStage(anne, origin, "evaluation", [
      ["rating_practice", "satisfactory"],
      ["comment", "Interne impliquée"],
    ]);
    expect(partial.status).to.equal(400);
    expect(text(partial)).to.contain("Choisissez un niveau pour ce critère");
    expect(partial.text).to.contain("Interne impliquée");
    expect(partial.text).to.match(/value="satisfactory" checked/);
    const evaluated = await postStage(anne, origin, "evaluation", [
      ["rating_practice", "satisfactory"],
      ["rating_reflexivity", "developing"],
      ["rating_relationship", "excellent"],
      ["rating_involvement", "satisfactory"],
      ["comment", "Interne impliquée"],
    ]);
    expect(evaluated.status).to.equal(200);
    expect(mainText(evaluated)).to.contain("L'évaluation de stage est enregistrée");

    const flagged = await postStage(anne, origin, "concern", [
      ["category", "placement_problem"],
      ["note", CONCERN],
    ]);
    expect(flagged.status).to.equal(200);
    expect(mainText(flagged)).to.contain("transmis à la cellule d'accompagnement");

    // The learner's timeline shows the validation with its provenance.
    const competence = await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C01`);
    expect(competence.status).to.equal(200);
    expect(mainText(competence)).to.contain(
      "Validé par observation en stage par Dr Anne Martin, maître de stage, via invitation",
    );
    // The jury dossier and the course's certification record name the supervisor, never the concern.
    const dossier = mainText(await lea.browser.get(`${lea.base}/dossier/print`));
    expect(dossier).to.contain("Dr Anne Martin");
    expect(dossier).not.to.contain(CONCERN);
    const certification = await fanny.browser.get(`${fanny.base}/certification.csv`);
    expect(certification.text).to.contain("Dr Anne Martin");
    expect(certification.text).not.to.contain(CONCERN);
    // Her page shows the evaluation and the link's state.
    const mine = mainText(await lea.browser.get(`${lea.base}/placements`));
    expect(mine).to.contain("ouvert");
    expect(mine).to.contain("Très satisfaisant");

    // The concern reaches the support circle, not the formateur who evaluates her.
    const circle = await sam.browser.get(`${sam.base}/support/learners/${ids.lea}`);
    expect(mainText(circle)).to.contain(CONCERN);
    for (const path of [
      `/support/learners/${ids.lea}`,
      `/learners/${ids.lea}`,
      `/learners/${ids.lea}/placements`,
      `/learners/${ids.lea}/competences/${course.frameworkId}/C01`,
    ]) {
      const seen = await fanny.browser.get(`${fanny.base}${path}`);
      expect(seen.text, path).not.to.contain(CONCERN);
    }

    // Every opening and action is audited, without a name.
    const audit = await fixture.carnet.services.audit.list({ action: "placement.", limit: 50 });
    const actions = audit.map((entry) => entry.action);
    expect(actions).to.include.members(["placement.invited", "placement.opened", "placement.observed"]);
    expect(actions).to.include.members(["placement.evaluated", "placement.concern_flagged"]);
    expect(JSON.stringify(audit)).not.to.contain("Anne");
  });

  it("refuses a reused, tampered, revoked or expired link with the same page and no data", async () => {
    const { lea, fanny, ids } = scene;
    // A formateur of another course does not even learn that Léa has invitations.
    expect((await scene.bob.browser.get(`${scene.bob.base}/learners/${ids.lea}/placements`)).status).to.equal(
      404,
    );
    const file = await fanny.browser.get(`${fanny.base}/learners/${ids.lea}`);
    expect(file.text).to.contain(`/learners/${ids.lea}/placements"`);
    const created = await invite(fanny, `/learners/${ids.lea}/placements`, [
      ...invitationFields("Dr Paul Durand", "2026-12-10"),
    ]);
    expect(created.status).to.equal(200);
    const link = linkOn(created);
    const paul = new Browser();
    expect((await paul.get(link)).status).to.equal(200);

    // Someone else with the same link: refused, whom to ask is named.
    const stranger = await new Browser().get(link);
    expect(stranger.status).to.equal(403);
    expect(text(stranger)).to.contain("Ce lien n'est plus valable");
    expect(text(stranger)).to.contain("déjà été ouvert dans un autre navigateur");
    expect(text(stranger)).to.contain("Fanny Formatrice");
    expect(stranger.text).not.to.contain("Léa Stagiaire");

    const tampered = await new Browser().get(link.replace(/.$/, (last) => (last === "A" ? "B" : "A")));
    expect(tampered.status).to.equal(403);
    expect(text(tampered)).to.contain("a été modifié");

    // The learner sees the formateur's invitation and revokes it: the supervisor's browser is refused.
    const mine = await lea.browser.get(`${lea.base}/placements`);
    expect(mainText(mine)).to.contain("Dr Paul Durand");
    const revokeAction = [...mine.text.matchAll(/action="([^"]+\/revoke)"/g)].map((m) => m[1] ?? "");
    const revokePaul = revokeAction.find(
      (action) => mine.text.indexOf(action) > mine.text.indexOf("Dr Paul Durand"),
    );
    expect(revokePaul).to.be.a("string");
    const revoked = await lea.browser.post(new URL(revokePaul ?? "", mine.url).toString(), {
      _csrf: csrfOf(mine.text),
    });
    expect(revoked.status).to.equal(200);
    const after = await paul.get(`${new URL(link).origin}/stage`);
    expect(after.status).to.equal(403);
    expect(text(after)).to.contain("Ce lien a été révoqué.");
    expect(after.text).not.to.contain("Léa Stagiaire");

    // Past the placement's end and its grace period, even the supervisor's own browser gets nothing.
    const short = await invite(lea, "/placements", invitationFields("Dr Claire Bonnet", "2026-12-05"));
    const claire = new Browser();
    const opened = await claire.get(linkOn(short));
    expect(opened.status).to.equal(200);
    clock.advance(40 * DAY);
    const expired = await claire.get(opened.url);
    expect(expired.status).to.equal(403);
    expect(text(expired)).to.contain("La période pour laquelle ce lien a été donné est terminée.");
    expect(mainText(await lea.browser.get(`${lea.base}/placements`))).to.contain("expiré");

    const refusals = await fixture.carnet.services.audit.list({
      action: "placement.link_refused",
      limit: 20,
    });
    expect(refusals.map((entry) => entry.details?.reason)).to.include.members([
      "claimed",
      "altered",
      "revoked",
      "expired",
    ]);
  });
});
