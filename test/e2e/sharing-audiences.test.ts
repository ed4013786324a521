// Sharing with chosen audiences, through the simulated LMS: "my tutor only" leaves out the course's
// formateurs (404) while the tutor reads; the page says who reads it now; a tutor appointed later does
// not read until the learner agrees; a named person reads; an unticked course stays unticked; a form
// posted with garbage comes back as a 400 keeping what was ticked.
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { createTrace, csrfOf, submit, type Session } from "../support/portfolio.js";
import { decodeEntities, parseForms, type BrowserResponse } from "../support/sim-lms/index.js";
import { postIn } from "../support/tutoring.js";
import { learner, mainText, setupCourse, trainer, type TestCourse } from "../support/validation.js";

/** The share form's fields as the page ticks them, with the given values replacing theirs. */
function shareFields(
  page: BrowserResponse,
  traceId: string,
  replace: Record<string, string[]>,
): [string, string][] {
  const form = parseForms(page.text).find((candidate) =>
    candidate.action.endsWith(`/traces/${traceId}/share`),
  );
  if (!form) throw new Error("no share form");
  const kept = form.entries.filter(([name]) => !(name in replace));
  return [
    ...kept,
    ...Object.entries(replace).flatMap(([name, values]) =>
      values.map((value): [string, string] => [name, value]),
    ),
  ];
}

function audienceOf(page: BrowserResponse): string {
  const match = /<div class="audience" data-audience>([\s\S]*?)<\/div>/.exec(page.text);
  return decodeEntities((match?.[1] ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " "));
}

