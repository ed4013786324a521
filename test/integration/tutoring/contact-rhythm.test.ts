// The contact rhythm: a programme sets a contact every N weeks; a tutor whose tutees pass it sees the
// count first on the workspace and is told once a day (in the app, and by e-mail when SMTP is set,
// without any tutee's name); a contact logged ends it.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { MailMessage, MailTransport } from "../../../src/domain/validation/ports.js";
import { ContactRhythmJob } from "../../../src/jobs/contact-rhythm.js";
import { createLogger } from "../../../src/logger.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { postIn } from "../../support/tutoring.js";
import { learner, setupCourse, text, trainer, unique } from "../../support/validation.js";

const DAY = 86_400_000;

describe("tutoring: the contact rhythm", () => {
  let fixture: LtiFixture;
  const clock = new ManualClock(new Date("2026-09-01T08:00:00Z"));
  before(async () => {
    fixture = await startLtiFixture({ clock });
  });
  after(async () => {
    await fixture.close();
  });

  it("tells a tutor past the programme's rhythm once a day, first on the workspace and by e-mail", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const tomSub = unique("tom");
    const tom = await trainer(fixture, course, "Tom Tuteur", tomSub);
    const settings = await postIn(lead, "/tutoring/settings", {
      silentAfterWeeks: "4",
      requestWaitingDays: "14",
      unansweredDays: "14",
      contactEveryWeeks: "3",
    });
    expect(settings.status).to.equal(200);
    await postIn(lead, "/tutoring/appoint", [
      ["tutorId", await tom.userId()],
      ["learnerIds", await lea.userId()],
    ]);

    const sent: MailMessage[] = [];
    const mail: MailTransport = { send: (message) => Promise.resolve(void sent.push(message)) };
    const { services } = fixture.carnet;
    const job = new ContactRhythmJob({
      tutors: services.tutoring.store,
      workspace: services.tutoring.workspace,
      notifications: services.validation.reminders.notifications,
      people: services.people,
      markers: services.validation.reminders.markers,
      clock,
      logger: createLogger("silent"),
      mail,
    });
    const tomId = await tom.userId();
    const told = (ids: string[]): boolean => ids.some((id) => id.endsWith(` ${tomId}`));

    // Within the rhythm: nothing.
    clock.advance(14 * DAY);
    expect(told(await job.run())).to.equal(false);

    // Past it: the workspace says it first, the job tells him once today.
    clock.advance(8 * DAY);
    // Sessions last hours: he launches again.
    const again = await trainer(fixture, course, "Tom Tuteur", tomSub);
    const workspace = text(await again.browser.get(`${again.base}/tutoring`));
    expect(workspace).to.contain("sans contact depuis plus longtemps que le rythme");
    expect(workspace.indexOf("rythme")).to.be.lessThan(workspace.indexOf("Léa Stagiaire"));
    expect(told(await job.run())).to.equal(true);
    expect(told(await job.run())).to.equal(false);
    const toTom = sent.filter((message) => message.text.includes("Bonjour Tom Tuteur"));
    expect(toTom).to.have.length(1);
    expect(toTom[0]?.subject).to.contain("1 tutoré·e à recontacter");
    expect(toTom[0]?.text).not.to.contain("Léa");
    const inbox = text(await again.browser.get(`${again.base}/notifications`));
    expect(inbox).to.contain("1 tutoré·e sans contact depuis plus longtemps que le rythme prévu.");

    // A contact logged: nothing the next day.
    const logged = await postIn(again, `/learners/${await lea.userId()}/contacts`, {
      date: clock.now().toISOString().slice(0, 10),
      channel: "meeting",
      contactNote: "Entretien",
    });
    expect(logged.status).to.be.below(400);
    clock.advance(DAY);
    expect(told(await job.run())).to.equal(false);
  });
});
