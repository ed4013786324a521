import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { MailMessage, MailTransport } from "../../../src/domain/validation/ports.js";
import { ValidationReminderJob } from "../../../src/jobs/validation-reminders.js";
import { createLogger } from "../../../src/logger.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  decide,
  learner,
  requestValidation,
  setupCourse,
  text,
  trainer,
  unique,
  type TestCourse,
} from "../../support/validation.js";

const DAY = 86_400_000;

/** An injectable mail transport that keeps what would have been sent. */
class CapturingTransport implements MailTransport {
  readonly sent: MailMessage[] = [];
  failNext = 0;
  async send(message: MailMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error("SMTP unavailable");
    }
    this.sent.push(message);
  }
}

describe("validation reminders: a daily digest to validators and decision mails to learners", () => {
  const clock = new ManualClock(new Date("2026-03-02T07:00:00Z"));
  let fixture: LtiFixture;
  let course: TestCourse;
  let mail: CapturingTransport;
  let job: ValidationReminderJob;

  before(async () => {
    fixture = await startLtiFixture({ clock });
    course = await setupCourse(fixture, { leaves: 5, reminderAfterDays: 14 });
  });
  beforeEach(() => {
    mail = new CapturingTransport();
    const { services } = fixture.carnet;
    job = new ValidationReminderJob({
      ...services.validation.reminders,
      clock,
      logger: silentLogger,
      mail,
    });
  });
  after(async () => {
    await fixture.close();
  });

  it("flags and mails requests waiting more than N days, once a day, then tells the learner of the decision", async () => {
    const trainerSub = unique("trainer");
    const fanny = await trainer(fixture, course, "Fanny Formatrice", trainerSub);
    const lea = await learner(fixture, course, "Léa Stagiaire");
    await requestValidation(
      lea,
      [
        { code: "C01", justification: "Séquence menée" },
        { code: "C02", justification: "Ressource produite" },
      ],
      { validatorIds: [await fanny.userId()] },
    );
    clock.advance(3 * DAY);
    // Tom chooses nobody: the reminder goes to the course's trainers.
    const tom = await learner(fixture, course, "Tom Interne");
    const tomSent = await requestValidation(tom, [{ code: "C03", justification: "Projet de classe" }], {
      validatorIds: [],
    });
    expect(tomSent.status, text(tomSent).slice(0, 500)).to.equal(200);

    const mine = (result: { reminded: string[] }): string[] =>
      result.reminded.filter((entry) => entry.startsWith(`${course.scope.platformId} `));
    const sentTo = (address: string): MailMessage[] => mail.sent.filter((message) => message.to === address);
    const fannyMail = `${trainerSub}@example.test`;
    expect(mine(await job.run())).to.have.length(0);
    expect(sentTo(fannyMail)).to.have.length(0);

    clock.advance(12 * DAY); // Léa: 15 days, Tom: 12 days
    const first = await job.run();
    expect(mine(first)).to.have.length(1);
    expect(sentTo(fannyMail)).to.have.length(1);
    const digest = sentTo(fannyMail)[0];
    expect(digest?.subject).to.equal("Carnet : 1 demande(s) de validation attendent votre réponse");
    expect(digest?.text).to.contain(
      "- Léa Stagiaire (C2i2e — promotion 2026) : C01, C02 — en attente depuis 15 jours",
    );
    expect(digest?.text).to.not.contain("Tom Interne");

    // Idempotent per day: the hourly loop runs again and sends nothing more.
    clock.advance(3600_000);
    expect(mine(await job.run())).to.have.length(0);
    expect(sentTo(fannyMail)).to.have.length(1);

    // Three days later both are overdue; a failed send is retried at the next run.
    clock.advance(3 * DAY);
    mail.failNext = 1;
    const failed = await job.run();
    clock.advance(3600_000);
    const retried = await job.run();
    // The failed send is the first of the run; if it was not Fanny's, hers went out in the first run.
    expect(mine(failed).length + mine(retried).length).to.equal(1);
    expect(sentTo(fannyMail).at(-1)?.text).to.contain(
      "- Léa Stagiaire (C2i2e — promotion 2026) : C01, C02 — en attente depuis 18 jours",
    );
    expect(sentTo(fannyMail).at(-1)?.text).to.contain(
      "- Tom Interne (C2i2e — promotion 2026) : C03 — en attente depuis 15 jours",
    );

    // In the app: a reminder notification, and the queue flags the late requests.
    const again = await trainer(fixture, course, "Fanny Formatrice", trainerSub);
    const notifications = await again.browser.get(`${again.base}/notifications`);
    expect(text(notifications)).to.contain("2 demandes attendent votre réponse depuis plus de 14 jours");
    const queue = await again.browser.get(`${again.base}/validation/queue`);
    expect(text(queue)).to.contain("2 en retard");
    expect(text(queue)).to.match(/En retard en attente depuis 18 jours/);

    // A decision: the learner gets one e-mail gathering it, once.
    const link = /href="([^"]*\/validation\/requests\/[^"]+)"/.exec(queue.text)?.[1] ?? "";
    const requestPage = await again.browser.get(new URL(link, queue.url).toString());
    const learnerName = text(requestPage).includes("Léa Stagiaire") ? "Léa" : "Tom";
    expect(learnerName).to.equal("Léa"); // oldest first
    await decide(again, requestPage, {
      C01: { decision: "validate", comment: "Validé" },
      C02: { decision: "ask_more_evidence", comment: "Joignez la ressource" },
    });
    mail.sent.length = 0;
    await job.run();
    const leaEmail = (await fixture.carnet.services.models.User.findById(await lea.userId()).lean())?.email;
    const toLea = mail.sent.find((message) => message.to === leaEmail);
    expect(toLea?.subject).to.equal("Carnet : réponse à vos demandes de validation");
    expect(toLea?.text).to.contain(
      "Fanny Formatrice a répondu à votre demande : 1 validée, 1 pas encore validée, à compléter",
    );
    expect(toLea?.text).to.not.match(/refus/i);
    const before = mail.sent.length;
    await job.run();
    expect(mail.sent.slice(before).filter((message) => message.to === toLea?.to)).to.have.length(0);
  });

  it("without SMTP, notifies in the app only and drops pending e-mails", async () => {
    const { services } = fixture.carnet;
    const inApp = new ValidationReminderJob({
      ...services.validation.reminders,
      clock,
      logger: silentLogger,
    });
    const other = await setupCourse(fixture, { leaves: 2, reminderAfterDays: 1 });
    const trainerSession = await trainer(fixture, other, "Nina Formatrice");
    const learnerSession = await learner(fixture, other, "Ali Stagiaire");
    await requestValidation(learnerSession, [{ code: "C01", justification: "Stage" }], {
      validatorIds: [await trainerSession.userId()],
    });
    clock.advance(3 * DAY);
    const result = await inApp.run();
    expect(result.reminded).to.include(`${other.scope.platformId} ${await trainerSession.userId()}`);
    expect(result.digestEmails).to.equal(0);
    const unread = await services.validation.notifications.unreadCount(
      other.scope.platformId,
      await trainerSession.userId(),
    );
    expect(unread).to.be.greaterThan(0);
    expect(await services.validation.notifications.pendingEmails()).to.have.length(0);
  });
});

const silentLogger = createLogger("silent");
