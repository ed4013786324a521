// Deep linking's chooser with bad input: a title missing or over-long, a view or grading policy that
// is not one, a score maximum that is not a number, a framework the platform does not have — each is a
// 400 chooser keeping what was typed, nothing is sent back to the LMS.
import { expect } from "chai";
import { TEACHER, startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { decodeEntities, parseForms, type BrowserResponse } from "../support/sim-lms/index.js";

describe("deep linking with bad input", () => {
  let fixture: LtiFixture;
  let chooser: Awaited<ReturnType<LtiFixture["launch"]>>;
  let fields: Record<string, string>;

  before(async () => {
    fixture = await startLtiFixture();
    chooser = await fixture.launch({
      user: { ...TEACHER, sub: "dl-bad-input" },
      roles: ["Instructor"],
      context: { id: "dl-bad-course", title: "Cours" },
      messageType: "LtiDeepLinkingRequest",
      locale: "fr",
    });
    expect(chooser.final.status).to.equal(200);
    const form = parseForms(chooser.final.text)[0];
    if (!form) throw new Error("no chooser form");
    fields = Object.fromEntries(form.entries);
  });
  after(() => fixture.close());

  async function post(changes: Record<string, string>, drop: string[] = []): Promise<BrowserResponse> {
    const body = { ...fields, ...changes };
    for (const name of drop) delete body[name];
    return chooser.browser.post(chooser.final.url, body);
  }

  const cases: { what: string; changes: Record<string, string>; drop?: string[]; kept: string }[] = [
    { what: "no title", changes: { title: "", scoreMaximum: "37" }, kept: 'value="37"' },
    {
      what: "a title over 255 characters",
      changes: { title: `Lien ${"x".repeat(300)}` },
      kept: `Lien ${"x".repeat(300)}`,
    },
    {
      what: "a view that is not one",
      changes: { view: "admin", title: "Mon lien gardé" },
      kept: "Mon lien gardé",
    },
    { what: "no view at all", changes: { title: "Mon lien gardé" }, drop: ["view"], kept: "Mon lien gardé" },
    {
      what: "a score maximum that is not a number",
      changes: { scoreMaximum: "vingt", title: "Mon lien gardé" },
      kept: 'value="vingt"',
    },
    {
      what: "a grading policy that is not one",
      changes: { policy: "max", title: "Mon lien gardé" },
      kept: "Mon lien gardé",
    },
    {
      what: "a framework the platform does not have",
      changes: { frameworkId: "no-such-framework", title: "Mon lien gardé" },
      kept: "Mon lien gardé",
    },
  ];
  for (const { what, changes, drop, kept } of cases) {
    it(`answers ${what} with a 400 chooser keeping what was typed`, async () => {
      const before = fixture.lms.deepLinkResponses.length;
      const refused = await post(changes, drop);
      expect(refused.status, decodeEntities(refused.text).slice(0, 300)).to.equal(400);
      expect(refused.text).to.contain('class="form-errors"');
      expect(refused.text).to.contain('aria-invalid="true"');
      expect(refused.text).to.contain(kept);
      expect(refused.text).to.not.contain("deep-link-return");
      expect(fixture.lms.deepLinkResponses.length).to.equal(before);
    });
  }
});
