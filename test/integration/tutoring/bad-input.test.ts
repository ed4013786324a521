// Every tutoring form posted with missing, malformed or over-long fields: a 400 page that keeps what was
// typed and names the field, never a 500, and nothing saved.
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { decodeEntities } from "../../support/sim-lms/index.js";
import { launch, learner, setupCourse, text, trainer, unique } from "../../support/validation.js";
import { MENTOR, optionValue, postIn, relationsOf } from "../../support/tutoring.js";

describe("tutoring: bad input", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  async function setting() {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    await launch(fixture, {
      sub: unique("tom"),
      name: "Tom Tuteur",
      roles: [MENTOR],
      context: course.context,
    });
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const page = await lead.browser.get(`${lead.base}/tutoring`);
    return { course, lead, lea, tomId: optionValue(page, "/tutoring/groups", "Tom Tuteur") };
  }

  it("refuses a group without a name, with an over-long name or an unknown tutor, keeping what was typed", async () => {
    const { lead, tomId } = await setting();
    const missing = await postIn(lead, "/tutoring/groups", { tutorId: tomId });
    expect(missing.status).to.equal(400);
    expect(text(missing)).to.contain("Donnez un nom au groupe.");
    expect(missing.text).to.match(/id="groupName"[^>]*aria-invalid="true"/);
    expect(missing.text).to.match(new RegExp(`<option value="${tomId}" selected>Tom Tuteur</option>`));

    const long = "Groupe ".repeat(40);
    const tooLong = await postIn(lead, "/tutoring/groups", { groupName: long, tutorId: tomId });
    expect(tooLong.status).to.equal(400);
    expect(decodeEntities(tooLong.text)).to.contain(`value="${long}"`);
    const unknown = await postIn(lead, "/tutoring/groups", { groupName: "GEP", tutorId: "nobody-here" });
    expect(unknown.status).to.equal(400);
    expect(text(unknown)).to.contain("Choisissez un·e tuteur·rice de la liste.");
    expect(unknown.text).to.contain('value="GEP"');
    const wrongType = await postIn(lead, "/tutoring/groups", [
      ["groupName", "GEP"],
      ["groupName", "Autre"],
      ["tutorId", tomId],
    ]);
    expect(wrongType.status).to.equal(400);
  });

  it("refuses an appointment with nobody ticked, a malformed id or the learner as their own tutor", async () => {
    const { lead, lea, tomId } = await setting();
    const leaId = await lea.userId();
    const nobody = await postIn(lead, "/tutoring/appoint", { tutorId: tomId });
    expect(nobody.status).to.equal(400);
    expect(text(nobody)).to.contain("Cochez au moins un·e apprenant·e.");
    const malformed = await postIn(lead, "/tutoring/appoint", [
      ["tutorId", tomId],
      ["learnerIds", "<script>alert(1)</script>"],
    ]);
    expect(malformed.status).to.equal(400);
    expect(malformed.text).not.to.contain("<script>alert(1)</script>");
    const self = await postIn(lead, "/tutoring/appoint", [
      ["tutorId", leaId],
      ["learnerIds", leaId],
    ]);
    expect(self.status).to.equal(400);
    expect(text(self)).to.contain("Une personne ne peut pas être son propre tuteur·rice.");
    expect(self.text).to.match(new RegExp(`value="${leaId}" checked`));
    const badKind = await postIn(lead, "/tutoring/appoint", [
      ["tutorId", tomId],
      ["learnerIds", leaId],
      ["kind", "boss"],
    ]);
    expect(badKind.status).to.equal(400);
    expect(await relationsOf(fixture, leaId)).to.deep.equal([]);
    const noGroup = await postIn(lead, "/tutoring/assign", [["learnerIds", leaId]]);
    expect(noGroup.status).to.equal(400);
  });

  it("refuses a rhythm out of range or not a number, keeping the typed values", async () => {
    const { lead } = await setting();
    const bad = await postIn(lead, "/tutoring/settings", {
      contactEveryWeeks: "six",
      silentAfterWeeks: "999",
      requestWaitingDays: "14",
      unansweredDays: "",
    });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.match(/id="contactEveryWeeks"[^>]*value="six"[^>]*aria-invalid="true"/);
    expect(bad.text).to.match(/id="silentAfterWeeks"[^>]*value="999"[^>]*aria-invalid="true"/);
    expect(bad.text).to.match(/id="requestWaitingDays"[^>]*value="14"/);
    const ok = await postIn(lead, "/tutoring/settings", {
      contactEveryWeeks: "",
      silentAfterWeeks: "3",
      requestWaitingDays: "10",
      unansweredDays: "7",
    });
    expect(ok.status).to.equal(200);
    expect(text(ok)).to.contain("Rythme du tutorat enregistré.");
    expect(ok.text).to.match(/id="contactEveryWeeks"[^>]*value=""/);
  });

  it("refuses an empty or over-long import, and answers 404 to a malformed or unknown id", async () => {
    const { lead } = await setting();
    const empty = await postIn(lead, "/tutoring/import", { csv: "   " });
    expect(empty.status).to.equal(400);
    expect(empty.text).to.match(/id="csv"[^>]*aria-invalid="true"/);
    const huge = "a;b\n".repeat(60_000);
    const tooLong = await postIn(lead, "/tutoring/import", { csv: huge });
    expect([400, 413]).to.include(tooLong.status);
    expect((await lead.browser.get(`${lead.base}/tutoring/import/not%20an%20id!`)).status).to.equal(404);
    expect((await lead.browser.get(`${lead.base}/tutoring/import/${unique("draft")}`)).status).to.equal(404);
    expect((await postIn(lead, "/tutoring/relations/nope!/end", {})).status).to.equal(404);
    expect((await postIn(lead, `/tutoring/relations/${unique("r")}/end`, {})).status).to.equal(404);
  });

  it("refuses a reassignment without a tutor on the learner's page, which stays as it was", async () => {
    const { lead, lea, tomId } = await setting();
    const leaId = await lea.userId();
    await postIn(lead, "/tutoring/appoint", [
      ["tutorId", tomId],
      ["learnerIds", leaId],
    ]);
    const [relation] = await relationsOf(fixture, leaId);
    const refused = await postIn(lead, `/tutoring/relations/${relation?.id ?? ""}/reassign`, { tutorId: "" });
    expect(refused.status).to.equal(400);
    expect(text(refused)).to.contain("Tutorat de Léa Stagiaire");
    expect(text(refused)).to.contain("Choisissez un·e tuteur·rice de la liste.");
    const same = await postIn(lead, `/tutoring/relations/${relation?.id ?? ""}/reassign`, { tutorId: tomId });
    expect(same.status).to.equal(400);
    expect((await relationsOf(fixture, leaId)).map((r) => r.to)).to.deep.equal([null]);
  });

  it("keeps learners and mentors out of the course's tutoring management (403)", async () => {
    const { course, lea } = await setting();
    expect((await lea.browser.get(`${lea.base}/tutoring`)).status).to.equal(200);
    expect((await postIn(lea, "/tutoring/groups", { groupName: "Pirate" })).status).to.equal(403);
    expect((await lea.browser.get(`${lea.base}/tutoring/import`)).status).to.equal(403);
    const mentor = await launch(fixture, {
      sub: unique("m"),
      name: "Mia Mentor",
      roles: [MENTOR],
      context: course.context,
    });
    expect((await postIn(mentor, "/tutoring/settings", { silentAfterWeeks: "1" })).status).to.equal(403);
  });
});
