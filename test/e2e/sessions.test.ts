// Group sessions and interviews through the simulated LMS: a tutor convenes their group (e-mails with
// an .ics captured), changes and cancels sessions (same UID, higher SEQUENCE, METHOD:CANCEL), takes
// attendance and writes the report a tutee acknowledges; an interview prepared by the tutee, completed
// and signed by both, the next one starting from its objectives. Bad input is a 400 keeping what was typed.
import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import type { MailMessage, MailTransport } from "../../src/domain/validation/ports.js";
import { ConvocationJob } from "../../src/jobs/session-convocations.js";
import { createLogger } from "../../src/logger.js";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { csrfOf, type Session } from "../support/portfolio.js";
import { postIn } from "../support/tutoring.js";
import { learner, mainText, setupCourse, trainer, type TestCourse } from "../support/validation.js";
import type { BrowserResponse } from "../support/sim-lms/index.js";

const HOUR = 3_600_000;

class CapturingTransport implements MailTransport {
  readonly sent: MailMessage[] = [];
  send(message: MailMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}

const unfold = (ics: string | undefined): string[] => (ics ?? "").replace(/\r\n[ \t]/g, "").split("\r\n");

/** Posts a form of the launch with the page's CSRF token; the browser follows the 303. */
async function post(session: Session, path: string, fields: [string, string][]): Promise<BrowserResponse> {
  const page = await session.browser.get(`${session.base}/sessions`);
  return session.browser.post(`${session.base}${path}`, [["_csrf", csrfOf(page.text)], ...fields]);
}

function plan(overrides: Record<string, string> = {}): [string, string][] {
  return Object.entries({
    title: "Prise de contact",
    date: "2026-10-15",
    time: "14:00",
    durationMinutes: "120",
    place: "Faculté de médecine, salle 2",
    videoUrl: "",
    agenda: "Présentations\nComment se passent les stages",
    ...overrides,
  });
}

describe("e2e: group sessions and interviews", () => {
  let fixture: LtiFixture;
  const clock = new ManualClock(new Date("2026-10-05T08:00:00Z"));
  let course: TestCourse;
  let tutor: Session;
  let lea: Session;
  let max: Session;
  let groupId = "";
  const mail = new CapturingTransport();

  const job = (): ConvocationJob =>
    new ConvocationJob({
      outbox: fixture.carnet.services.tutoringSessions.convocations,
      people: fixture.carnet.services.people,
      clock,
      logger: createLogger("silent"),
      host: "carnet.test",
      mailFrom: "Carnet <no-reply@carnet.test>",
      timeZone: "Europe/Paris",
      mail,
    });

  before(async () => {
    fixture = await startLtiFixture({ clock });
    course = await setupCourse(fixture, { leaves: 2 });
    tutor = await trainer(fixture, course, "Anne Tutrice");
    lea = await learner(fixture, course, "Léa Interne");
    max = await learner(fixture, course, "Max Interne");
    const created = await postIn(tutor, "/tutoring/groups", {
      groupName: "Groupe Lestrade",
      tutorId: await tutor.userId(),
    });
    expect(created.status).to.equal(200);
    const [group] = await fixture.carnet.services.tutoring.store.groupsIn(fixture.platform._id, course.scope);
    groupId = group?.id ?? "";
    const assigned = await postIn(tutor, "/tutoring/assign", [
      ["groupId", groupId],
      ["learnerIds", await lea.userId()],
      ["learnerIds", await max.userId()],
    ]);
    expect(assigned.status).to.equal(200);
  });
  after(async () => {
    await fixture.close();
  });

  it("convenes the group with the Tours agenda and e-mails each tutee an iCalendar invitation", async () => {
    const list = await tutor.browser.get(`${tutor.base}/sessions`);
    expect(mainText(list)).to.contain("Groupe Lestrade");
    const form = await tutor.browser.get(`${tutor.base}/sessions/groups/${groupId}/new`);
    expect(mainText(form)).to.contain("Comment se passent les stages");

    // The outbox is the database's: other tests' convocations may still be due. Send them first.
    await job().run();
    const made = await post(tutor, `/sessions/groups/${groupId}`, plan());
    expect(made.status).to.equal(200);
    expect(made.url).to.match(/\/sessions\/[\w-]+$/);
    expect(mainText(made)).to.contain("Faculté de médecine, salle 2").and.contain("Léa Interne");

    mail.sent.length = 0;
    expect(await job().run()).to.equal(2);
    const toLea = mail.sent.find((message) => message.text.includes("Bonjour Léa Interne"));
    expect(toLea?.subject).to.contain("Convocation").and.contain("Prise de contact");
    expect(toLea?.calendar?.method).to.equal("REQUEST");
    const ics = unfold(toLea?.calendar?.content);
    expect(ics).to.include("METHOD:REQUEST");
    expect(ics).to.include("SEQUENCE:0");
    expect(ics).to.include("DTSTART:20261015T120000Z");
    expect(ics.some((line) => /^UID:session-[\w-]+@carnet\.test$/.test(line))).to.equal(true);

    // In the app too: Léa's notifications and her sessions page.
    expect(mainText(await lea.browser.get(`${lea.base}/notifications`))).to.contain("Prise de contact");
    expect(mainText(await lea.browser.get(`${lea.base}/sessions`))).to.contain("Prise de contact");
  });

  it("sends the update with the same UID and SEQUENCE:1, then the cancellation with METHOD:CANCEL", async () => {
    const made = await post(
      tutor,
      `/sessions/groups/${groupId}`,
      plan({ title: "Les RSCA", date: "2026-11-05" }),
    );
    const path = new URL(made.url).pathname.replace(new URL(tutor.base).pathname, "");
    await job().run();
    mail.sent.length = 0;

    const changed = await post(tutor, path, plan({ title: "Les RSCA", date: "2026-11-05", time: "16:00" }));
    expect(changed.status).to.equal(200);
    expect(await job().run()).to.equal(2);
    const update = unfold(mail.sent[0]?.calendar?.content);
    expect(mail.sent[0]?.subject).to.contain("Séance modifiée");
    expect(update).to.include("SEQUENCE:1");
    expect(update).to.include("DTSTART:20261105T150000Z");
    const uid = update.find((line) => line.startsWith("UID:"));

    mail.sent.length = 0;
    const cancelled = await post(tutor, `${path}/cancel`, []);
    expect(mainText(cancelled)).to.contain("annulée");
    expect(await job().run()).to.equal(2);
    const cancel = unfold(mail.sent[0]?.calendar?.content);
    expect(mail.sent[0]?.calendar?.method).to.equal("CANCEL");
    expect(cancel).to.include("METHOD:CANCEL");
    expect(cancel).to.include("SEQUENCE:2");
    expect(cancel.find((line) => line.startsWith("UID:"))).to.equal(uid);
  });

  it("refuses a session in the past or clashing, as a 400 keeping what was typed, and hides the group from others", async () => {
    const past = await post(
      tutor,
      `/sessions/groups/${groupId}`,
      plan({ title: "Séance oubliée", date: "2026-09-01" }),
    );
    expect(past.status).to.equal(400);
    expect(past.text).to.contain('value="Séance oubliée"');
    expect(mainText(past)).to.contain("Cette date est passée");
    const clash = await post(tutor, `/sessions/groups/${groupId}`, plan({ title: "Doublon", time: "15:00" }));
    expect(clash.status).to.equal(400);
    expect(mainText(clash)).to.contain("déjà attendu");
    const garbage = await post(tutor, `/sessions/groups/${groupId}`, [
      ["title", "x".repeat(5000)],
      ["durationMinutes", "beaucoup"],
    ]);
    expect(garbage.status).to.equal(400);

    const other = await trainer(fixture, await setupCourse(fixture, { leaves: 1 }), "Autre Formateur");
    expect((await other.browser.get(`${other.base}/sessions/groups/${groupId}/new`)).status).to.equal(404);
    expect((await lea.browser.get(`${lea.base}/sessions/groups/${groupId}/new`)).status).to.equal(404);
  });

  it("takes attendance and the report after the session, and a tutee acknowledges it", async () => {
    const made = await post(
      tutor,
      `/sessions/groups/${groupId}`,
      plan({ title: "Suivi", date: "2026-10-05", time: "11:00" }),
    );
    const path = new URL(made.url).pathname.replace(new URL(tutor.base).pathname, "");
    // The session (09:00–11:00 UTC) has started; launches last 12 hours.
    clock.advance(3 * HOUR);
    const leaId = await lea.userId();
    const maxId = await max.userId();
    const missing = await post(tutor, `${path}/attendance`, [[`mark-${leaId}`, "present"]]);
    expect(missing.status).to.equal(400);
    const marked = await post(tutor, `${path}/attendance`, [
      [`mark-${leaId}`, "present"],
      [`mark-${maxId}`, "absent"],
    ]);
    expect(marked.status).to.equal(200);
    const reported = await post(tutor, `${path}/report`, [
      ["discussed", "Les stages de chacun"],
      ["nextSteps", "Un RSCA chacun pour la prochaine séance"],
    ]);
    expect(mainText(reported)).to.contain("Les stages de chacun");

    const seen = await lea.browser.get(`${lea.base}${path}`);
    expect(mainText(seen)).to.contain("Un RSCA chacun").and.contain("J'ai lu le compte rendu");
    const acknowledged = await post(lea, `${path}/acknowledge`, []);
    expect(mainText(acknowledged)).to.contain("Vous avez confirmé avoir lu ce compte rendu");
    const session = await fixture.carnet.services.tutoringSessions.groupSessions.session(
      fixture.platform._id,
      path.split("/").at(-1) ?? "",
    );
    expect(session.acknowledgements.map((ack) => ack.learnerId)).to.deep.equal([leaId]);
    // Max missed it, the first session held: the tutor workspace says so.
    const workspace = mainText(await tutor.browser.get(`${tutor.base}/tutoring`));
    expect(workspace).to.contain("Absent·e à la première séance");
  });

  it("walks an interview from preparation to both signatures, the next one starting from its objectives", async () => {
    const leaId = await lea.userId();
    const opened = await post(tutor, "/interviews", [
      ["learnerId", leaId],
      ["date", "2026-10-20"],
      ["time", "17:30"],
    ]);
    expect(opened.status).to.equal(200);
    const path = new URL(opened.url).pathname.replace(new URL(tutor.base).pathname, "");

    const tooLong = await post(lea, `${path}/preparation`, [
      ["difficulties", "Les gardes"],
      ["traces", "x".repeat(4001)],
    ]);
    expect(tooLong.status).to.equal(400);
    expect(tooLong.text).to.contain(">Les gardes</textarea>");
    const prepared = await post(lea, `${path}/preparation`, [
      ["difficulties", "Les gardes de nuit"],
      ["strengths", "La relation aux patients"],
      ["traces", "Deux RSCA commencés"],
      ["objectives", "Finir un RSCA"],
      ["topics", "Le sujet de thèse"],
    ]);
    expect(prepared.status).to.equal(200);
    const tutorView = mainText(await tutor.browser.get(`${tutor.base}${path}`));
    expect(tutorView).to.contain("Les gardes de nuit").and.contain("Le sujet de thèse");

    // Nobody else reads it: another tutee, a formateur of the course who is not her tutor.
    expect((await max.browser.get(`${max.base}${path}`)).status).to.equal(404);
    const colleague = await trainer(fixture, course, "Collègue Formatrice");
    expect((await colleague.browser.get(`${colleague.base}${path}`)).status).to.equal(404);

    await post(tutor, `${path}/synthesis`, [
      ["difficulties", "Fatigue des gardes, à suivre"],
      ["strengths", "Écoute"],
      ["traces", "Deux RSCA en cours"],
      ["objectives", "Valider deux RSCA ; choisir un sujet de thèse"],
    ]);
    await post(lea, `${path}/sign`, []);
    const signed = await post(tutor, `${path}/sign`, []);
    expect(mainText(signed)).to.contain("signé").and.not.contain("pas encore signé");

    const next = await post(tutor, "/interviews", [
      ["learnerId", leaId],
      ["date", ""],
      ["time", ""],
    ]);
    const nextPage = await lea.browser.get(
      `${lea.base}${new URL(next.url).pathname.replace(new URL(tutor.base).pathname, "")}`,
    );
    expect(mainText(nextPage)).to.contain("Objectifs fixés à l'entretien précédent");
    expect(nextPage.text).to.contain(">Valider deux RSCA ; choisir un sujet de thèse</textarea>");
  });
});
