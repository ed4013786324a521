// Tutoring as a relation: appointing is a permission of its own, reassigning and removing groups keep
// the past, the learner sees who their tutors are and since when.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  launch,
  learner,
  mainText,
  ROLE,
  setupCourse,
  text,
  trainer,
  unique,
} from "../../support/validation.js";
import { MENTOR, optionValue, postIn, relationsOf } from "../../support/tutoring.js";

describe("tutoring: appointments, history, groups", () => {
  let fixture: LtiFixture;
  const clock = new ManualClock(new Date("2026-09-01T08:00:00Z"));
  before(async () => {
    fixture = await startLtiFixture({ clock });
  });
  after(async () => {
    await fixture.close();
  });

  it("lets only a lead of the learner's course (or an administrator) appoint: anyone else gets a 404 and nothing is made", async () => {
    const courseA = await setupCourse(fixture, { leaves: 2 });
    const courseB = await setupCourse(fixture, { leaves: 2 });
    const lea = await learner(fixture, courseA, "Léa Stagiaire");
    const leaId = await lea.userId();
    const teacherB = await trainer(fixture, courseB, "Bérénice Autre");
    const teacherBId = await teacherB.userId();

    // Her own group in course B, then Léa (a learner of course A only) pulled into it: refused.
    const created = await postIn(teacherB, "/tutoring/groups", {
      groupName: "Mon groupe",
      tutorId: teacherBId,
    });
    expect(created.status).to.equal(200);
    const groupId =
      (await fixture.carnet.services.tutoring.store.groupsIn(fixture.platform._id, courseB.scope))[0]?.id ??
      "";
    const pulled = await postIn(teacherB, "/tutoring/assign", [
      ["groupId", groupId],
      ["learnerIds", leaId],
    ]);
    expect(pulled.status).to.equal(404);
    const appointed = await postIn(teacherB, "/tutoring/appoint", [
      ["tutorId", teacherBId],
      ["learnerIds", leaId],
    ]);
    expect(appointed.status).to.equal(404);
    expect(await relationsOf(fixture, leaId)).to.deep.equal([]);
    expect((await teacherB.browser.get(`${teacherB.base}/tutoring/learners/${leaId}`)).status).to.equal(404);

    // The lead of course A may; an administrator launched from course B may too.
    const teacherA = await trainer(fixture, courseA, "Anne Responsable");
    const ok = await postIn(teacherA, "/tutoring/appoint", [
      ["tutorId", teacherBId],
      ["learnerIds", leaId],
    ]);
    expect(ok.status).to.equal(200);
    expect(text(ok)).to.contain("Tuteur·rice désigné·e pour 1 apprenant·e");
    const admin = await launch(fixture, {
      sub: unique("admin"),
      name: "Ada Admin",
      roles: [ROLE.admin, ROLE.instructor],
      context: courseB.context,
    });
    const byAdmin = await postIn(admin, "/tutoring/appoint", [
      ["tutorId", await teacherA.userId()],
      ["learnerIds", leaId],
      ["kind", "peer"],
    ]);
    expect(byAdmin.status).to.equal(200);
    const relations = await relationsOf(fixture, leaId);
    expect(relations.map((relation) => [relation.kind, relation.to])).to.have.deep.members([
      ["tutor", null],
      ["peer", null],
    ]);
  });

  it("reassigns with the past kept, and the learner sees who accompanies them and since when", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const leadSub = unique("lead");
    let lead = await trainer(fixture, course, "Régine Responsable", leadSub);
    const paulSub = unique("paul");
    await launch(fixture, { sub: paulSub, name: "Paul Tuteur", roles: [MENTOR], context: course.context });
    const marieSub = unique("marie");
    await launch(fixture, { sub: marieSub, name: "Marie Tutrice", roles: [MENTOR], context: course.context });
    const leaSub = unique("lea");
    let lea = await learner(fixture, course, "Léa Stagiaire", leaSub);
    const leaId = await lea.userId();

    const page = await lead.browser.get(`${lead.base}/tutoring`);
    const paulId = optionValue(page, "/tutoring/appoint", "Paul Tuteur");
    const marieId = optionValue(page, "/tutoring/appoint", "Marie Tutrice");
    expect(
      (
        await postIn(lead, "/tutoring/appoint", [
          ["tutorId", paulId],
          ["learnerIds", leaId],
        ])
      ).status,
    ).to.equal(200);
    // The same appointment twice is refused on its field, with nothing changed.
    const twice = await postIn(lead, "/tutoring/appoint", [
      ["tutorId", paulId],
      ["learnerIds", leaId],
    ]);
    expect(twice.status).to.equal(400);
    expect(text(twice)).to.contain("Cette personne est déjà tuteur·rice de cet·te apprenant·e.");

    // Three weeks later, Marie replaces Paul.
    clock.advance(21 * 86_400_000);
    lead = await trainer(fixture, course, "Régine Responsable", leadSub);
    lea = await learner(fixture, course, "Léa Stagiaire", leaSub);
    const [current] = await relationsOf(fixture, leaId);
    const history = await lead.browser.get(`${lead.base}/tutoring/learners/${leaId}`);
    expect(mainText(history)).to.contain("Paul Tuteur");
    const reassigned = await postIn(lead, `/tutoring/relations/${current?.id ?? ""}/reassign`, {
      tutorId: marieId,
    });
    expect(reassigned.status).to.equal(200);
    expect(mainText(reassigned)).to.match(/Marie Tutrice .*depuis le 22 sept\. 2026/);
    expect(mainText(reassigned)).to.match(/Paul Tuteur — du 1 sept\. 2026 au 22 sept\. 2026 .*remplacé·e/);
    const after = await relationsOf(fixture, leaId);
    expect(after.map((relation) => [relation.tutorId, relation.endReason])).to.deep.equal([
      [marieId, null],
      [paulId, "reassigned"],
    ]);

    // Léa's navigation offers her tutors; the page says who and since when, and who before.
    const home = await lea.browser.get(`${lea.base}/`);
    expect(home.text).to.contain(`${new URL(lea.base).pathname}/my-tutors`);
    const mine = await lea.browser.get(`${lea.base}/my-tutors`);
    expect(mine.status).to.equal(200);
    expect(mainText(mine)).to.match(/Aujourd'hui Marie Tutrice — Tuteur·rice, depuis le 22 sept\. 2026/);
    expect(mainText(mine)).to.match(/Avant Paul Tuteur — du 1 sept\. 2026 au 22 sept\. 2026/);
    // And Paul, told nothing new, no longer follows her.
    const paulTutees = await fixture.carnet.services.validation.tutoring.tuteesOf(
      fixture.platform._id,
      paulId,
    );
    expect(paulTutees).to.deep.equal([]);
  });

  it("removes a group: its members' relations end and stay in their history", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const tutorSub = unique("tom");
    await launch(fixture, { sub: tutorSub, name: "Tom Tuteur", roles: [MENTOR], context: course.context });
    const a = await learner(fixture, course, "Alice Interne");
    const b = await learner(fixture, course, "Bruno Interne");
    const page = await lead.browser.get(`${lead.base}/tutoring`);
    const tomId = optionValue(page, "/tutoring/groups", "Tom Tuteur");
    await postIn(lead, "/tutoring/groups", { groupName: "GEP du mardi", tutorId: tomId });
    const [group] = await fixture.carnet.services.tutoring.store.groupsIn(fixture.platform._id, course.scope);
    const filled = await postIn(lead, "/tutoring/assign", [
      ["groupId", group?.id ?? ""],
      ["learnerIds", await a.userId()],
      ["learnerIds", await b.userId()],
    ]);
    expect(mainText(filled)).to.contain("Tuteur·rice : Tom Tuteur · 2 apprenant·e·s");
    // A second group with the same name is refused on its field.
    const same = await postIn(lead, "/tutoring/groups", { groupName: "gep du MARDI", tutorId: tomId });
    expect(same.status).to.equal(400);
    expect(text(same)).to.contain("Un groupe « gep du MARDI » existe déjà dans ce cours.");

    const removed = await postIn(lead, `/tutoring/groups/${group?.id ?? ""}/remove`, {});
    expect(removed.status).to.equal(200);
    expect(mainText(removed)).to.contain("Aucun groupe pour l'instant.");
    for (const session of [a, b]) {
      const [relation] = await relationsOf(fixture, await session.userId());
      expect(relation?.endReason).to.equal("group_removed");
      expect(relation?.groupId).to.equal(group?.id);
    }
    const mine = await a.browser.get(`${a.base}/my-tutors`);
    expect(mainText(mine)).to.contain("Tom Tuteur");
    expect(mainText(mine)).to.contain("groupe retiré");
  });
});
