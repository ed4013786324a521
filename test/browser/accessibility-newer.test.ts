// axe-core on the pages that landed after test/browser/accessibility.test.ts, in French and in English,
// as the person each page serves: sessions and interviews, the dossier (learner, print view, juries),
// the support space (as a support person and as a learner), a framework draft's preview and its
// comparison with the version in use, tutoring, the trace editor with a restored draft, and the "link
// no longer valid" page. No serious or
// critical violation, no skipped heading level.
import { expect } from "chai";
import type { Browser as Chromium, Page } from "playwright-core";
import { seriousViolations } from "../support/axe.js";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom } from "../support/chromium.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { csrfOf, type Session } from "../support/portfolio.js";
import { Browser } from "../support/sim-lms/index.js";
import { postIn } from "../support/tutoring.js";
import { frameworkJson, ROLE, setupCourse, unique, type TestCourse } from "../support/validation.js";

const LANGUAGES = ["fr", "en"] as const;
type Language = (typeof LANGUAGES)[number];
type Who = "tutor" | "lea" | "sam" | "admin";

const PEOPLE: Record<Who, { name: string; roles: string[]; course: "course" | "programme" }> = {
  tutor: { name: "Anne Tutrice", roles: [ROLE.instructor], course: "course" },
  lea: { name: "Léa Interne", roles: [ROLE.learner], course: "course" },
  sam: { name: "Sam Soutien", roles: [ROLE.instructor], course: "programme" },
  admin: { name: "Alex Admin", roles: [ROLE.admin], course: "course" },
};

