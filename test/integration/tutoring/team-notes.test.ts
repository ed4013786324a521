// Team notes through the simulated LMS: the tutor, the référent and the course's formateurs share notes
// about a learner; the learner, a peer tutor and a formateur of another course find nothing (404);
// private notes stay apart; a note posted empty, over-long or as a list comes back as a 400 keeping it.
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import type { Session } from "../../support/portfolio.js";
import { decodeEntities } from "../../support/sim-lms/index.js";
import { postIn } from "../../support/tutoring.js";
import { learner, setupCourse, text, trainer, type TestCourse } from "../../support/validation.js";

describe("tutoring: team notes", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  async function team(): Promise<{
    course: TestCourse;
    lead: Session;
    lea: Session;
    tom: Session;
    path: string;
  }> {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const elsewhere = await setupCourse(fixture, { leaves: 2 });
    const tom = await trainer(fixture, elsewhere, "Tom Tuteur");
    const appointed = await postIn(lead, "/tutoring/appoint", [
      ["tutorId", await tom.userId()],
      ["learnerIds", await lea.userId()],
    ]);
    expect(appointed.status).to.equal(200);
    return { course, lead, lea, tom, path: `/tutoring/learners/${await lea.userId()}/team-notes` };
  }

  it("is shared by the tutor, the référent and the course's formateurs, and by nobody else", async () => {
    const { course, lead, lea, tom, path } = await team();
    const written = await postIn(tom, path, {
      body: "Semble épuisée après ses gardes : à revoir en entretien.",
    });
    expect(written.status).to.equal(200);
    expect(text(written)).to.contain("Note ajoutée pour l'équipe.");

    // The référent named in the course settings, acting from another course.
    const elsewhere = await setupCourse(fixture, { leaves: 2 });
    const referent = await trainer(fixture, elsewhere, "Rémi Référent");
    await fixture.carnet.services.courseSettings.update(
      course.scope,
      { referentUserId: await referent.userId() },
      "test",
    );
    const asReferent = await referent.browser.get(`${referent.base}${path}`);
    expect(asReferent.status).to.equal(200);
    expect(text(asReferent)).to.contain("Semble épuisée après ses gardes");
    expect(text(asReferent)).to.contain("Tom Tuteur (tuteur·rice)");
    const added = await postIn(referent, path, { body: "Vu en commission : à suivre." });
    expect(added.status).to.equal(200);

    // The course's formateur, from the course; the same person from another course sees nothing.
    const asLead = await lead.browser.get(`${lead.base}${path}`);
    expect(asLead.status).to.equal(200);
    expect(text(asLead)).to.contain("Vu en commission");
    const stranger = await trainer(fixture, elsewhere, "Sam Ailleurs");
    expect((await stranger.browser.get(`${stranger.base}${path}`)).status).to.equal(404);
    expect((await postIn(stranger, path, { body: "Intrus" })).status).to.equal(404);

    // The learner never reads them, on this page or on hers.
    expect((await lea.browser.get(`${lea.base}${path}`)).status).to.equal(404);
    for (const own of ["/", "/traces", "/my-tutors"]) {
      const page = decodeEntities((await lea.browser.get(`${lea.base}${own}`)).text);
      expect(page, own).not.to.contain("Semble épuisée");
    }

    // A peer tutor is a fellow intern, not the team.
    const peer = await learner(fixture, course, "Paul Pair");
    await postIn(lead, "/tutoring/appoint", [
      ["tutorId", await peer.userId()],
      ["learnerIds", await lea.userId()],
      ["kind", "peer"],
    ]);
    expect((await peer.browser.get(`${peer.base}${path}`)).status).to.equal(404);

    // The tutor reaches them from the workspace, one click.
    const workspace = await tom.browser.get(`${tom.base}/tutoring`);
    expect(workspace.text).to.contain(`${path}"`);
  });

  it("keeps the tutor's private notes apart", async () => {
    const { lead, lea, path } = await team();
    const file = await postIn(lead, `/learners/${await lea.userId()}/notes`, {
      note: "Ma note privée à moi",
    });
    expect(file.status).to.equal(200);
    const notes = await lead.browser.get(`${lead.base}${path}`);
    expect(text(notes)).not.to.contain("Ma note privée à moi");
  });

  it("refuses an empty, over-long or repeated note with a 400 that keeps what was typed", async () => {
    const { tom, path } = await team();
    const empty = await postIn(tom, path, { body: "   " });
    expect(empty.status).to.equal(400);
    expect(text(empty)).to.contain("Ce champ est obligatoire.");
    expect(empty.text).to.match(/id="body"[^>]*aria-invalid="true"/);

    const long = "Très long. ".repeat(400);
    const tooLong = await postIn(tom, path, { body: long });
    expect(tooLong.status).to.equal(400);
    expect(decodeEntities(tooLong.text)).to.contain(long.trim().slice(0, 200));

    const twice = await postIn(tom, path, [
      ["body", "Une"],
      ["body", "Deux"],
    ]);
    expect(twice.status).to.equal(400);
    const saved = await tom.browser.get(`${tom.base}${path}`);
    expect(text(saved)).to.contain("Aucune note d'équipe pour l'instant.");
  });
});