describe("e2e: sharing a trace with chosen audiences", () => {
  let fixture: LtiFixture;
  let course: TestCourse;
  let lead: Session;
  before(async () => {
    fixture = await startLtiFixture();
    course = await setupCourse(fixture, { leaves: 2 });
    lead = await trainer(fixture, course, "Régine Responsable");
  });
  after(async () => {
    await fixture.close();
  });

  async function appoint(tutor: Session, learnerSession: Session): Promise<void> {
    const response = await postIn(lead, "/tutoring/appoint", [
      ["tutorId", await tutor.userId()],
      ["learnerIds", await learnerSession.userId()],
    ]);
    expect(response.status, mainText(response).slice(0, 300)).to.equal(200);
  }

  it("my tutor only: the tutor reads it, a formateur of the same course gets a 404, the page says who reads", async () => {
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const tom = await trainer(fixture, course, "Tom Tuteur");
    const fanny = await trainer(fixture, course, "Fanny Formatrice");
    await appoint(tom, lea);
    const { id, page } = await createTrace(lea, "note", {
      title: "Ce que je n'ose pas dire",
      body_note: "Secret",
    });

    const course0 = parseForms(page.text)
      .find((form) => form.action.endsWith(`/traces/${id}/share`))
      ?.entries.find(([name]) => name === "course");
    expect(course0, "the course worked from is offered ticked on a first share").to.not.equal(undefined);
    const shared = await lea.browser.post(
      `${lea.base}/traces/${id}/share`,
      shareFields(page, id, { audience: ["tutors"], course: [] }),
    );
    expect(shared.url).to.contain("done=shared");
    const own = await lea.browser.get(`${lea.base}/traces/${id}`);
    expect(audienceOf(own)).to.contain("Tom Tuteur, votre tuteur·rice");
    expect(audienceOf(own)).not.to.contain("formateurs du cours");

    const asTutor = await tom.browser.get(`${tom.base}/traces/${id}`);
    expect(asTutor.status).to.equal(200);
    expect(decodeEntities(asTutor.text)).to.contain("comme tuteur·rice");
    const asFormateur = await fanny.browser.get(`${fanny.base}/traces/${id}`);
    expect(asFormateur.status).to.equal(404);
    expect(asFormateur.text).not.to.contain("Secret");
    const queue = decodeEntities((await fanny.browser.get(`${fanny.base}/traces/review`)).text);
    expect(queue).not.to.contain("Ce que je n'ose pas dire");

    // The unticked course stays unticked when the page comes back.
    const form = parseForms(own.text).find((candidate) => candidate.action.endsWith(`/traces/${id}/share`));
    expect(form?.entries.filter(([name]) => name === "course")).to.deep.equal([]);
    expect(form?.entries).to.deep.include(["audience", "tutors"]);
  });

  it("asks the learner before a tutor appointed later reads what she shared with her tutors", async () => {
    const ines = await learner(fixture, course, "Inès Interne");
    const first = await trainer(fixture, course, "Paul Premier");
    const second = await trainer(fixture, course, "Nora Nouvelle");
    await appoint(first, ines);
    const { id, page } = await createTrace(ines, "note", { title: "Mon semestre", body_note: "Bilan" });
    await ines.browser.post(
      `${ines.base}/traces/${id}/share`,
      shareFields(page, id, { audience: ["tutors"], course: [] }),
    );
    await appoint(second, ines);

    expect((await second.browser.get(`${second.base}/traces/${id}`)).status).to.equal(404);
    const own = await ines.browser.get(`${ines.base}/traces/${id}`);
    const text = decodeEntities(own.text);
    expect(text).to.contain("Nora Nouvelle est devenu·e votre tuteur·rice après ce partage");
    const agreed = await submit(ines, own, `/traces/${id}/share/tutors`);
    expect(agreed.status).to.equal(200);
    expect(audienceOf(agreed)).to.contain("Nora Nouvelle, votre tuteur·rice");
    expect((await second.browser.get(`${second.base}/traces/${id}`)).status).to.equal(200);
  });

  it("lets a named person read (only), and refuses anyone she may not name with a 400 keeping her ticks", async () => {
    const hugo = await learner(fixture, course, "Hugo Interne");
    const msu = await trainer(fixture, course, "Maud Maîtresse de stage");
    const elsewhere = await setupCourse(fixture, { leaves: 2 });
    const stranger = await trainer(fixture, elsewhere, "Sam Ailleurs");
    const { id, page } = await createTrace(hugo, "note", { title: "Garde de nuit", body_note: "Récit" });
    const msuId = await msu.userId();

    const refused = await hugo.browser.post(
      `${hugo.base}/traces/${id}/share`,
      shareFields(page, id, { audience: [], course: [], person: [msuId, await stranger.userId()] }),
    );
    expect(refused.status).to.equal(400);
    expect(decodeEntities(refused.text)).to.contain("ne fait pas partie de celles que vous pouvez nommer");
    expect(refused.text).to.match(new RegExp(`name="person" value="${msuId}" checked`));
    expect((await stranger.browser.get(`${stranger.base}/traces/${id}`)).status).to.equal(404);

    const garbage = await hugo.browser.post(`${hugo.base}/traces/${id}/share`, [
      ["_csrf", csrfOf(page.text)],
      ["audience", "everyone"],
      ["course", "x".repeat(500)],
    ]);
    expect(garbage.status).to.equal(400);

    await hugo.browser.post(
      `${hugo.base}/traces/${id}/share`,
      shareFields(page, id, { audience: [], course: [], person: [msuId] }),
    );
    const asNamed = await msu.browser.get(`${msu.base}/traces/${id}`);
    expect(asNamed.status).to.equal(200);
    expect(decodeEntities(asNamed.text)).to.contain("partagée nommément");
    expect(asNamed.text).not.to.contain(`/traces/${id}/decision`);
    expect(asNamed.text).not.to.contain(`/traces/${id}/comments`);
    const own = await hugo.browser.get(`${hugo.base}/traces/${id}`);
    expect(audienceOf(own)).to.contain("Maud Maîtresse de stage, que vous avez nommé·e");

    // Kept to himself again: nobody reads, and his choices stay ticked for next time.
    const again = await submit(hugo, own, `/traces/${id}/share`, { visibility: "private" });
    expect(audienceOf(again)).to.contain("Vous seul·e.");
    expect((await msu.browser.get(`${msu.base}/traces/${id}`)).status).to.equal(404);
  });

  it("lists, in my tutees' traces, the tutees who have shared nothing with me — first", async () => {
    const tutor = await trainer(fixture, course, "Tina Tutrice");
    const active = await learner(fixture, course, "Alice Active");
    const silent = await learner(fixture, course, "Sam Silencieux");
    await appoint(tutor, active);
    await appoint(tutor, silent);
    const { id, page } = await createTrace(active, "note", { title: "Journal de stage", body_note: "S1" });
    await active.browser.post(
      `${active.base}/traces/${id}/share`,
      shareFields(page, id, { audience: ["tutors"], course: [] }),
    );
    const review = await tutor.browser.get(`${tutor.base}/traces/review`);
    const section = /<section[^>]*data-silent-tutees>([\s\S]*?)<\/section>/.exec(review.text)?.[1] ?? "";
    const silentText = decodeEntities(section);
    expect(silentText).to.contain("Sam Silencieux");
    expect(silentText).not.to.contain("Alice Active");
    expect(section).to.contain(`/learners/${await silent.userId()}"`);
    const text = mainText(review);
    expect(text).to.contain("Journal de stage");
    expect(text.indexOf("Sam Silencieux")).to.be.lessThan(text.indexOf("Journal de stage"));
  });

  it("asks the learner, on her tutors' page, to open what she shared to a new tutor, all at once", async () => {
    const zoe = await learner(fixture, course, "Zoé Interne");
    const first = await trainer(fixture, course, "Paul Premier");
    const next = await trainer(fixture, course, "Nina Suivante");
    await appoint(first, zoe);
    const ids: string[] = [];
    for (const title of ["Premier RSCA", "Deuxième RSCA"]) {
      const { id, page } = await createTrace(zoe, "note", { title, body_note: "Texte" });
      await zoe.browser.post(
        `${zoe.base}/traces/${id}/share`,
        shareFields(page, id, { audience: ["tutors"], course: [] }),
      );
      ids.push(id);
    }
    const before = await zoe.browser.get(`${zoe.base}/my-tutors`);
    expect(before.text).not.to.contain("data-ask-new-tutors");
    await appoint(next, zoe);

    const asked = await zoe.browser.get(`${zoe.base}/my-tutors`);
    const section = decodeEntities(
      /<section[^>]*data-ask-new-tutors>([\s\S]*?)<\/section>/.exec(asked.text)?.[1] ?? "",
    );
    expect(section).to.contain("vous accompagne aussi : Nina Suivante. Ces 2 traces partagées");
    expect(section).to.contain("Premier RSCA");
    for (const id of ids) expect((await next.browser.get(`${next.base}/traces/${id}`)).status).to.equal(404);

    const opened = await submit(zoe, asked, "/my-tutors/open-traces");
    expect(mainText(opened)).to.contain("2 traces ouvertes à vos tuteur·rices actuel·les.");
    expect(opened.text).not.to.contain("data-ask-new-tutors");
    for (const id of ids) expect((await next.browser.get(`${next.base}/traces/${id}`)).status).to.equal(200);
  });
});
