import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { tutoringModels } from "../../../src/persistence/models/tutoring-models.js";
import { getTestEnvironment } from "../../support/environment.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  createTrace,
  csrfOf,
  launchAs,
  ROLE,
  submit,
  unique,
  upload,
  type Session,
} from "../../support/portfolio.js";
import { decodeEntities } from "../../support/sim-lms/index.js";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe("portfolio: who sees what", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  const person = (name: string, roles: string[], context: { id: string; title: string }): Promise<Session> =>
    launchAs(fixture, { sub: unique(name.toLowerCase().replace(/\W+/g, "-")), name, roles, context });

  async function relate(tutor: Session, learner: Session, groupId?: string): Promise<void> {
    const { mongo } = await getTestEnvironment();
    await tutoringModels(mongo.carnet).TutoringRelation.create({
      _id: randomUUID(),
      platformId: fixture.platform._id,
      tutorId: await tutor.userId(),
      learnerId: await learner.userId(),
      ...(groupId ? { groupId } : {}),
      createdAt: new Date(),
    });
  }

  /** Every way of reaching a trace answers 404 for someone who may not read it. */
  async function expectHidden(session: Session, traceId: string, fileId?: string): Promise<void> {
    const base = `${session.base}/traces/${traceId}`;
    for (const path of [
      "",
      "/edit",
      "/revisions/1",
      "/compare?from=1&to=1",
      ...(fileId ? [`/attachments/${fileId}`] : []),
    ]) {
      const response = await session.browser.get(`${base}${path}`);
      expect(response.status, `GET ${path || "/"}`).to.equal(404);
      expect(response.text).not.to.contain("Secret");
    }
    const home = await session.browser.get(`${session.base}/traces`);
    const csrf = csrfOf((await session.browser.get(`${session.base}/traces/new/note`)).text);
    for (const [path, form] of [
      ["/comments", { body: "Coucou" }],
      ["/decision", { outcome: "validated", reason: "ok" }],
      ["/share", { visibility: "tutors" }],
      ["/links", { url: "https://example.org", label: "x" }],
    ] as const) {
      const response = await session.browser.post(`${base}${path}`, { _csrf: csrf, ...form });
      expect(response.status, `POST ${path}`).to.equal(404);
    }
    const uploaded = await upload(
      session,
      traceId,
      { name: "a.pdf", type: "application/pdf", bytes: PDF },
      csrf,
    );
    // The upload route redirects refusals it can explain; a hidden trace is simply not found.
    expect(uploaded.status, "POST /attachments").to.equal(404);
    expect(decodeEntities(home.text)).not.to.contain("Secret");
  }

  it("never shows a learner another learner's private trace, nor reveals it exists", async () => {
    const course = { id: unique("course"), title: "Promo 2026" };
    const owner = await person("Alice Privée", [ROLE.learner], course);
    const other = await person("Bruno Curieux", [ROLE.learner], course);
    const { id } = await createTrace(owner, "note", { title: "Secret de stage", body_note: "Secret" });
    const ownerPage = await owner.browser.get(`${owner.base}/traces/${id}`);
    const fileResponse = await upload(
      owner,
      id,
      { name: "n.pdf", type: "application/pdf", bytes: PDF },
      csrfOf(ownerPage.text),
    );
    expect(fileResponse.status).to.equal(303);
    const fileId = /\/attachments\/([0-9a-f]{24})"/.exec(
      (await owner.browser.get(`${owner.base}/traces/${id}`)).text,
    )?.[1];
    expect(fileId).to.be.a("string");
    await expectHidden(other, id, fileId);
    // A random id looks exactly the same.
    const unknown = await other.browser.get(`${other.base}/traces/${randomUUID()}`);
    expect(unknown.status).to.equal(404);
    expect(
      (await other.browser.get(`${other.base}/learners/${await owner.userId()}/traces`)).status,
    ).to.equal(404);
  });

  it("shows a course's teachers only the traces shared in their course", async () => {
    const courseA = { id: unique("course-a"), title: "Cours A" };
    const courseB = { id: unique("course-b"), title: "Cours B" };
    const learnerSub = unique("learner-ab");
    const inB = await launchAs(fixture, {
      sub: learnerSub,
      name: "Chloé Deux-Cours",
      roles: [ROLE.learner],
      context: courseB,
    });
    const inA = await launchAs(fixture, {
      sub: learnerSub,
      name: "Chloé Deux-Cours",
      roles: [ROLE.learner],
      context: courseA,
    });
    const teacherA = await person("Professeur A", [ROLE.instructor], courseA);
    const teacherB = await person("Professeur B", [ROLE.instructor], courseB);

    // Written from course B, shared in course B only (the default: the course one launches from).
    const { id: onlyB, page } = await createTrace(inB, "note", {
      title: "Secret du cours B",
      body_note: "Secret",
    });
    await submit(inB, page, `/traces/${onlyB}/share`, { visibility: "tutors" });
    // Written from course A, shared in A.
    const { id: inCourseA, page: pageA } = await createTrace(inA, "note", {
      title: "Trace du cours A",
      body_note: "Visible en A",
    });
    await submit(inA, pageA, `/traces/${inCourseA}/share`, { visibility: "tutors" });

    await expectHidden(teacherA, onlyB);
    expect((await teacherB.browser.get(`${teacherB.base}/traces/${onlyB}`)).status).to.equal(200);
    expect((await teacherA.browser.get(`${teacherA.base}/traces/${inCourseA}`)).status).to.equal(200);
    expect((await teacherB.browser.get(`${teacherB.base}/traces/${inCourseA}`)).status).to.equal(404);

    // The learner's page in course A lists only what A's teachers may read.
    const learnerId = await inA.userId();
    const list = decodeEntities(
      (await teacherA.browser.get(`${teacherA.base}/learners/${learnerId}/traces`)).text,
    );
    expect(list).to.contain("Trace du cours A");
    expect(list).not.to.contain("Secret du cours B");
    const queue = decodeEntities((await teacherA.browser.get(`${teacherA.base}/traces/review`)).text);
    expect(queue).to.contain("Trace du cours A");
    expect(queue).not.to.contain("Secret du cours B");

    // The portfolio follows the learner: from course A they see both traces.
    const own = decodeEntities((await inA.browser.get(`${inA.base}/traces`)).text);
    expect(own).to.contain("Secret du cours B");
    expect(own).to.contain("Trace du cours A");

    // Sharing the B trace in course A as well opens it to A's teachers.
    const fromA = await inA.browser.get(`${inA.base}/traces/${onlyB}`);
    const courseValues = [...fromA.text.matchAll(/name="course" value="([^"]+)"/g)].map((match) =>
      decodeEntities(match[1] ?? ""),
    );
    expect(courseValues.length).to.equal(2);
    await inA.browser.post(`${inA.base}/traces/${onlyB}/share`, [
      ["_csrf", csrfOf(fromA.text)],
      ["visibility", "tutors"],
      ...courseValues.map((value): [string, string] => ["course", value]),
    ]);
    expect((await teacherA.browser.get(`${teacherA.base}/traces/${onlyB}`)).status).to.equal(200);
    expect((await teacherB.browser.get(`${teacherB.base}/traces/${onlyB}`)).status).to.equal(200);
  });

  it("does not let a teacher follow learners of other courses", async () => {
    const courseA = { id: unique("course-a"), title: "Cours A" };
    const courseB = { id: unique("course-b"), title: "Cours B" };
    const learner = await person("Dan Ailleurs", [ROLE.learner], courseB);
    const teacherA = await person("Prof Voisin", [ROLE.instructor], courseA);
    const response = await teacherA.browser.get(`${teacherA.base}/learners/${await learner.userId()}/traces`);
    expect(response.status).to.equal(404);
  });

  it("shows personal tutors their tutees' shared traces, from any course, but not private ones", async () => {
    const learnerCourse = { id: unique("course"), title: "DES MG" };
    const tutorCourse = { id: unique("tutor-course"), title: "Espace tuteurs" };
    const learner = await person("Emma Tutorée", [ROLE.learner], learnerCourse);
    const tutor = await person("Tom Tuteur", [ROLE.instructor], tutorCourse);
    const stranger = await person("Sam Étranger", [ROLE.instructor], tutorCourse);
    await relate(tutor, learner);

    const { id: shared, page } = await createTrace(learner, "rsca", {
      title: "RSCA partagé",
      body_recit: "Récit.",
    });
    await submit(learner, page, `/traces/${shared}/share`, { visibility: "tutors" });
    const { id: privateId } = await createTrace(learner, "note", {
      title: "Secret personnel",
      body_note: "Secret",
    });

    const tracePage = await tutor.browser.get(`${tutor.base}/traces/${shared}`);
    expect(tracePage.status).to.equal(200);
    expect(decodeEntities(tracePage.text)).to.contain("comme tuteur·rice");
    expect(tracePage.text).to.contain(`/traces/${shared}/decision`);
    await expectHidden(tutor, privateId);
    const queue = decodeEntities((await tutor.browser.get(`${tutor.base}/traces/review`)).text);
    expect(queue).to.contain("RSCA partagé");
    expect(queue).not.to.contain("Secret personnel");
    const list = await tutor.browser.get(`${tutor.base}/learners/${await learner.userId()}/traces`);
    expect(list.status).to.equal(200);
    expect(decodeEntities(list.text)).to.contain("RSCA partagé");

    // The learner sees who their audience is.
    const ownPage = decodeEntities((await learner.browser.get(`${learner.base}/traces/${shared}`)).text);
    expect(ownPage).to.contain("Tom Tuteur, votre tuteur·rice");

    await expectHidden(stranger, shared);
  });

  it("opens a trace to the tutoring group only when its author chooses the group", async () => {
    const course = { id: unique("course"), title: "Groupe d'échange" };
    const groupId = unique("group");
    const tutor = await person("Gaëlle Tutrice", [ROLE.instructor], course);
    const author = await person("Hugo Auteur", [ROLE.learner], course);
    const peer = await person("Inès Paire", [ROLE.learner], course);
    const outsider = await person("Jules Dehors", [ROLE.learner], course);
    await relate(tutor, author, groupId);
    await relate(tutor, peer, groupId);

    const { id, page } = await createTrace(author, "note", {
      title: "Secret de groupe",
      body_note: "Secret",
    });
    await submit(author, page, `/traces/${id}/share`, { visibility: "tutors" });
    await expectHidden(peer, id);

    const page2 = await author.browser.get(`${author.base}/traces/${id}`);
    await submit(author, page2, `/traces/${id}/share`, { visibility: "group" });
    const peerView = await peer.browser.get(`${peer.base}/traces/${id}`);
    expect(peerView.status).to.equal(200);
    expect(decodeEntities(peerView.text)).to.contain("membre du groupe de tutorat");
    // Peers comment, never decide.
    expect(peerView.text).not.to.contain(`/traces/${id}/decision`);
    const commented = await submit(peer, peerView, `/traces/${id}/comments`, { body: "Belle analyse !" });
    expect(decodeEntities(commented.text)).to.contain("Pair du groupe");
    expect(decodeEntities(commented.text)).to.contain("En attente de retour");
    const group = decodeEntities((await peer.browser.get(`${peer.base}/traces/group`)).text);
    expect(group).to.contain("Secret de groupe");
    await expectHidden(outsider, id);
  });
});
