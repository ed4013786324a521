import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { launchAs, ROLE, unique } from "../../support/portfolio.js";
import { findLinks } from "../../support/sim-lms/index.js";

describe("portfolio: the trace types offered follow the course's field", () => {
  let fixture: LtiFixture;

  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  /** The type keys the chooser links to: its main list, then those behind "other types". */
  async function chooserIn(frameworkKey: string | null): Promise<{ main: string[]; others: string[] }> {
    const context = { id: unique("course"), title: "Promotion 2026" };
    if (frameworkKey) {
      const frameworks = await fixture.carnet.services.frameworks.list(fixture.platform._id);
      const framework = frameworks.find((candidate) => candidate.key === frameworkKey);
      if (!framework) throw new Error(`shipped framework ${frameworkKey} not installed`);
      const scope = {
        platformId: fixture.platform._id,
        deploymentId: fixture.tool.deploymentIds[0] ?? "1",
        contextId: context.id,
      };
      await fixture.carnet.services.courseSettings.update(
        scope,
        { frameworkId: framework.id, validationsRequired: 1, reminderAfterDays: 14 },
        "test",
      );
    }
    const session = await launchAs(fixture, {
      sub: unique("learner"),
      name: "Camille Stagiaire",
      roles: [ROLE.learner],
      context,
    });
    const page = await session.browser.get(`${session.base}/traces/new`);
    expect(page.status).to.equal(200);
    const [main = "", others = ""] = page.text.split('<details class="other-types">');
    const typesIn = (html: string): string[] =>
      findLinks(html)
        .map((link) => /\/traces\/new\/([\w-]+)$/.exec(link.href)?.[1])
        .filter((key): key is string => key !== undefined);
    return { main: typesIn(main), others: typesIn(others) };
  }

  it("offers lesson sequences first to C2i2e trainee teachers, clinical types only behind other fields' types", async () => {
    const { main, others } = await chooserIn("c2i2e");
    expect(main[0]).to.equal("sequence");
    expect(main).to.not.include("vignette-clinique");
    expect(main).to.not.include("rsca");
    expect(others).to.have.members(["rsca", "vignette-clinique"]);
  });

  it("offers the RSCA first to general-medicine interns", async () => {
    const { main, others } = await chooserIn("medecine-generale");
    expect(main[0]).to.equal("rsca");
    expect(main).to.not.include("sequence");
    expect(others).to.deep.equal(["sequence"]);
  });

  it("offers every type before a framework is chosen", async () => {
    const { main, others } = await chooserIn(null);
    expect(main).to.include.members(["rsca", "vignette-clinique", "sequence", "note"]);
    expect(others).to.deep.equal([]);
  });
});
