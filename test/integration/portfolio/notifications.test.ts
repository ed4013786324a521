// In-app notifications of the portfolio's exchanges, through real launches: a learner shares a trace
// (its course's trainers and the learner's personal tutors are told) and comments on it (same people);
// a reviewer comments or decides (the learner is told).
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  createTrace,
  editTrace,
  launchAs,
  ROLE,
  submit,
  unique,
  type Session,
} from "../../support/portfolio.js";
import { decodeEntities } from "../../support/sim-lms/index.js";

interface Shown {
  text: string;
  href: string | null;
  unread: boolean;
}

/** The person's /notifications page, newest first: each item's sentence and link. */
async function notificationsOf(session: Session): Promise<Shown[]> {
  const page = await session.browser.get(`${session.base}/notifications`);
  expect(page.status).to.equal(200);
  return [...page.text.matchAll(/<li class="notification( notification--unread)?">([\s\S]*?)<\/li>/g)].map(
    (match) => {
      const body = match[2] ?? "";
      const withoutBadge = body.replace(/<span class="badge[^>]*>[^<]*<\/span>/, "");
      const sentence = withoutBadge.split('<span class="muted">')[0] ?? "";
      return {
        text: decodeEntities(sentence.replace(/<[^>]+>/g, ""))
          .replace(/\s+/g, " ")
          .trim(),
        href: /<a href="([^"]+)">/.exec(withoutBadge)?.[1] ?? null,
        unread: match[1] !== undefined,
      };
    },
  );
}

