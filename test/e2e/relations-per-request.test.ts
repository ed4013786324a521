// A page reads a person's tutoring relations once, for itself only: a tutor whose relation ends between
// two requests of the same launch reads their tutee's trace on the first and gets a 404 on the second,
// even when the relation is ended behind the application's back (another instance, the database).
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { createTrace } from "../support/portfolio.js";
import { parseForms } from "../support/sim-lms/index.js";
import { postIn, relationsOf } from "../support/tutoring.js";
import { learner, mainText, setupCourse, trainer } from "../support/validation.js";

describe("e2e: tutoring relations are read per request", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  it("lets a tutor read a tutee's trace, then refuses it on the next request once the relation has ended", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const tom = await trainer(fixture, course, "Tom Tuteur");
    const leaId = await lea.userId();
    const appointed = await postIn(lead, "/tutoring/appoint", [
      ["tutorId", await tom.userId()],
      ["learnerIds", leaId],
    ]);
    expect(appointed.status, mainText(appointed).slice(0, 300)).to.equal(200);
    const { id, page } = await createTrace(lea, "note", { title: "Pour mon tuteur", body_note: "Bilan" });
    const share = parseForms(page.text).find((form) => form.action.endsWith(`/traces/${id}/share`));
    if (!share) throw new Error("no share form");
    const shared = await lea.browser.post(`${lea.base}/traces/${id}/share`, [
      ...share.entries.filter(([name]) => name !== "audience" && name !== "course"),
      ["audience", "tutors"],
    ]);
    expect(shared.url).to.contain("done=shared");

    const asTutor = await tom.browser.get(`${tom.base}/traces/${id}`);
    expect(asTutor.status).to.equal(200);
    expect(mainText(asTutor)).to.contain("Pour mon tuteur");

    // Ended straight in the database, as another instance would: no memo of this process is told.
    const [held] = await relationsOf(fixture, leaId);
    if (!held) throw new Error("Tom tutors Léa");
    const relations = fixture.carnet.services.models.User.db.collection<{ _id: string }>(
      "tutoring_relations",
    );
    const ended = await relations.updateOne(
      { _id: held.id },
      { $set: { to: new Date(), endReason: "ended" }, $unset: { activeKey: "" } },
    );
    expect(ended.modifiedCount).to.equal(1);

    const afterEnd = await tom.browser.get(`${tom.base}/traces/${id}`);
    expect(afterEnd.status).to.equal(404);
    expect(afterEnd.text).not.to.contain("Bilan");
  });
});
