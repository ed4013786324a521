// The validators' pages with bad input: a decision form posted with missing, malformed or over-long
// fields comes back as a 400 page keeping what was typed (never a 500, nothing decided); a queue asked
// for a page that is not a number and a matrix with filters that are not ones still show; a request id
// that cannot exist is a 404.
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  formOf,
  learner,
  mainText,
  requestValidation,
  setupCourse,
  trainer,
  type Session,
  type TestCourse,
} from "../../support/validation.js";
import type { BrowserResponse } from "../../support/sim-lms/index.js";

describe("validation: the validators' pages with bad input", () => {
  let fixture: LtiFixture;
  let course: TestCourse;
  let fanny: Session;
  let leaId: string;
  let requestPage: BrowserResponse;

  before(async () => {
    fixture = await startLtiFixture();
    course = await setupCourse(fixture, { leaves: 3 });
    const lea = await learner(fixture, course, "Léa Stagiaire");
    leaId = await lea.userId();
    fanny = await trainer(fixture, course, "Fanny Formatrice");
    await requestValidation(lea, [
      { code: "C01", justification: "Séquence" },
      { code: "C02", justification: "Projet" },
    ]);
    const queue = await fanny.browser.get(`${fanny.base}/validation/queue`);
    const link = /href="([^"]*\/validation\/requests\/[^"]+)"/.exec(queue.text)?.[1] ?? "";
    requestPage = await fanny.browser.get(new URL(link, queue.url).toString());
    expect(requestPage.status).to.equal(200);
  });
  after(async () => {
    await fixture.close();
  });

  async function post(fields: Record<string, string>): Promise<BrowserResponse> {
    const form = formOf(requestPage, "");
    const action = parseAction(requestPage);
    return fanny.browser.post(action, { _csrf: form.fields._csrf ?? "", ...fields });
  }

  function parseAction(page: BrowserResponse): string {
    const action = /<form method="post" action="([^"]+)" class="decisions">/.exec(page.text)?.[1] ?? "";
    return new URL(action, page.url).toString();
  }

  async function nothingDecided(): Promise<void> {
    const records = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      leaId,
      course.frameworkId,
    );
    expect(records.map((record) => record.state)).to.deep.equal(["submitted", "submitted"]);
  }

  const cases: { what: string; fields: Record<string, string> }[] = [
    {
      what: "a decision that is not one of the choices",
      fields: { intent: "save", code_0: "C01", rev_0: "1", decision_0: "burn", comment_0: "Mon motif gardé" },
    },
    {
      what: "a reason over 4,000 characters",
      fields: {
        intent: "save",
        code_0: "C01",
        rev_0: "1",
        decision_0: "validate",
        comment_0: `Mon motif gardé ${"x".repeat(4100)}`,
      },
    },
    {
      what: "a revision that is not a number",
      fields: {
        intent: "save",
        code_0: "C01",
        rev_0: "douze",
        decision_0: "validate",
        comment_0: "Mon motif gardé",
      },
    },
    {
      what: "no intent (neither save nor bulk)",
      fields: { code_0: "C01", rev_0: "1", decision_0: "validate", comment_0: "Mon motif gardé" },
    },
    {
      what: "a reason without a decision",
      fields: { intent: "save", code_0: "C01", rev_0: "1", decision_0: "none", comment_0: "Mon motif gardé" },
    },
    {
      what: "a bulk validation with nothing selected",
      fields: {
        intent: "bulk",
        code_0: "C01",
        rev_0: "1",
        decision_0: "none",
        comment_0: "",
        bulkComment: "Mon motif gardé",
      },
    },
  ];
  for (const { what, fields } of cases) {
    it(`answers ${what} with a 400 page keeping what was typed`, async () => {
      const refused = await post(fields);
      expect(refused.status, mainText(refused).slice(0, 300)).to.equal(400);
      expect(refused.text).to.contain('class="form-errors"');
      expect(refused.text).to.contain("Mon motif gardé");
      await nothingDecided();
    });
  }

  const settingsCases: { what: string; fields: Record<string, string>; kept: string }[] = [
    { what: "no field at all", fields: {}, kept: 'name="reminderAfterDays" min="1" max="90" value="14"' },
    {
      what: "a number of validations that is not 1 or 2",
      fields: { validationsRequired: "3", reminderAfterDays: "21", referentUserId: "" },
      kept: 'value="21"',
    },
    {
      what: "a reminder delay that is not a number",
      fields: { validationsRequired: "2", reminderAfterDays: "quinze jours", referentUserId: "" },
      kept: 'value="quinze jours"',
    },
    {
      what: "an over-long referent id",
      fields: { validationsRequired: "1", reminderAfterDays: "33", referentUserId: "x".repeat(300) },
      kept: 'value="33"',
    },
    {
      what: "a referent who does not teach in the course",
      fields: { validationsRequired: "1", reminderAfterDays: "34", referentUserId: "" },
      kept: 'value="34"',
    },
  ];
  for (const { what, fields, kept } of settingsCases) {
    it(`answers the course settings form with ${what} by a 400 page keeping what was typed`, async () => {
      const page = await fanny.browser.get(`${fanny.base}/course/settings`);
      const form = formOf(page, "/course/settings");
      const referent: Record<string, string> = what.startsWith("a referent") ? { referentUserId: leaId } : {};
      const refused = await fanny.browser.post(new URL(form.action, page.url).toString(), {
        _csrf: form.fields._csrf ?? "",
        ...fields,
        ...referent,
      });
      expect(refused.status, mainText(refused).slice(0, 300)).to.equal(400);
      expect(refused.text).to.contain('class="form-errors"');
      expect(refused.text).to.contain(kept);
      expect(refused.text).to.contain('aria-invalid="true"');
      const settings = await fixture.carnet.services.courseSettings.get(course.scope);
      expect(settings).to.include({ validationsRequired: 1, reminderAfterDays: 14 });
    });
  }

  it("shows the nearest page of the queue for a page number that is not one", async () => {
    const page = await fanny.browser.get(`${fanny.base}/validation/queue?page=deux&show=%00`);
    expect(page.status).to.equal(200);
    expect(mainText(page)).to.contain("Léa Stagiaire");
  });

  it("shows the cohort matrix, ignoring filters that are not ones", async () => {
    const page = await fanny.browser.get(
      `${fanny.base}/cohort?state=%3Cscript%3E&waiting=-3&inactive=99999&sort=drop&domain=${"D".repeat(300)}&never=yes`,
    );
    expect(page.status).to.equal(200);
    expect(page.text).to.not.contain("<script>");
    expect(mainText(page)).to.contain("Léa Stagiaire");
  });

  it("answers 404 for a request id that cannot exist, and for one that does not", async () => {
    expect((await fanny.browser.get(`${fanny.base}/validation/requests/..%2F..%2Fadmin`)).status).to.equal(
      404,
    );
    expect((await fanny.browser.get(`${fanny.base}/validation/requests/no-such-request`)).status).to.equal(
      404,
    );
  });
});
