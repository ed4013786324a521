// Pending competence records stored without a waiting date (older data, a direct import, another
// writer): the trainers' home, the queue, the learner's file and the daily digest still work, with the
// record's last change standing in for the missing date.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { MailMessage, MailTransport } from "../../../src/domain/validation/ports.js";
import { ValidationReminderJob } from "../../../src/jobs/validation-reminders.js";
import { createLogger } from "../../../src/logger.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  actorOf,
  learner,
  mainText,
  setupCourse,
  trainer,
  type Session,
  type TestCourse,
} from "../../support/validation.js";

const DAY = 86_400_000;

describe("validation: pending records without a waiting date", () => {
  const clock = new ManualClock(new Date("2026-04-01T08:00:00Z"));
  let fixture: LtiFixture;
  let course: TestCourse;
  let learnerId: string;
  let fanny: Session;

  before(async () => {
    fixture = await startLtiFixture({ clock });
    course = await setupCourse(fixture, { leaves: 4, reminderAfterDays: 14 });
    const lea = await learner(fixture, course, "Léa Sansdate");
    learnerId = await lea.userId();
    const { service, models, records, summaries } = fixture.carnet.services.validation;
    await service.requestValidation(await actorOf(fixture, lea, course, ["learner"]), {
      frameworkId: course.frameworkId,
      basis: "traces",
      validatorIds: [],
      items: [
        { code: "C01", justification: "Séquence en classe", traceIds: [] },
        { code: "C02", justification: "Projet d'équipe", traceIds: [] },
      ],
    });
    // Stored without the date (C01) or with a null one (C02); the summaries follow the records, as the
    // hourly repair brings them up to date.
    const key = { ...course.scope, learnerId, frameworkId: course.frameworkId };
    await models.CompetenceRecord.updateOne(
      { ...key, competenceCode: "C01" },
      { $unset: { waitingSince: "" }, $inc: { rev: 1 } },
    );
    await models.CompetenceRecord.updateOne(
      { ...key, competenceCode: "C02" },
      { $set: { waitingSince: null }, $inc: { rev: 1 } },
    );
    for (const record of await records.forLearner(course.scope, learnerId, course.frameworkId)) {
      await summaries.sync(record, clock.now());
    }
    clock.advance(20 * DAY);
    fanny = await trainer(fixture, course, "Fanny Formatrice");
  });
  after(async () => {
    await fixture.close();
  });

  it("keeps them on the trainers' home, waiting since their last change", async () => {
    expect(fanny.home.status).to.equal(200);
    const home = mainText(fanny.home);
    expect(home).to.contain("1 demande en attente (2 compétences)");
    expect(home).to.contain("La plus ancienne : en attente depuis 20 jours.");
    expect(home).to.contain("1 en retard");
    expect(home).to.contain("Léa Sansdate — demande en attente depuis 20 jours");

    const queue = await fanny.browser.get(`${fanny.base}/validation/queue`);
    expect(queue.status).to.equal(200);
    expect(mainText(queue)).to.match(
      /Léa Sansdate En retard en attente depuis 20 jours 2 compétences C01, C02/,
    );
    const file = await fanny.browser.get(`${fanny.base}/learners/${learnerId}`);
    expect(file.status).to.equal(200);
    expect(mainText(file)).to.contain("en attente depuis 20 jours");
  });

  it("reminds the course's trainers of them in the daily digest", async () => {
    const sent: MailMessage[] = [];
    const mail: MailTransport = {
      send: async (message) => {
        sent.push(message);
      },
    };
    const { services } = fixture.carnet;
    const job = new ValidationReminderJob({
      ...services.validation.reminders,
      clock,
      logger: createLogger("silent"),
      mail,
    });
    await job.run();
    const digest = sent.find((message) => message.text.includes("Léa Sansdate"));
    expect(digest?.text).to.contain("C01, C02 — en attente depuis 20 jours");
  });
});
