// A deep-linked placement opens what the teacher chose ("this link opens…") on every launch of it,
// for learners and for who teaches, end to end through the simulated LMS's deep-linking return.
import { expect } from "chai";
import { LEARNER, TEACHER, startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { parseAutoSubmitForm, parseForms, type BrowserResponse } from "../support/sim-lms/index.js";

function formFields(page: BrowserResponse): Record<string, string> {
  const form = parseForms(page.text)[0];
  if (!form) throw new Error("no form on the chooser");
  return Object.fromEntries(form.entries);
}

describe("a deep-linked placement's landing", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(() => fixture.close());

  const context = { id: "landing-course", title: "Landing" };

  /** The teacher adds a link opening `view`; the LMS creates it from Carnet's signed response. */
  async function deepLink(view: string): Promise<{ id: string; title?: string }> {
    const chooser = await fixture.launch({
      user: { ...TEACHER, sub: "landing-teacher" },
      roles: ["Instructor"],
      context,
      messageType: "LtiDeepLinkingRequest",
    });
    const returned = await chooser.browser.post(chooser.final.url, {
      ...formFields(chooser.final),
      view,
      title: `Carnet ${view}`,
    });
    const form = parseAutoSubmitForm(returned.text);
    await chooser.browser.post(form.action, form.fields);
    const link = fixture.lms.deepLinkResponses.at(-1)?.createdResourceLinks[0];
    if (!link) throw new Error("no link created");
    return link;
  }

  const cases: [string, string, string][] = [
    ["portfolio", "/traces", "/traces/review"],
    ["assessment", "/competences", "/validation/queue"],
    ["workspace", "/", "/"],
  ];
  for (const [view, learnerPath, teacherPath] of cases) {
    it(`opens ${learnerPath} for a learner and ${teacherPath} for a teacher when the link opens "${view}"`, async () => {
      const link = await deepLink(view);
      for (const [person, roles, expected] of [
        [{ ...LEARNER, sub: `landing-learner-${view}` }, ["Learner"], learnerPath],
        [{ ...TEACHER, sub: "landing-teacher" }, ["Instructor"], teacherPath],
      ] as const) {
        // Twice: every launch of the placement honours the choice, not only the first.
        for (let launch = 0; launch < 2; launch++) {
          const result = await fixture.launch({
            user: person,
            roles: [...roles],
            context,
            resourceLink: link,
          });
          expect(result.final.status, `${view} ${roles[0]}`).to.equal(200);
          expect(new URL(result.final.url).pathname.replace(/^\/l\/[^/]+/, "")).to.equal(expected);
        }
      }
    });
  }
});
