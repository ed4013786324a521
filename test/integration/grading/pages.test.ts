import { expect } from "chai";
import type { ManualClock } from "../../../src/clock.js";
import type { LtiFixture } from "../../support/lti-fixture.js";
import { acceptedScores, LEARNER_ROLE } from "../../support/grading.js";
import { decodeEntities, type Browser } from "../../support/sim-lms/index.js";
import { competenceCodes, gradedCourse, startGradingFixture, type GradedCourse } from "./setup.js";

function baseOf(launchUrl: string): string {
  return launchUrl.replace(/\/$/, "");
}

describe("grading pages in the workspace", () => {
  let fixture: LtiFixture;
  let clock: ManualClock;
  let course: GradedCourse;
  let teacher: Browser;
  let base: string;
  before(async () => {
    ({ fixture, clock } = await startGradingFixture());
    course = await gradedCourse(fixture, clock, {
      contextId: "pages",
      learners: 2,
      title: "Portfolio du stage",
    });
    teacher = course.teacher.browser;
    base = baseOf(course.teacher.launchUrl);
  });
  after(async () => {
    await fixture.close();
  });

  it("shows each learner's grade and whether the LMS has it", async () => {
    const { harness, learners } = course;
    const [lea] = learners;
    if (!lea) throw new Error("setup");
    await harness.change({
      learnerId: lea.id,
      competenceCode: competenceCodes(harness, 1)[0] ?? "",
      state: "validated",
    });
    await harness.drain();
    const page = await teacher.get(`${base}/grading`);
    expect(page.status).to.equal(200);
    const text = decodeEntities(page.text);
    expect(text).to.contain("Activité « Portfolio du stage »");
    expect(text).to.contain("Apprenant 1");
    expect(text).to.contain("14.29 / 100");
    expect(text).to.contain("Note transmise");
    expect(text).to.contain("Rien à transmettre");

    const statuses = await fixture.carnet.services.grading.deliveries.syncStatusByLearner(harness.scope);
    expect(statuses.get(lea.id)).to.include({ status: "delivered", entries: 1 });
    expect(statuses.has(learners[1]?.id ?? "")).to.equal(false);
  });

  it("refuses the grading pages to learners", async () => {
    const context = { id: "pages", title: "Cours pages" };
    const learner = await fixture.launch({ user: { sub: "pages-L1" }, roles: [LEARNER_ROLE], context });
    const learnerBase = baseOf(learner.final.url);
    expect((await learner.browser.get(`${learnerBase}/grading`)).status).to.equal(403);
    expect((await learner.browser.get(`${learnerBase}/admin/grades`)).status).to.equal(403);
  });

  it("gives teachers a « Notes » entry in the navigation, current on the grading page only", async () => {
    const navLink = (html: string): string | undefined =>
      /<li><a href="[^"]*\/grading"[^>]*>[^<]*<\/a><\/li>/.exec(html)?.[0];
    const home = await teacher.get(`${base}/`);
    expect(home.status).to.equal(200);
    expect(navLink(home.text)).to.equal(`<li><a href="${new URL(base).pathname}/grading">Notes</a></li>`);

    const page = await teacher.get(`${base}/grading`);
    expect(page.status).to.equal(200);
    expect(navLink(page.text)).to.equal(
      `<li><a href="${new URL(base).pathname}/grading" aria-current="page">Notes</a></li>`,
    );
    expect(page.text.match(/aria-current="page"/g)?.length).to.equal(1);

    const context = { id: "pages", title: "Cours pages" };
    const learner = await fixture.launch({ user: { sub: "pages-L1" }, roles: [LEARNER_ROLE], context });
    expect(learner.final.status).to.equal(200);
    expect(navLink(learner.final.text)).to.equal(undefined);
  });

  it("saves the grading policy of a placement and sends every learner's recomputed grade", async () => {
    const page = await teacher.get(`${base}/grading`);
    const saved = await teacher.submitForm(page, (form) => form.action.includes("/grading/placements/"), {
      policy: "completion",
      scoreMaximum: "20",
    });
    expect(saved.status).to.equal(200);
    expect(decodeEntities(saved.text)).to.contain("Réglages enregistrés");
    const placement = await course.harness.placement(course.resourceLinkId);
    // The form's checkbox was checked (default on) and submitted as is.
    expect(placement.grading).to.deep.equal({
      policy: "completion",
      showRunningScore: true,
      scoreMaximum: 20,
    });
    await course.harness.drain();
    const gradebook = fixture.lms.gradebook(course.lineItemUrl ?? "");
    for (const learner of course.learners) {
      // Nobody is complete: 0 for who has something decided, no grade at all for who has nothing yet.
      const row = gradebook.get(learner.sub);
      expect(row, learner.sub).to.include({ scoreMaximum: 20 });
      expect([0, null], learner.sub).to.include(row?.scoreGiven);
    }
  });

  it("refuses malformed settings without changing anything, showing the form again as typed", async () => {
    const page = await teacher.get(`${base}/grading`);
    const refused = await teacher.submitForm(page, (form) => form.action.includes("/grading/placements/"), {
      policy: "favouritism",
      scoreMaximum: "5000",
    });
    expect(refused.status).to.equal(400);
    const text = decodeEntities(refused.text);
    expect(text).to.contain("Choisissez un des modes de calcul proposés.");
    expect(text).to.contain("Saisissez une note maximale entre 1 et 1000.");
    // What was typed comes back, with each field marked and linked from the summary.
    expect(refused.text).to.match(
      /id="scoreMaximum" name="scoreMaximum"[^>]*value="5000"[^>]*aria-invalid="true"/,
    );
    expect(refused.text).to.match(/href="#policy"/);
    expect((await course.harness.placement(course.resourceLinkId)).grading?.policy).to.equal("completion");
  });

  it("answers 404 for another course's placement and for an unknown parked grade", async () => {
    const other = await gradedCourse(fixture, clock, { contextId: "pages-other", learners: 1 });
    const page = await teacher.get(`${base}/grading`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const foreign = await teacher.post(`${base}/grading/placements/${other.placementId}`, {
      _csrf: csrf,
      policy: "share",
      scoreMaximum: "10",
    });
    expect(foreign.status).to.equal(404);
    expect((await other.harness.placement(other.resourceLinkId)).grading?.scoreMaximum).not.to.equal(10);
    const unknown = await teacher.post(`${base}/admin/grades/no-such-entry/retry`, { _csrf: csrf });
    expect(unknown.status).to.equal(404);
  });

  it("re-sends every learner's latest grade on a course re-sync", async () => {
    const before = acceptedScores(fixture, course.lineItemUrl ?? "");
    const counts = new Map([...before].map(([userId, scores]) => [userId, scores.length]));
    clock.advance(3_000);
    const page = await teacher.get(`${base}/grading`);
    const done = await teacher.submitForm(page, (form) => form.action.endsWith("/grading/resync"));
    expect(decodeEntities(done.text)).to.contain("Renvoi demandé pour 2 apprenant(s).");
    await course.harness.drain();
    const after = acceptedScores(fixture, course.lineItemUrl ?? "");
    for (const learner of course.learners) {
      expect(after.get(learner.sub)?.length, learner.sub).to.equal((counts.get(learner.sub) ?? 0) + 1);
    }
  });

  it("lists parked grades for the course's teachers and retries one with the form", async () => {
    const { harness, learners } = course;
    const [, max] = learners;
    if (!max) throw new Error("setup");
    const member = fixture.lms.course("pages")?.members.find((m) => m.userId === max.sub);
    if (!member) throw new Error("member");
    fixture.lms.removeMember("pages", max.sub);
    await harness.change({
      learnerId: max.id,
      competenceCode: competenceCodes(harness, 7)[6] ?? "",
      state: "validated",
    });
    await harness.drain();
    const list = await teacher.get(`${base}/admin/grades`);
    expect(list.status).to.equal(200);
    const text = decodeEntities(list.text);
    expect(text).to.contain("Apprenant 2");
    expect(text).to.contain("ne considère pas cette personne comme évaluable");
    const grading = decodeEntities((await teacher.get(`${base}/grading`)).text);
    expect(grading).to.contain("Envoi bloqué");

    fixture.lms.addMember("pages", member);
    const retried = await teacher.submitForm(list, (form) => form.action.includes("/retry"));
    expect(retried.status).to.equal(200);
    expect(decodeEntities(retried.text)).to.contain("Envoi relancé.");
    await harness.drain();
    expect((await harness.deliveries()).every((delivery) => delivery.status === "delivered")).to.equal(true);
    expect(fixture.lms.gradebook(course.lineItemUrl ?? "").get(max.sub)).to.include({
      comment: "1/7 compétences validées",
    });
  });

  it("refuses a retry without the form's CSRF token", async () => {
    const [delivery] = await course.harness.deliveries();
    const refused = await teacher.post(`${base}/admin/grades/${delivery?._id ?? "x"}/retry`, {});
    expect(refused.status).to.equal(403);
  });

  it("shows platform administrators the parked grades of every course", async () => {
    const admin = await fixture.launch({
      user: { sub: "admin-1", name: "Admin" },
      roles: ["Administrator", "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
      context: { id: "elsewhere", title: "Autre cours" },
      locale: "fr",
    });
    const page = await admin.browser.get(`${baseOf(admin.final.url)}/admin/grades`);
    expect(page.status).to.equal(200);
    expect(decodeEntities(page.text)).to.contain("Toutes les formations de la plateforme.");
  });

  it("shows an LMS failure as a status and a localized reason, never the LMS's own answer", async () => {
    const hostile = await gradedCourse(fixture, clock, { contextId: "hostile", learners: 2 });
    const [refused, failing] = hostile.learners;
    if (!refused || !failing) throw new Error("setup");
    const body = "<img src=x onerror=alert(1)> internal: db-password=hunter2 at 10.0.0.7";
    const answers: typeof fetch = async (input, init) => {
      const payload = typeof init?.body === "string" ? init.body : "";
      if (String(input).includes("/scores") && payload.includes(refused.sub))
        return new Response(body, { status: 400 });
      if (String(input).includes("/scores")) return new Response(body, { status: 500 });
      return fetch(input, init);
    };
    for (const learner of hostile.learners)
      await hostile.harness.change({
        learnerId: learner.id,
        competenceCode: competenceCodes(hostile.harness, 1)[0] ?? "",
        state: "validated",
      });
    await hostile.harness.projector.runOnce();
    await hostile.harness.workerWith(answers).runOnce();
    const stored = JSON.stringify(await hostile.harness.deliveries());
    expect(stored).not.to.contain("hunter2");

    const teacherBase = baseOf(hostile.teacher.launchUrl);
    const parked = await hostile.teacher.browser.get(`${teacherBase}/admin/grades`);
    const parkedText = decodeEntities(parked.text);
    expect(parkedText).to.contain("HTTP 400 — la plateforme a refusé la note (envoi de la note)");
    const grading = await hostile.teacher.browser.get(`${teacherBase}/grading`);
    const gradingText = decodeEntities(grading.text);
    expect(gradingText).to.contain(
      "HTTP 500 — la plateforme est indisponible ou en erreur (envoi de la note)",
    );
    for (const page of [parked.text, grading.text]) {
      expect(page).not.to.contain("hunter2");
      expect(page).not.to.contain("onerror");
      expect(page).not.to.contain("10.0.0.7");
    }
  });
});
