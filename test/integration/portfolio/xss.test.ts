import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace, csrfOf, launchAs, ROLE, submit, unique } from "../../support/portfolio.js";
import { unsafeParts, XSS_PAYLOADS } from "../../unit/portfolio/xss-payloads.js";

/** Every tag of a page Carnet rendered: no handler, no script URL, one script (ours). */
function expectPageHarmless(html: string): number {
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  expect(scripts, "scripts").to.deep.equal(['<script src="/static/carnet.js" defer>']);
  for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    expect(tag, "event handler").not.to.match(/\son[a-z]+\s*=/i);
    expect(tag, "script URL").not.to.match(
      /(?:href|src|action|formaction|data)\s*=\s*["']?\s*(?:javascript|vbscript|data):/i,
    );
    expect(tag, "inline style").not.to.match(/\sstyle\s*=/i);
    expect(tag, "active element").not.to.match(
      /^<(iframe|object|embed|svg|math|base|meta http-equiv|style|template)/i,
    );
  }
  let blocks = 0;
  for (const match of html.matchAll(/<div class="(?:prose|diff)">([\s\S]*?)<\/div>\n/g)) {
    blocks += 1;
    expect(unsafeParts(match[1] ?? ""), match[1]).to.deep.equal([]);
  }
  return blocks;
}

describe("portfolio: hostile content in traces and comments", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  it("renders every payload of the corpus harmlessly in sections, title, placement, comments and decisions", async () => {
    const course = { id: unique("course"), title: "<script>alert('course')</script>" };
    const learner = await launchAs(fixture, {
      sub: unique("learner"),
      name: `<img src=x onerror=alert("name")>`,
      roles: [ROLE.learner],
      context: course,
    });
    const teacher = await launchAs(fixture, {
      sub: unique("teacher"),
      name: "Prof Prudent",
      roles: [ROLE.instructor],
      context: course,
    });
    const half = Math.ceil(XSS_PAYLOADS.length / 2);
    const { id, page } = await createTrace(learner, "rsca", {
      title: `<script>alert("title")</script>`,
      placement: `"><svg onload=alert("placement")>`,
      body_recit: XSS_PAYLOADS.slice(0, half).join("\n\n"),
      body_analyse: XSS_PAYLOADS.slice(half).join("\n\n"),
      body_recherche: XSS_PAYLOADS.join(" "),
      body_synthese: "Rien de méchant ici.",
    });
    expect(expectPageHarmless(page.text)).to.equal(4);
    expect(page.text).to.contain("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;");

    const shared = await submit(learner, page, `/traces/${id}/share`, { visibility: "tutors" });
    const teacherPage = await teacher.browser.get(`${teacher.base}/traces/${id}`);
    expect(expectPageHarmless(teacherPage.text)).to.equal(4);
    for (const payload of XSS_PAYLOADS.slice(0, 12)) {
      const current = await teacher.browser.get(`${teacher.base}/traces/${id}`);
      await submit(teacher, current, `/traces/${id}/comments`, { body: payload });
    }
    await submit(learner, shared, `/traces/${id}/comments`, { body: XSS_PAYLOADS.slice(12).join("\n\n") });
    const beforeDecision = await teacher.browser.get(`${teacher.base}/traces/${id}`);
    await submit(teacher, beforeDecision, `/traces/${id}/decision`, {
      outcome: "to_rework",
      reason: XSS_PAYLOADS.slice(20, 30).join("\n"),
    });

    for (const response of [
      await learner.browser.get(`${learner.base}/traces/${id}`),
      await teacher.browser.get(`${teacher.base}/traces/${id}`),
      await learner.browser.get(`${learner.base}/traces`),
      await learner.browser.get(`${learner.base}/`),
      await learner.browser.get(`${learner.base}/traces/waiting`),
      await teacher.browser.get(`${teacher.base}/traces/review`),
      await teacher.browser.get(`${teacher.base}/learners/${await learner.userId()}/traces`),
      await learner.browser.get(`${learner.base}/traces/${id}/revisions/1`),
      await learner.browser.get(`${learner.base}/traces/${id}/edit`),
    ]) {
      expect(response.status, response.url).to.equal(200);
      expectPageHarmless(response.text);
    }
  });

  it("shows revisions' differences as escaped text only", async () => {
    const learner = await launchAs(fixture, {
      sub: unique("learner"),
      name: "Léa",
      roles: [ROLE.learner],
      context: { id: unique("course"), title: "Cours" },
    });
    const { id } = await createTrace(learner, "note", { title: "Diff", body_note: "Texte sage." });
    const editor = await learner.browser.get(`${learner.base}/traces/${id}/edit`);
    await submit(learner, editor, `/traces/${id}`, {
      body_note: `Texte sage. ${XSS_PAYLOADS.join(" ")}`,
      intent: "save",
    });
    const compare = await learner.browser.get(`${learner.base}/traces/${id}/compare?from=1&to=2`);
    expect(compare.status).to.equal(200);
    expect(expectPageHarmless(compare.text)).to.be.at.least(1);
    expect(compare.text).to.contain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(csrfOf(editor.text)).to.be.a("string");
  });
});
