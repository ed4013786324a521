// The tutor journey through the simulated LMS: a Mentor's launch with role_scope_mentor lands in the
// tutor workspace with the mentees the LMS lists (and follows the LMS when the list changes); an
// Instructor of another course and a learner who is a peer tutor reach theirs from the navigation; the
// most silent tutee comes first.
import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { createTrace } from "../support/portfolio.js";
import { mentorLaunch, postIn, relationsOf } from "../support/tutoring.js";
import { learner, mainText, ROLE, setupCourse, launch, trainer, unique } from "../support/validation.js";

const DAY = 86_400_000;

describe("e2e: the tutor workspace", () => {
  let fixture: LtiFixture;
  const clock = new ManualClock(new Date("2026-10-05T08:00:00Z"));
  before(async () => {
    fixture = await startLtiFixture({ clock });
  });
  after(async () => {
    await fixture.close();
  });

  it("lands a Mentor launch with role_scope_mentor in the tutor workspace, with the LMS's mentees, and follows the LMS", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const leaSub = unique("lea");
    const lea = await learner(fixture, course, "Léa Stagiaire", leaSub);
    // Hugo is in the LMS but has never opened Carnet: the claim alone makes him known.
    const hugoSub = unique("hugo");
    const mentorSub = unique("mentor");
    const mentor = await mentorLaunch(fixture, {
      sub: mentorSub,
      name: "Marc Lefèvre",
      context: course.context,
      mentees: [leaSub, hugoSub],
    });
    const landing = mainText(mentor.final);
    expect(landing).to.contain("Mes tutorés (2)");
    expect(landing).not.to.contain("Votre portfolio est encore vide");
    expect(landing).not.to.contain("Demander une validation");
    // The silent one first: Hugo never launched.
    expect(landing.indexOf("#" + hugoSub)).to.be.greaterThan(-1);
    expect(landing.indexOf("#" + hugoSub)).to.be.lessThan(landing.indexOf("Léa Stagiaire"));
    expect(landing).to.contain("N'a jamais ouvert Carnet");
    expect(mentor.final.text).to.match(/aria-current="page"[^>]*>Tutorat|>Tutorat</);
    const leaId = await lea.userId();
    expect((await relationsOf(fixture, leaId)).map((relation) => relation.source)).to.deep.equal(["lti"]);

    // The LMS drops Léa from the claim: her relation from the LMS ends, with its history.
    const mentorId = await mentor.userId();
    clock.advance(DAY);
    const again = await mentorLaunch(fixture, {
      sub: mentorSub,
      name: "Marc Lefèvre",
      context: course.context,
      mentees: [hugoSub],
    });
    expect(mainText(again.final)).to.contain("Mon tutoré (1)");
    const [ended] = await relationsOf(fixture, leaId);
    expect(ended).to.include({ source: "lti", endReason: "lms" });
    // The lead appoints him in Carnet; a later claim without Léa never ends a relation made in Carnet.
    const lead = await trainer(fixture, course, "Régine Responsable");
    const appointed = await postIn(lead, "/tutoring/appoint", [
      ["tutorId", mentorId],
      ["learnerIds", leaId],
    ]);
    expect(appointed.status).to.equal(200);
    await mentorLaunch(fixture, {
      sub: mentorSub,
      name: "Marc Lefèvre",
      context: course.context,
      mentees: [],
    });
    const current = (await relationsOf(fixture, leaId)).filter((relation) => relation.to === null);
    expect(current.map((relation) => relation.source)).to.deep.equal(["carnet"]);
    const hugoId = (
      await fixture.carnet.services.models.User.findOne({
        platformId: fixture.platform._id,
        sub: hugoSub,
      }).lean<{
        _id: string;
      }>()
    )?._id;
    expect((await relationsOf(fixture, hugoId ?? "")).map((relation) => relation.endReason)).to.deep.equal([
      "lms",
    ]);
  });

  it("gives an Instructor of another course, assigned tutees in Carnet, the workspace from the navigation", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const elsewhere = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const tutorSub = unique("paul");
    // Known in course A's list as a Mentor, teaching another course.
    await launch(fixture, {
      sub: tutorSub,
      name: "Paul Tuteur",
      roles: [ROLE.instructor],
      context: elsewhere.context,
    });
    const tutorId = (
      await fixture.carnet.services.models.User.findOne({
        platformId: fixture.platform._id,
        sub: tutorSub,
      }).lean<{
        _id: string;
      }>()
    )?._id;
    await fixture.carnet.services.tutoring.appointments.appoint(
      {
        platformId: fixture.platform._id,
        deploymentId: course.scope.deploymentId,
        contextId: course.scope.contextId,
        resourceLinkId: null,
        userId: await lead.userId(),
        roles: ["teacher"],
        launchId: "seeded",
      },
      { tutorId: tutorId ?? "", learnerIds: [await lea.userId()], kind: "tutor" },
      { course: course.scope },
    );
    const paul = await launch(fixture, {
      sub: tutorSub,
      name: "Paul Tuteur",
      roles: [ROLE.instructor],
      context: elsewhere.context,
    });
    const entry = new RegExp(`href="${new URL(paul.base).pathname}/tutoring"`);
    expect(paul.home.text).to.match(entry);
    const workspace = await paul.browser.get(`${paul.base}/tutoring`);
    expect(mainText(workspace)).to.contain("Mon tutoré (1)");
    expect(mainText(workspace)).to.contain("Léa Stagiaire");
    // Only his tutees: nothing else of course A.
    expect(mainText(workspace)).not.to.contain("Régine Responsable");
  });

  it("puts the most silent tutee first, with the warning signs as facts", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const active = await learner(fixture, course, "Alice Active");
    const silentSub = unique("silent");
    await learner(fixture, course, "Sam Silencieux", silentSub);
    const tutorSub = unique("tutor");
    const tutor = await mentorLaunch(fixture, {
      sub: tutorSub,
      name: "Tina Tutrice",
      context: course.context,
    });
    const tutorId = await tutor.userId();
    for (const session of [active]) await createTrace(session, "note", { title: "Journal", body_note: "S1" });
    const silentId = (
      await fixture.carnet.services.models.User.findOne({
        platformId: fixture.platform._id,
        sub: silentSub,
      }).lean<{
        _id: string;
      }>()
    )?._id;
    const appointed = await postIn(lead, "/tutoring/appoint", [
      ["tutorId", tutorId],
      ["learnerIds", await active.userId()],
      ["learnerIds", silentId ?? ""],
    ]);
    expect(appointed.status).to.equal(200);
    // Seven weeks later: Sam has written nothing and nobody has met either of them.
    clock.advance(49 * DAY);
    const tina = await mentorLaunch(fixture, {
      sub: tutorSub,
      name: "Tina Tutrice",
      context: course.context,
    });
    const page = mainText(tina.final);
    expect(page.indexOf("Sam Silencieux")).to.be.lessThan(page.indexOf("Alice Active"));
    expect(page).to.contain("Aucune trace encore");
    expect(page).to.contain("Aucun contact encore");
    expect(page).to.contain("sans contact depuis plus longtemps que le rythme prévu");
  });
});
