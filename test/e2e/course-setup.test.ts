// A course nobody has set up yet: its first teacher is led through the setup, its learners are told
// what waits for their trainer and what they can already do (write traces).
import { expect } from "chai";
import { LEARNER, TEACHER, startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { decodeEntities, parseForms } from "../support/sim-lms/index.js";

describe("an unconfigured course", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(() => fixture.close());

  const context = { id: "setup-course", title: "Promotion sans référentiel" };

  it("shows its first teacher the setup path: framework, validation settings, grading", async () => {
    const result = await fixture.launch({
      user: { ...TEACHER, sub: "setup-teacher" },
      roles: ["Instructor"],
      context,
      locale: "en",
    });
    const text = decodeEntities(result.final.text);
    expect(text).to.contain("Set up this course");
    const base = new URL(result.final.url).pathname.replace(/\/$/, "");
    for (const step of ["/frameworks", "/course/settings", "/grading"])
      expect(result.final.text).to.contain(`href="${base}${step}"`);
    expect(text).to.contain("For now: 1 validation(s) per competence");
  });

  it("tells a learner the course is not set up yet and lets them write a trace", async () => {
    const result = await fixture.launch({
      user: { ...LEARNER, sub: "setup-learner" },
      roles: ["Learner"],
      context,
      locale: "en",
    });
    const home = decodeEntities(result.final.text);
    expect(home).to.contain("Your trainer has not set up this course yet");
    expect(home).to.contain("You can already write your traces");
    // No framework, no field yet: the first trace offered is the plain one.
    expect(result.final.text).to.match(/href="[^"]*\/traces\/new\/note">Write a trace</);
    const base = new URL(result.final.url).pathname.replace(/\/$/, "");
    const competences = await result.browser.get(`${new URL(result.final.url).origin}${base}/competences`);
    expect(decodeEntities(competences.text)).to.contain("Your trainer has not set up this course yet");
    const chooser = await result.browser.get(`${new URL(result.final.url).origin}${base}/traces/new`);
    expect(chooser.status).to.equal(200);
    expect(chooser.text).to.match(/traces\/new\/[\w-]+/);
  });

  it("no longer shows the setup once a framework is chosen for the course", async () => {
    const teacher = await fixture.launch({
      user: { ...TEACHER, sub: "setup-teacher" },
      roles: ["Instructor"],
      context,
      locale: "en",
    });
    const origin = new URL(teacher.final.url).origin;
    const base = new URL(teacher.final.url).pathname.replace(/\/$/, "");
    const frameworks = await teacher.browser.get(`${origin}${base}/frameworks`);
    const form = parseForms(frameworks.text).find((f) => f.action.endsWith("/frameworks/course"));
    if (!form) throw new Error("no course framework form");
    const chosen = await teacher.browser.post(`${origin}${form.action}`, Object.fromEntries(form.entries));
    expect(chosen.status).to.equal(200);
    expect(chosen.url).to.match(/\/frameworks\?chosen=/);
    const home = await teacher.browser.get(`${origin}${base}/`);
    expect(decodeEntities(home.text)).not.to.contain("Set up this course");
  });

  it("offers the first trace the course's field writes: an RSCA in general medicine, a sequence for teachers", async () => {
    const shipped = await fixture.carnet.services.frameworks.list(fixture.platform._id);
    for (const [key, expected] of [
      ["medecine-generale", /href="[^"]*\/traces\/new\/rsca">Écrire un RSCA</],
      ["c2i2e", /href="[^"]*\/traces\/new\/sequence">Décrire une séquence</],
    ] as const) {
      const framework = shipped.find((candidate) => candidate.key === key);
      if (!framework) throw new Error(`no shipped ${key}`);
      const course = { id: `field-${key}`, title: key };
      await fixture.carnet.services.courseSettings.update(
        { platformId: fixture.platform._id, deploymentId: "1", contextId: course.id },
        { frameworkId: framework.id },
        "test",
      );
      const result = await fixture.launch({
        user: { ...LEARNER, sub: `field-learner-${key}` },
        roles: ["Learner"],
        context: course,
        locale: "fr",
      });
      expect(result.final.text).to.match(expected);
    }
  });
});
