// Issue 12's end-to-end bar: a learner opens a confidential request to a designated person who is not
// their validator; the course's formateur sees nothing of it anywhere — pages, notifications, e-mails
// (captured), the LMS's recorded scores and service calls — and the logs carry no personal data.
import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import type { MailMessage, MailTransport } from "../../src/domain/validation/ports.js";
import { ValidationReminderJob } from "../../src/jobs/validation-reminders.js";
import { createLogger } from "../../src/logger.js";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { csrfOf, type Session } from "../support/portfolio.js";
import { supportScene, type SupportScene } from "../support/support.js";
import { mainText } from "../support/validation.js";

class CapturingTransport implements MailTransport {
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }
}

const SECRET = "Je pense arrêter l'internat, je ne dors plus";

async function post(session: Session, pagePath: string, path: string, fields: [string, string][]) {
  const page = await session.browser.get(`${session.base}${pagePath}`);
  return session.browser.post(`${session.base}${path}`, [["_csrf", csrfOf(page.text)], ...fields]);
}

describe("e2e: a confidential request stays out of the evaluators' reach", () => {
  const clock = new ManualClock(new Date("2026-11-02T08:00:00Z"));
  let fixture: LtiFixture;
  let scene: SupportScene;
  before(async () => {
    fixture = await startLtiFixture({ clock, captureLogs: true });
    scene = await supportScene(fixture);
  });
  after(async () => {
    await fixture.close();
  });

  it("takes the learner's request to the chosen support person, and shows the formateur nothing of it", async () => {
    const { lea, sam, fanny, bob, ids } = scene;
    const space = await lea.browser.get(`${lea.base}/support`);
    expect(space.status).to.equal(200);
    expect(space.text).to.contain(`<option value="${ids.sam}">Sam Soutien</option>`);
    expect(space.text).not.to.contain(`value="${ids.fanny}"`);

    const sent = await post(lea, "/support", "/support/request", [
      ["personId", ids.sam],
      ["message", SECRET],
    ]);
    expect(sent.status).to.equal(200);
    const caseUrl = sent.url;
    expect(caseUrl).to.match(/\/support\/cases\/[\w-]+$/);
    expect(mainText(sent)).to.contain(SECRET);
    const caseId = caseUrl.split("/").at(-1) ?? "";

    // The chosen person finds it in their space and reads it.
    const samSpace = await sam.browser.get(`${sam.base}/support`);
    expect(mainText(samSpace)).to.contain("Léa Stagiaire");
    const samReads = await sam.browser.get(`${sam.base}/support/cases/${caseId}`);
    expect(samReads.status).to.equal(200);
    expect(mainText(samReads)).to.contain(SECRET);

    // The formateur of Léa's course: the case is a 404, and no page of hers shows any of it.
    const direct = await fanny.browser.get(`${fanny.base}/support/cases/${caseId}`);
    expect(direct.status).to.equal(404);
    expect(direct.text).not.to.contain(SECRET);
    for (const path of [
      "/",
      "/cohort",
      "/notifications",
      "/validation/queue",
      "/tutoring",
      "/support",
      `/learners/${ids.lea}`,
      `/support/learners/${ids.lea}`,
      // Exports: the course's certification record.
      "/certification.csv",
      "/certification.json",
    ]) {
      const shown = await fanny.browser.get(`${fanny.base}${path}`);
      expect(shown.status, path).to.be.below(500);
      expect(shown.text, path).not.to.contain(SECRET);
      expect(shown.text, path).not.to.contain(caseId);
      expect(shown.text, path).not.to.contain("Sam Soutien");
    }
    // Nor does the dossier Léa prepares for the jury carry any of it.
    const dossier = await lea.browser.get(`${lea.base}/dossier/print`);
    expect(dossier.status).to.equal(200);
    expect(dossier.text).not.to.contain(SECRET);
    expect(dossier.text).not.to.contain("Sam Soutien");
    // From Léa's file, Fanny may raise a concern; the circle reads it, she does not read it back.
    const file = await fanny.browser.get(`${fanny.base}/learners/${ids.lea}`);
    expect(file.text).to.contain(`/support/learners/${ids.lea}"`);
    const concernPath = `/support/learners/${ids.lea}`;
    const concern = await post(fanny, concernPath, `${concernPath}/signals`, [
      ["category", "no_participation"],
      ["note", "Absente des deux derniers séminaires"],
    ]);
    expect(concern.status).to.equal(200);
    expect(mainText(concern)).to.contain("Signalement enregistré");
    expect(mainText(concern)).not.to.contain("Absente des deux derniers séminaires");
    // A formateur of another course may not even ask about Léa.
    expect((await bob.browser.get(`${bob.base}/support/learners/${ids.lea}`)).status).to.equal(404);

    // The learner sees who read her space.
    const leaSpace = mainText(await lea.browser.get(`${lea.base}/support`));
    expect(leaSpace).to.contain("Qui a consulté mon espace");
    expect(leaSpace).to.match(/Sam Soutien un suivi/);
  });

  it("notifies and e-mails only 'a new message in Carnet', and nothing reaches the LMS or the logs", async () => {
    const { sam, fanny } = scene;
    const inbox = mainText(await sam.browser.get(`${sam.base}/notifications`));
    expect(inbox).to.contain("Vous avez un nouveau message dans Carnet.");
    expect(inbox).not.to.contain("Léa");
    expect(inbox).not.to.contain(SECRET);

    const mail = new CapturingTransport();
    const job = new ValidationReminderJob({
      ...fixture.carnet.services.validation.reminders,
      clock,
      logger: createLogger("silent"),
      mail,
    });
    await job.run();
    const toSam = mail.sent.filter((message) => message.to.startsWith("sam-"));
    expect(toSam.length).to.be.at.least(1);
    for (const message of toSam) {
      expect(message.subject).to.equal("Carnet : nouveau message");
      expect(message.text).to.contain("Vous avez un nouveau message dans Carnet.");
      expect(message.text).not.to.contain("Léa");
    }
    for (const message of mail.sent) expect(JSON.stringify(message)).not.to.contain(SECRET);
    const fannyInbox = mainText(await fanny.browser.get(`${fanny.base}/notifications`));
    expect(fannyInbox).not.to.contain("nouveau message");

    const lms = JSON.stringify({ scores: fixture.lms.scores, calls: fixture.lms.serviceCalls });
    expect(lms).not.to.contain(SECRET);
    const logs = JSON.stringify(fixture.carnet.logs);
    expect(logs).not.to.contain(SECRET);
    expect(logs).not.to.contain("Léa Stagiaire");
    // The refusal was logged, by rule, without naming anyone.
    expect(fixture.carnet.logs.some((line) => line.detail === "supportCase.read refused")).to.equal(true);
  });
});
