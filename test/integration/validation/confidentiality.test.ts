import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { csrfOf } from "../../support/portfolio.js";
import {
  formOf,
  launch,
  mainText,
  learner,
  requestValidation,
  ROLE,
  setupCourse,
  text,
  trainer,
  unique,
} from "../../support/validation.js";

describe("validation: tutors' notes stay confidential, and nobody validates their own competences", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  it("keeps private notes and the contact log away from the learner, and notes away from other trainers", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course);
    const fanny = await trainer(fixture, course, "Fanny Formatrice");
    const paul = await trainer(fixture, course, "Paul Tuteur");
    const leaId = await lea.userId();
    await requestValidation(lea, [{ code: "C01", justification: "Ma séance" }]);

    const file = await fanny.browser.get(`${fanny.base}/learners/${leaId}`);
    expect(file.status).to.equal(200);
    const noteForm = formOf(file, "/notes");
    const secret = "Traverse une période difficile, en parler au prochain entretien";
    const saved = await fanny.browser.post(new URL(noteForm.action, file.url).toString(), {
      _csrf: noteForm.fields._csrf ?? "",
      note: secret,
    });
    expect(saved.status).to.equal(200);
    expect(saved.text).to.contain(secret);
    const contactForm = formOf(saved, "/contacts");
    const logged = await fanny.browser.post(new URL(contactForm.action, file.url).toString(), {
      _csrf: contactForm.fields._csrf ?? "",
      date: "2026-11-20",
      channel: "phone",
      contactNote: "Appel de suivi du stage",
    });
    expect(logged.status).to.equal(200);
    expect(text(logged)).to.contain("Dernier contact 20 nov. 2026");
    expect(text(logged)).to.contain("téléphone");

    const stored = await fixture.carnet.services.validation.models.TutorNote.findOne({
      learnerId: leaId,
    }).lean();
    expect(stored?.confidential).to.equal(true);

    // Another trainer sees the contact log, never Fanny's private notes.
    const paulView = await paul.browser.get(`${paul.base}/learners/${leaId}`);
    expect(paulView.text).to.contain("Appel de suivi du stage");
    expect(paulView.text).to.not.contain(secret);

    // The learner cannot open the file (404, as if it did not exist) and no page of theirs shows it.
    expect((await lea.browser.get(`${lea.base}/learners/${leaId}`)).status).to.equal(404);
    const pages = [
      "/",
      "/competences",
      `/competences/${course.frameworkId}/C01`,
      "/notifications",
      "/requests/new",
    ];
    for (const path of pages) {
      const page = await lea.browser.get(`${lea.base}${path}`);
      expect(page.status, path).to.equal(200);
      expect(page.text, path).to.not.contain(secret);
      expect(page.text, path).to.not.contain("Appel de suivi du stage");
    }
    // Notes never reach the LMS: grade deliveries read competence records only.
    const record = await fixture.carnet.services.validation.models.CompetenceRecord.findOne({
      learnerId: leaId,
    }).lean();
    expect(JSON.stringify(record)).to.not.contain(secret);
  });

  it("refuses a learner validating their own competence, even with a teacher role in another course", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const sub = unique("double-role");
    const asLearner = await launch(fixture, {
      sub,
      name: "Marc Double",
      roles: [ROLE.learner],
      context: course.context,
    });
    await requestValidation(asLearner, [{ code: "C02", justification: "Ma séquence" }]);
    const marcId = await asLearner.userId();

    // Marc teaches another course: from there, his own request does not appear and cannot be decided.
    const other = await setupCourse(fixture, { leaves: 3 });
    const asTeacher = await launch(fixture, {
      sub,
      name: "Marc Double",
      roles: [ROLE.instructor],
      context: other.context,
    });
    const queue = await asTeacher.browser.get(`${asTeacher.base}/validation/queue`);
    expect(mainText(queue)).to.not.contain("Marc Double");
    const request = await fixture.carnet.services.validation.models.ValidationRequest.findOne({
      learnerId: marcId,
    }).lean();
    const page = await asTeacher.browser.get(`${asTeacher.base}/validation/requests/${request?._id ?? ""}`);
    expect(page.status).to.equal(404);
    // Even with a teacher role in the very same course, his own competences are his as a learner only.
    const sameCourse = await launch(fixture, {
      sub,
      name: "Marc Double",
      roles: [ROLE.instructor, ROLE.learner],
      context: course.context,
    });
    const own = await sameCourse.browser.get(
      `${sameCourse.base}/learners/${marcId}/competences/${course.frameworkId}/C02`,
    );
    expect(own.status).to.equal(404);
    const csrf = csrfOf(
      (await sameCourse.browser.get(`${sameCourse.base}/competences/${course.frameworkId}/C02`)).text,
    );
    const forced = await sameCourse.browser.post(
      `${sameCourse.base}/learners/${marcId}/competences/${course.frameworkId}/C02/actions`,
      {
        _csrf: csrf,
        action: "observe",
        level: "competent",
        comment: "Je me valide",
      },
    );
    expect(forced.status).to.equal(403);
    expect(text(forced)).to.contain("On ne valide jamais ses propres compétences");
    const [record] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      marcId,
      course.frameworkId,
    );
    expect(record?.state).to.equal("submitted");
  });

  it("lets a validator act only where they teach: a teacher of another course gets nothing", async () => {
    const course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course);
    await requestValidation(lea, [{ code: "C01", justification: "Séance" }]);
    const elsewhere = await setupCourse(fixture, { leaves: 3 });
    const stranger = await trainer(fixture, elsewhere, "Zoé Ailleurs");
    const leaId = await lea.userId();
    expect(mainText(await stranger.browser.get(`${stranger.base}/validation/queue`))).to.not.contain(
      "Léa Stagiaire",
    );
    const request = await fixture.carnet.services.validation.models.ValidationRequest.findOne({
      learnerId: leaId,
    }).lean();
    expect(
      (await stranger.browser.get(`${stranger.base}/validation/requests/${request?._id ?? ""}`)).status,
    ).to.equal(404);
    expect((await stranger.browser.get(`${stranger.base}/learners/${leaId}`)).status).to.equal(404);
  });
});
