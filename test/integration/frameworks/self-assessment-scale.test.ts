import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  formOf,
  learner,
  mainText,
  text,
  trainer,
  unique,
  type TestCourse,
} from "../../support/validation.js";

/** The option values of the select with this id. */
function optionsOf(html: string, id: string): string[] {
  const select = new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((match) => match[1] ?? "");
}

/** A C2i2e-like framework: validated item by item ("à compléter" / "validé"), self-assessed in the learner's words. */
function frameworkWithSelfScale(key: string): string {
  return JSON.stringify({
    key,
    version: "1",
    title: { fr: "Référentiel à deux échelles" },
    source: { citation: "Tests", note: "Écrit pour les tests." },
    scale: {
      levels: [
        { code: "a-completer", label: { fr: "à compléter" }, proficient: false },
        { code: "valide", label: { fr: "validé" }, proficient: true },
      ],
    },
    selfAssessment: {
      levels: [
        { code: "non-acquis", label: { fr: "non acquis", en: "not yet" } },
        { code: "en-cours", label: { fr: "en cours", en: "in progress" } },
        { code: "acquis", label: { fr: "acquis", en: "acquired" } },
      ],
    },
    competences: [
      { code: "A1", title: { fr: "Domaine A1" }, children: [{ code: "A1.1", title: { fr: "Item" } }] },
    ],
  });
}

describe("self-assessment on the framework's own scale", () => {
  let fixture: LtiFixture;
  let course: TestCourse;
  before(async () => {
    fixture = await startLtiFixture();
    const { services } = fixture.carnet;
    const outcome = await services.frameworks.import({
      platformId: fixture.platform._id,
      text: frameworkWithSelfScale(
        unique("self")
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, "-"),
      ),
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const context = { id: unique("course"), title: "C2i2e" };
    const scope = {
      platformId: fixture.platform._id,
      deploymentId: fixture.tool.deploymentIds[0] ?? "1",
      contextId: context.id,
    };
    await services.courseSettings.update(scope, { frameworkId: outcome.framework.id }, "test");
    course = { context, scope, frameworkId: outcome.framework.id, codes: ["A1.1"] };
  });
  after(async () => {
    await fixture.close();
  });

  it("asks the learner where they stand in their words, never whether they are « validé »", async () => {
    const lea = await learner(fixture, course);
    const url = `${lea.base}/competences/${course.frameworkId}/A1.1`;
    const page = await lea.browser.get(url);
    expect(page.status).to.equal(200);
    const form = formOf(page, "/self-assessment");
    expect(optionsOf(page.text, "self-level")).to.deep.equal(["", "non-acquis", "en-cours", "acquis"]);
    expect(page.text).to.contain(">non acquis</option>");
    expect(page.text).to.not.match(/<option value="valide"/);

    // A validation level is refused as a self-assessment, and nothing is recorded.
    const refused = await lea.browser.post(`${url}/self-assessment`, {
      ...form.fields,
      level: "valide",
      comment: "Je pense que oui",
    });
    expect(refused.status).to.equal(400);
    const before = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    expect(before.every((record) => record.selfLevel === undefined)).to.equal(true);

    const saved = await lea.browser.post(`${url}/self-assessment`, {
      ...form.fields,
      level: "en-cours",
      comment: "J'ai mené deux séances",
    });
    expect(saved.status).to.equal(200);
    expect(mainText(saved)).to.contain("en cours");
    const [record] = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    expect(record?.state).to.equal("self_assessed");
    expect(record?.selfLevel).to.equal("en-cours");
  });

  it("shows trainers the learner's self-assessment in the learner's words, and decides on the validation scale", async () => {
    const lea = await learner(fixture, course, "Léo Stagiaire");
    const url = `${lea.base}/competences/${course.frameworkId}/A1.1`;
    const form = formOf(await lea.browser.get(url), "/self-assessment");
    await lea.browser.post(`${url}/self-assessment`, { ...form.fields, level: "acquis", comment: "" });
    const fanny = await trainer(fixture, course);
    const file = await fanny.browser.get(
      `${fanny.base}/learners/${await lea.userId()}/competences/${course.frameworkId}/A1.1`,
    );
    expect(file.status).to.equal(200);
    expect(text(file)).to.match(/Auto-évaluation.*acquis/);
    expect(optionsOf(file.text, "observe-level")).to.deep.equal(["valide"]);
  });
});