/** A day as the forms want it (YYYY-MM-DD), `days` from now. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe("accessibility of the newer pages in chromium (axe-core, both languages)", function () {
  // Thirty pages a language, each loaded and checked by axe: minutes on a loaded machine, not seconds.
  this.timeout(300_000);
  let fixture: LtiFixture;
  let chromium: Chromium;
  let course: TestCourse;
  let programme: TestCourse;
  const subs = new Map<Who, string>();
  const sessions = new Map<string, Session>();
  const ids = new Map<Who, string>();
  const paths = {
    group: "",
    session: "",
    interview: "",
    case: "",
    jury: "",
    draftNew: "",
    draftChanged: "",
  };

  async function launch(who: Who, language: Language): Promise<Session> {
    const person = PEOPLE[who];
    const sub = subs.get(who) ?? unique(who);
    subs.set(who, sub);
    const result = await fixture.launch(
      {
        user: { sub, name: person.name, email: `${sub}@example.test` },
        roles: person.roles,
        context: (person.course === "course" ? course : programme).context,
        locale: language,
      },
      new Browser(),
    );
    const base = /^(.*\/l\/[\w-]+)\//.exec(result.final.url)?.[1];
    if (!base) throw new Error(`unexpected launch URL ${result.final.url}`);
    return { browser: result.browser, base, home: result.final, userId: () => Promise.resolve("") };
  }

  function session(who: Who, language: Language = "fr"): Session {
    const found = sessions.get(`${who}-${language}`);
    if (!found) throw new Error(`no session for ${who} ${language}`);
    return found;
  }

  async function userId(who: Who): Promise<string> {
    const user = await fixture.carnet.services.models.User.findOne({
      platformId: fixture.platform._id,
      sub: subs.get(who),
    }).lean<{ _id: string }>();
    if (!user) throw new Error(`no user ${who}`);
    return user._id;
  }

  async function postForm(who: Who, pagePath: string, path: string, fields: [string, string][]) {
    const { browser, base } = session(who);
    const page = await browser.get(`${base}${pagePath}`);
    return browser.post(`${base}${path}`, [["_csrf", csrfOf(page.text)], ...fields]);
  }

  async function seedTutoringAndSessions(): Promise<void> {
    const tutor = session("tutor");
    await postIn(tutor, "/tutoring/groups", {
      groupName: "Groupe Lestrade",
      tutorId: ids.get("tutor") ?? "",
    });
    const [group] = await fixture.carnet.services.tutoring.store.groupsIn(fixture.platform._id, course.scope);
    paths.group = group?.id ?? "";
    await postIn(tutor, "/tutoring/assign", [
      ["groupId", paths.group],
      ["learnerIds", ids.get("lea") ?? ""],
    ]);
    const made = await postForm("tutor", "/sessions", `/sessions/groups/${paths.group}`, [
      ["title", "Prise de contact"],
      ["date", day(10)],
      ["time", "14:00"],
      ["durationMinutes", "120"],
      ["place", "Faculté, salle 2"],
      ["videoUrl", ""],
      ["agenda", "Présentations\nComment se passent les stages"],
    ]);
    paths.session = new URL(made.url).pathname.replace(/^\/l\/[\w-]+/, "");
    const opened = await postForm("tutor", "/sessions", "/interviews", [
      ["learnerId", ids.get("lea") ?? ""],
      ["date", day(20)],
      ["time", "10:00"],
    ]);
    paths.interview = new URL(opened.url).pathname.replace(/^\/l\/[\w-]+/, "");
    expect(paths.session, made.text.slice(0, 300)).to.match(/^\/sessions\/[\w-]+$/);
    expect(paths.interview, opened.text.slice(0, 300)).to.match(/^\/interviews\/[\w-]+$/);
  }

  async function seedSupportDossierAndFrameworks(): Promise<void> {
    const { services } = fixture.carnet;
    await services.support.programme.save(course.scope, [ids.get("sam") ?? ""], ids.get("tutor") ?? "");
    const asked = await postForm("lea", "/support", "/support/request", [
      ["personId", ids.get("sam") ?? ""],
      ["message", "J'aimerais en parler"],
    ]);
    const drafted = await postForm("lea", "/traces/new/note", "/traces/new/note/draft", [
      ["typeKey", "note"],
      ["title", "Brouillon"],
      ["body_note", "Un texte en cours"],
    ]);
    expect(drafted.status).to.equal(200);
    paths.case = new URL(asked.url).pathname.replace(/^\/l\/[\w-]+/, "");
    expect(paths.case, asked.text.slice(0, 300)).to.match(/^\/support\/cases\/[\w-]+$/);
    const jury = await postForm("tutor", "/juries", "/juries", [
      ["title", "Commission DES"],
      ["members", "Dr Anne Martin <anne@example.org>"],
      ["validFrom", day(1)],
      ["validUntil", day(30)],
      ["learners", ids.get("lea") ?? ""],
    ]);
    paths.jury = new URL(jury.url).pathname.replace(/^\/l\/[\w-]+/, "");
    expect(paths.jury, jury.text.slice(0, 300)).to.match(/^\/juries\/[\w-]+$/);
    const owner = { platformId: fixture.platform._id, userId: ids.get("admin") ?? "" };
    const key = unique("fw-a11y")
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-");
    const imported = await services.frameworks.import({
      platformId: owner.platformId,
      text: frameworkJson(key, 3),
    });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    const changed = frameworkJson(key, 5, 2).replace('"version":"1"', '"version":"2"');
    const fresh = frameworkJson(
      unique("fw-new")
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-"),
      4,
    );
    const draft = (text: string) =>
      services.frameworkDrafts.save(owner, { text, format: "json", version: undefined, pasted: true });
    paths.draftNew = `/frameworks/drafts/${await draft(fresh)}`;
    paths.draftChanged = `/frameworks/drafts/${await draft(changed)}`;
  }

  withChromium((started) => ({ fixture, chromium } = started));
  before(async () => {
    course = await setupCourse(fixture, { leaves: 4, domains: 2 });
    programme = await setupCourse(fixture, { leaves: 2 });
    for (const language of LANGUAGES)
      for (const who of Object.keys(PEOPLE) as Who[])
        sessions.set(`${who}-${language}`, await launch(who, language));
    for (const who of Object.keys(PEOPLE) as Who[]) ids.set(who, await userId(who));
    await seedTutoringAndSessions();
    await seedSupportDossierAndFrameworks();
  });

  /** Each page, by who opens it (paths under the launch). */
  const pages = (): [string, Who, string][] => [
    ["portfolio/editor (draft restored)", "lea", "/traces/new/note?draft=saved"],
    ["sessions/index (tutor)", "tutor", "/sessions"],
    ["sessions/index (learner)", "lea", "/sessions"],
    ["sessions/agenda", "tutor", "/sessions/agenda"],
    ["sessions/schedule", "tutor", `/sessions/groups/${paths.group}/new`],
    ["sessions/session (tutor)", "tutor", paths.session],
    ["sessions/session (learner)", "lea", paths.session],
    ["sessions/schedule (edit)", "tutor", `${paths.session}/edit`],
    ["sessions/interview (tutor)", "tutor", paths.interview],
    ["sessions/interview (learner)", "lea", paths.interview],
    ["dossier/own", "lea", "/dossier"],
    ["dossier/print", "lea", "/dossier/print"],
    ["dossier/juries", "tutor", "/juries"],
    ["dossier/jury", "tutor", paths.jury],
    ["support/index (support person)", "sam", "/support"],
    ["support/case (support person)", "sam", paths.case],
    ["support/learner (support person)", "sam", `/support/learners/${ids.get("lea") ?? ""}`],
    ["support/index (learner)", "lea", "/support"],
    ["support/case (learner)", "lea", paths.case],
    ["support/settings", "tutor", "/support/settings"],
    ["frameworks/preview (new)", "admin", paths.draftNew],
    ["frameworks/preview (comparison)", "admin", paths.draftChanged],
    ["tutoring/index", "tutor", "/tutoring"],
    ["tutoring/learner", "tutor", `/tutoring/learners/${ids.get("lea") ?? ""}`],
    ["tutoring/team-notes", "tutor", `/tutoring/learners/${ids.get("lea") ?? ""}/team-notes`],
    ["tutoring/import", "tutor", "/tutoring/import"],
    ["tutoring/my-tutors", "lea", "/my-tutors"],
  ];

  for (const language of LANGUAGES) {
    it(`finds no serious or critical violation on the newer pages (${language})`, async () => {
      const found: string[] = [];
      const opened = new Map<Who, Page>();
      for (const who of Object.keys(PEOPLE) as Who[]) {
        const context = await contextFrom(chromium, session(who, language).browser, {
          width: 1280,
          height: 900,
        });
        opened.set(who, await context.newPage());
      }
      for (const [template, who, path] of pages()) {
        const page = opened.get(who);
        if (!page) throw new Error(`no page for ${who}`);
        const response = await page.goto(`${session(who, language).base}${path}`);
        expect(response?.status(), `${template} ${path}`).to.equal(200);
        expect(await page.locator("html").getAttribute("lang"), template).to.equal(language);
        for (const violation of await seriousViolations(page))
          found.push(
            `${template}: ${violation.id} (${violation.impact ?? ""}) ${violation.help} — ${violation.targets.join(" | ")}`,
          );
      }
      // The page a jury member meets when their link is no longer valid (outside any launch, in the
      // browser's language).
      const outside = await chromium.newContext({ locale: language === "fr" ? "fr-FR" : "en-GB" });
      const refusedPage = await outside.newPage();
      const refused = await refusedPage.goto(`${fixture.carnet.baseUrl}/jury/open/${"x".repeat(43)}`);
      expect(refused?.status()).to.equal(403);
      expect(await refusedPage.locator("html").getAttribute("lang")).to.equal(language);
      for (const violation of await seriousViolations(refusedPage))
        found.push(
          `dossier/link-refused: ${violation.id} ${violation.help} — ${violation.targets.join(" | ")}`,
        );
      await outside.close();
      for (const page of opened.values()) await page.context().close();
      expect(found).to.deep.equal([]);
    });
  }
});
