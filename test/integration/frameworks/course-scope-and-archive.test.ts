import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { launchAs, ROLE, unique, type Session } from "../../support/portfolio.js";
import { decodeEntities, parseForms, type BrowserResponse } from "../../support/sim-lms/index.js";
import { frameworkJson } from "../../support/validation.js";

function optionsOf(html: string, id: string): string[] {
  const select = new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((match) => match[1] ?? "");
}

function csrf(page: BrowserResponse): string {
  const token = parseForms(page.text)
    .flatMap((form) => form.entries)
    .find(([name]) => name === "_csrf")?.[1];
  if (!token) throw new Error("no CSRF token on the page");
  return token;
}

describe("frameworks: each course sees its own, archived ones are offered no more", () => {
  let fixture: LtiFixture;
  let courseFramework: string;
  let otherFramework: string;
  const context = { id: unique("course"), title: "DES MG" };

  before(async () => {
    fixture = await startLtiFixture();
    const { services } = fixture.carnet;
    const imported: string[] = [];
    for (const key of [unique("fw-a"), unique("fw-b")]) {
      const outcome = await services.frameworks.import({
        platformId: fixture.platform._id,
        text: frameworkJson(key.toLowerCase().replace(/[^a-z0-9-]/g, "-"), 3),
      });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
      imported.push(outcome.framework.id);
    }
    [courseFramework = "", otherFramework = ""] = imported;
    // The same content imported again (the learner saw "four, two of them identical"): one copy.
    const stored = await services.frameworks.byId(fixture.platform._id, courseFramework);
    const again = await services.frameworks.import({
      platformId: fixture.platform._id,
      text: JSON.stringify({ ...stored?.definition, version: "bis" }),
    });
    expect(again.ok && again.created).to.equal(false);
    await services.courseSettings.update(
      {
        platformId: fixture.platform._id,
        deploymentId: fixture.tool.deploymentIds[0] ?? "1",
        contextId: context.id,
      },
      { frameworkId: courseFramework },
      "test",
    );
  });
  after(async () => {
    await fixture.close();
  });

  const as = (roles: string[]): Promise<Session> =>
    launchAs(fixture, { sub: unique("person"), name: "Camille", roles, context });

  it("offers a learner only the course's framework in the trace editor, never the platform's catalog", async () => {
    const platformHas = await fixture.carnet.services.frameworks.list(fixture.platform._id);
    expect(platformHas.length).to.be.greaterThan(3);
    const learner = await as([ROLE.learner]);
    const editor = await learner.browser.get(`${learner.base}/traces/new/note`);
    expect(editor.status).to.equal(200);
    expect(optionsOf(editor.text, "framework").filter(Boolean)).to.deep.equal([courseFramework]);
    // Asking for another framework by its id shows the course's one instead.
    const coverage = await learner.browser.get(`${learner.base}/traces/coverage?framework=${otherFramework}`);
    expect(optionsOf(coverage.text, "framework-choice")).to.deep.equal([courseFramework]);
  });

  it("offers a formateur only the course's framework too, and the catalog page stays theirs to choose from", async () => {
    const teacher = await as([ROLE.instructor]);
    const editor = await teacher.browser.get(`${teacher.base}/traces/new/note`);
    expect(optionsOf(editor.text, "framework").filter(Boolean)).to.deep.equal([courseFramework]);
    const catalog = await teacher.browser.get(`${teacher.base}/frameworks`);
    expect(catalog.status).to.equal(200);
    // A teacher cannot archive: that is an administrator's decision.
    const refused = await teacher.browser.post(`${teacher.base}/frameworks/${otherFramework}/archive`, {
      _csrf: csrf(catalog),
    });
    expect(refused.status).to.equal(403);
  });

  it("lets an administrator archive an import: kept for its records, offered for no new course", async () => {
    const admin = await as([ROLE.admin]);
    const catalog = await admin.browser.get(`${admin.base}/frameworks`);
    const archived = await admin.browser.post(`${admin.base}/frameworks/${otherFramework}/archive`, {
      _csrf: csrf(catalog),
    });
    expect(archived.status).to.equal(200);
    expect(decodeEntities(archived.text)).to.contain("est archivé");
    const stored = await fixture.carnet.services.frameworks.byId(fixture.platform._id, otherFramework);
    expect(stored?.status).to.equal("archived");

    // Not offered to choose for a course, nor in deep linking; choosing it anyway is refused.
    const teacher = await as([ROLE.instructor]);
    const page = await teacher.browser.get(`${teacher.base}/frameworks`);
    expect(page.text).to.not.match(new RegExp(`name="frameworkId" value="${otherFramework}"`));
    const chosen = await teacher.browser.post(`${teacher.base}/frameworks/course`, {
      _csrf: csrf(page),
      frameworkId: otherFramework,
    });
    expect(chosen.status).to.equal(404);

    // Shipped frameworks belong to every platform: they cannot be archived from one.
    const shipped = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).find(
      (f) => f.shipped,
    );
    const refused = await admin.browser.post(`${admin.base}/frameworks/${shipped?.id ?? ""}/archive`, {
      _csrf: csrf(catalog),
    });
    expect(refused.status).to.equal(404);

    const restored = await admin.browser.post(`${admin.base}/frameworks/${otherFramework}/restore`, {
      _csrf: csrf(catalog),
    });
    expect(restored.status).to.equal(200);
    expect(
      (await fixture.carnet.services.frameworks.byId(fixture.platform._id, otherFramework))?.status,
    ).to.equal("active");
  });
});