describe("portfolio: notifications of sharing, comments and decisions", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  const person = (name: string, roles: string[], context: { id: string; title: string }): Promise<Session> =>
    launchAs(fixture, { sub: unique(name.toLowerCase().replace(/\W+/g, "-")), name, roles, context });

  async function setting(): Promise<{
    learner: Session;
    teacher: Session;
    tutor: Session;
    stranger: Session;
  }> {
    const course = { id: unique("course"), title: "Stage en responsabilité" };
    const elsewhere = { id: unique("tutors"), title: "Espace des tuteurs" };
    const learner = await person("Lucas Stagiaire", [ROLE.learner], course);
    const teacher = await person("Fanny Formatrice", [ROLE.instructor], course);
    const tutor = await person("Tom Tuteur", [ROLE.instructor], elsewhere);
    const stranger = await person("Sam Étranger", [ROLE.instructor], elsewhere);
    await fixture.carnet.services.validation.tutoring.assign({
      platformId: fixture.platform._id,
      tutorId: await tutor.userId(),
      learnerId: await learner.userId(),
      createdIn: { deploymentId: fixture.tool.deploymentIds[0] ?? "1", contextId: elsewhere.id },
      createdBy: await tutor.userId(),
      at: new Date(),
    });
    return { learner, teacher, tutor, stranger };
  }

  it("tells the course's trainers and the learner's tutors when a trace is shared with them, once", async () => {
    const { learner, teacher, tutor, stranger } = await setting();
    const { id, page } = await createTrace(learner, "sequence", {
      title: "Séance tableur en 4e",
      body_contexte: "Classe de 4e.",
    });
    expect(await notificationsOf(teacher)).to.deep.equal([]);

    const shared = await submit(learner, page, `/traces/${id}/share`, { visibility: "tutors" });
    expect(shared.status).to.equal(200);
    const sentence = "Lucas Stagiaire a partagé avec vous sa trace « Séance tableur en 4e ».";
    const teacherPath = `${new URL(teacher.base).pathname}/traces/${id}`;
    expect(await notificationsOf(teacher)).to.deep.equal([
      { text: sentence, href: teacherPath, unread: true },
    ]);
    // The tutor follows the learner from another course: told, with no link from there.
    expect(await notificationsOf(tutor)).to.deep.equal([{ text: sentence, href: null, unread: true }]);
    expect(await notificationsOf(stranger)).to.deep.equal([]);
    expect(await notificationsOf(learner)).to.deep.equal([]);
    // The link opens the trace; the navigation counts it as unread.
    const home = await teacher.browser.get(`${teacher.base}/`);
    expect(home.text).to.contain('aria-label="1 notification(s) non lue(s)"');
    expect((await teacher.browser.get(new URL(teacherPath, teacher.base).toString())).status).to.equal(200);

    // Sharing again with the same people tells nobody twice.
    await submit(learner, shared, `/traces/${id}/share`, { visibility: "group" });
    expect(await notificationsOf(teacher)).to.have.length(1);
    expect(await notificationsOf(tutor)).to.have.length(1);
  });

  it("tells the reviewers of the learner's comments, and the learner of a reviewer's comments and decisions", async () => {
    const { learner, teacher, tutor } = await setting();
    const { id, page } = await createTrace(learner, "note", {
      title: "Conseil de classe",
      body_note: "Récit.",
    });
    await submit(learner, page, `/traces/${id}/share`, { visibility: "tutors" });

    const tracePage = await teacher.browser.get(`${teacher.base}/traces/${id}`);
    await submit(teacher, tracePage, `/traces/${id}/comments`, { body: "Qu'avez-vous dit au conseil ?" });
    const learnerPath = `${new URL(learner.base).pathname}/traces/${id}`;
    expect(await notificationsOf(learner)).to.deep.equal([
      {
        text: "Fanny Formatrice a écrit un commentaire sur votre trace « Conseil de classe ».",
        href: learnerPath,
        unread: true,
      },
    ]);

    const own = await learner.browser.get(`${learner.base}/traces/${id}`);
    await submit(learner, own, `/traces/${id}/comments`, { body: "J'ai présenté le bilan du trimestre." });
    const reply = "Lucas Stagiaire a écrit un commentaire sur sa trace « Conseil de classe ».";
    expect((await notificationsOf(teacher))[0]).to.deep.include({ text: reply, unread: true });
    expect((await notificationsOf(tutor))[0]).to.deep.include({ text: reply, unread: true });
    // Nobody is told of their own comment.
    expect(await notificationsOf(learner)).to.have.length(1);

    await editTrace(learner, id, { body_note: "Récit complété." });
    const toDecide = await tutor.browser.get(`${tutor.base}/traces/${id}`);
    const rework = await submit(tutor, toDecide, `/traces/${id}/decision`, {
      outcome: "to_rework",
      reason: "Ajoutez ce que vous en retenez.",
    });
    expect(rework.status).to.equal(200);
    await editTrace(learner, id, { body_note: "Récit complété, et ce que j'en retiens." });
    const reread = await teacher.browser.get(`${teacher.base}/traces/${id}`);
    await submit(teacher, reread, `/traces/${id}/decision`, { outcome: "validated", reason: "Précis." });

    const told = await notificationsOf(learner);
    expect(told.map((item) => item.text)).to.deep.equal([
      "Fanny Formatrice a validé votre trace « Conseil de classe ».",
      "Tom Tuteur vous demande de reprendre votre trace « Conseil de classe » (voir le motif).",
      "Fanny Formatrice a écrit un commentaire sur votre trace « Conseil de classe ».",
    ]);
    // Whoever decided, the learner's link opens the trace from their own course.
    expect(told.map((item) => item.href)).to.deep.equal([learnerPath, learnerPath, learnerPath]);
    expect(told.some((item) => /refus/i.test(item.text))).to.equal(false);
  });

  it("tells nobody of what a learner writes on a private trace", async () => {
    const { learner, teacher, tutor } = await setting();
    const { id } = await createTrace(learner, "note", { title: "Pour moi seul", body_note: "Brouillon." });
    const own = await learner.browser.get(`${learner.base}/traces/${id}`);
    const commented = await submit(learner, own, `/traces/${id}/comments`, { body: "À reprendre demain." });
    expect(commented.status).to.equal(200);
    expect(await notificationsOf(teacher)).to.deep.equal([]);
    expect(await notificationsOf(tutor)).to.deep.equal([]);
  });

  it("speaks English to people who launch in English", async () => {
    const course = { id: unique("course"), title: "Placement" };
    const learner = await person("Lucas Stagiaire", [ROLE.learner], course);
    const english = await fixture.launch({
      user: { sub: unique("teacher-en"), name: "Jane Trainer" },
      roles: [ROLE.instructor],
      context: course,
      locale: "en",
    });
    expect(english.final.status).to.equal(200);
    const { id, page } = await createTrace(learner, "note", {
      title: "Parents' evening",
      body_note: "Notes.",
    });
    await submit(learner, page, `/traces/${id}/share`, { visibility: "tutors" });
    const base = english.final.url.replace(/\/$/, "");
    const notifications = await english.browser.get(`${base}/notifications`);
    expect(decodeEntities(notifications.text)).to.contain(
      "Lucas Stagiaire shared their trace “Parents' evening” with you.",
    );
  });
});
