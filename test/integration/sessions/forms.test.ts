// Every form of the sessions area posted with garbage: a 400 page naming the field and keeping what was
// typed, never a 500, nothing saved. And the programme's agenda template, edited and then proposed.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { csrfOf, type Session } from "../../support/portfolio.js";
import { postIn } from "../../support/tutoring.js";
import { learner, mainText, setupCourse, trainer, type TestCourse } from "../../support/validation.js";
import type { BrowserResponse } from "../../support/sim-lms/index.js";

async function post(session: Session, path: string, fields: [string, string][]): Promise<BrowserResponse> {
  const page = await session.browser.get(`${session.base}/sessions`);
  return session.browser.post(`${session.base}${path}`, [["_csrf", csrfOf(page.text)], ...fields]);
}

const localPath = (response: BrowserResponse, session: Session): string =>
  new URL(response.url).pathname.replace(new URL(session.base).pathname, "");

describe("sessions: forms refused with what was typed", () => {
  let fixture: LtiFixture;
  const clock = new ManualClock(new Date("2026-10-05T08:00:00Z"));
  let course: TestCourse;
  let tutor: Session;
  let lea: Session;
  let groupId = "";
  before(async () => {
    fixture = await startLtiFixture({ clock });
    course = await setupCourse(fixture, { leaves: 1 });
    tutor = await trainer(fixture, course, "Anne Tutrice");
    lea = await learner(fixture, course, "Léa Interne");
    await postIn(tutor, "/tutoring/groups", { groupName: "Groupe A", tutorId: await tutor.userId() });
    const [group] = await fixture.carnet.services.tutoring.store.groupsIn(fixture.platform._id, course.scope);
    groupId = group?.id ?? "";
    await postIn(tutor, "/tutoring/assign", [
      ["groupId", groupId],
      ["learnerIds", await lea.userId()],
    ]);
  });
  after(async () => {
    await fixture.close();
  });

  it("keeps the session plan typed when the date does not exist or the link is not one", async () => {
    const refused = await post(tutor, `/sessions/groups/${groupId}`, [
      ["title", "Séance <b>1</b>"],
      ["date", "2026-02-30"],
      ["time", "25:00"],
      ["durationMinutes", "90"],
      ["place", ""],
      ["videoUrl", "javascript:alert(1)"],
      ["agenda", "Premier point"],
    ]);
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain('value="Séance &lt;b&gt;1&lt;/b&gt;"');
    expect(refused.text).to.contain(">Premier point</textarea>");
    expect(refused.text).to.match(/id="date"[^>]*aria-invalid="true"/);
    expect(mainText(refused)).to.contain("Saisissez une date et une heure qui existent");
    expect(mainText(refused)).to.contain("adresse web commençant par https://");
    const sessions = await fixture.carnet.services.tutoringSessions.groupSessions.ofGroup({
      id: groupId,
      platformId: fixture.platform._id,
      name: "",
      tutorId: "",
      course: course.scope,
      members: [],
    });
    expect(sessions).to.deep.equal([]);
  });

  it("refuses an over-long title and a duration that is not a number without a 500", async () => {
    const refused = await post(tutor, `/sessions/groups/${groupId}`, [
      ["title", "t".repeat(300)],
      ["date", "2026-10-20"],
      ["time", "14:00"],
      ["durationMinutes", "deux heures"],
      ["place", "Salle 2"],
    ]);
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain('value="Salle 2"');
  });

  it("keeps the report typed when it is refused, and refuses an attendance for someone not convened", async () => {
    const made = await post(tutor, `/sessions/groups/${groupId}`, [
      ["title", "Séance"],
      ["date", "2026-10-05"],
      ["time", "11:00"],
      ["durationMinutes", "60"],
      ["place", "Salle 2"],
    ]);
    expect(made.status).to.equal(200);
    const path = localPath(made, tutor);
    clock.advance(2 * 3_600_000);
    const report = await post(tutor, `${path}/report`, [
      ["discussed", "  "],
      ["nextSteps", "Relire les RSCA"],
    ]);
    expect(report.status).to.equal(400);
    expect(report.text).to.contain(">Relire les RSCA</textarea>");
    expect(mainText(report)).to.contain("Dites ce qui a été abordé");
    const stranger = await post(tutor, `${path}/attendance`, [
      [`mark-${await lea.userId()}`, "present"],
      ["mark-someone-else", "absent"],
    ]);
    expect(stranger.status).to.equal(400);
    // The tutee cannot write the report: the session's existence is not hers to manage.
    expect((await post(lea, `${path}/report`, [["discussed", "x"]])).status).to.equal(404);
    clock.set(new Date("2026-10-05T08:00:00Z"));
  });

  it("refuses opening an interview with someone who is not one's tutee, and a date in the past", async () => {
    await postIn(tutor, "/tutoring/appoint", [
      ["tutorId", await tutor.userId()],
      ["learnerIds", await lea.userId()],
    ]);
    const past = await post(tutor, "/interviews", [
      ["learnerId", await lea.userId()],
      ["date", "2026-01-01"],
      ["time", "10:00"],
    ]);
    expect(past.status).to.equal(400);
    expect(past.text).to.contain('value="2026-01-01"');
    const stranger = await post(tutor, "/interviews", [
      ["learnerId", "nobody-here"],
      ["date", ""],
      ["time", ""],
    ]);
    expect(stranger.status).to.equal(404);
    const malformed = await post(tutor, "/interviews", [["learnerId", "<script>"]]);
    expect(malformed.status).to.equal(400);
  });

  it("saves the programme's agenda template, proposes it for the next session, and keeps a refused one typed", async () => {
    const page = await tutor.browser.get(`${tutor.base}/sessions/agenda`);
    expect(page.text).to.contain(`value="Prise de contact"`);
    expect(mainText(page)).to.contain("cahier des charges");
    const refused = await post(tutor, "/sessions/agenda", [
      ["title", ""],
      ["items", "Un point sans thème"],
    ]);
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain(">Un point sans thème</textarea>");
    const saved = await post(tutor, "/sessions/agenda", [
      ["title", "Accueil de la promotion"],
      ["items", "Tour de table\nCalendrier du semestre"],
      ["title", ""],
      ["items", ""],
    ]);
    expect(saved.status).to.equal(200);
    expect(mainText(saved)).to.contain("Ordre du jour enregistré");
    const form = await tutor.browser.get(`${tutor.base}/sessions/groups/${groupId}/new`);
    expect(form.text).to.contain("Tour de table\nCalendrier du semestre</textarea>");
    // A learner has no say on the programme's agenda.
    expect((await lea.browser.get(`${lea.base}/sessions/agenda`)).status).to.equal(403);
  });
});
