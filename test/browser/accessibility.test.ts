// axe-core (WCAG 2.1 A and AA rules) on every page template, in French and in English, as the person
// each page serves: no serious or critical violation. The focus ring's contrast is measured too, and
// the header and the cohort matrix inside a 900×600 LMS frame.
import { expect } from "chai";
import type { Browser as Chromium, Page } from "playwright-core";
import { seriousViolations } from "../support/axe.js";
import { withChromium } from "../support/browser-suite.js";
import { contextFrom } from "../support/chromium.js";
import type { LtiFixture } from "../support/lti-fixture.js";
import { createTrace } from "../support/portfolio.js";
import { Browser } from "../support/sim-lms/index.js";
import {
  requestValidation,
  setupCourse,
  unique,
  type Session,
  type TestCourse,
} from "../support/validation.js";

const LANGUAGES = ["fr", "en"] as const;
type Language = (typeof LANGUAGES)[number];

/** The contrast ratio of two CSS rgb() colours (WCAG relative luminance). */
function contrast(a: string, b: string): number {
  const luminance = (color: string): number => {
    const [r = 0, g = 0, bl = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

describe("accessibility in chromium (axe-core, both languages)", function () {
  // Thirty pages a language, each loaded and checked by axe: minutes on a loaded machine, not seconds.
  this.timeout(300_000);
  let fixture: LtiFixture;
  let chromium: Chromium;
  let course: TestCourse;
  const sessions = new Map<string, Session>();
  let traceId = "";
  let learnerId = "";
  let requestPath = "";

  async function launch(
    who: "learner" | "trainer" | "admin",
    language: Language,
    deepLinking = false,
  ): Promise<Session> {
    const roles = {
      learner: ["Learner"],
      trainer: ["Instructor"],
      admin: ["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"],
    }[who];
    const result = await fixture.launch(
      {
        user: {
          sub: `a11y-${who}`,
          name: { learner: "Léa Stagiaire", trainer: "Fanny Formatrice", admin: "Alex Admin" }[who],
        },
        roles,
        context: course.context,
        locale: language,
        ...(deepLinking ? { messageType: "LtiDeepLinkingRequest" as const } : {}),
      },
      new Browser(),
    );
    const base = /^(.*\/l\/[\w-]+)\//.exec(result.final.url)?.[1];
    if (!base) throw new Error(`unexpected launch URL ${result.final.url}`);
    return { browser: result.browser, base, home: result.final, userId: () => Promise.resolve("") };
  }

  withChromium((started) => ({ fixture, chromium } = started));
  before(async () => {
    course = await setupCourse(fixture, { leaves: 12, domains: 3 });
    for (const language of LANGUAGES)
      for (const who of ["learner", "trainer", "admin"] as const)
        sessions.set(`${who}-${language}`, await launch(who, language));
    const lea = sessions.get("learner-fr");
    if (!lea) throw new Error("no learner");
    traceId = (
      await createTrace(lea, "note", { title: "Séquence tableur en 4e", body_note: "Déroulé et bilan." })
    ).id;
    await requestValidation(lea, [
      { code: "C01", justification: "J'ai conduit la séquence", traceIds: [traceId] },
      { code: "C02", justification: "J'ai produit les fiches" },
    ]);
    const user = await fixture.carnet.services.models.User.findOne({
      platformId: fixture.platform._id,
      sub: "a11y-learner",
    }).lean<{ _id: string }>();
    learnerId = user?._id ?? "";
    const trainer = sessions.get("trainer-fr");
    const queue = await trainer?.browser.get(`${trainer.base}/validation/queue`);
    requestPath = /href="[^"]*(\/validation\/requests\/[^"?]+)"/.exec(queue?.text ?? "")?.[1] ?? "";
    expect(requestPath).to.not.equal("");
  });

  /** Each template, by who opens it and where (paths under the launch). */
  const pages = (): [string, "learner" | "trainer" | "admin", string][] => [
    ["home/learner", "learner", "/"],
    ["portfolio/list", "learner", "/traces"],
    ["portfolio/new", "learner", "/traces/new"],
    ["portfolio/editor", "learner", "/traces/new/rsca"],
    ["portfolio/trace", "learner", `/traces/${traceId}`],
    ["portfolio/revision", "learner", `/traces/${traceId}/revisions/1`],
    ["portfolio/by-competence", "learner", "/traces/by-competence"],
    ["portfolio/coverage", "learner", "/traces/coverage"],
    ["portfolio/waiting", "learner", "/traces/waiting"],
    ["portfolio/group", "learner", "/traces/group"],
    ["validation/competences", "learner", "/competences"],
    ["validation/competence", "learner", `/competences/${course.frameworkId}/C01`],
    ["validation/request-new", "learner", "/requests/new"],
    ["validation/request-new (step 2)", "learner", "/requests/new?step=evidence&code=C03&code=C04"],
    ["validation/notifications", "learner", "/notifications"],
    ["errors/error", "learner", "/traces/no-such-trace"],
    ["home/teacher", "trainer", "/"],
    ["validation/queue", "trainer", "/validation/queue"],
    ["validation/request", "trainer", requestPath],
    ["cohort/matrix", "trainer", "/cohort"],
    ["cohort/learner", "trainer", `/learners/${learnerId}`],
    ["portfolio/learner", "trainer", `/learners/${learnerId}/traces`],
    ["portfolio/review", "trainer", "/traces/review"],
    [
      "validation/competence (trainer)",
      "trainer",
      `/learners/${learnerId}/competences/${course.frameworkId}/C01`,
    ],
    ["tutoring/index", "trainer", "/tutoring"],
    ["grading/course", "trainer", "/grading"],
    ["frameworks/index", "trainer", "/frameworks"],
    ["validation/settings", "trainer", "/course/settings"],
    ["admin/index", "admin", "/admin"],
    ["admin/person", "admin", "/admin/people?user=a11y-learner"],
    ["portfolio/admin-types", "admin", "/admin/trace-types"],
    ["grading/parked", "admin", "/admin/grades"],
  ];

  for (const language of LANGUAGES) {
    it(`finds no serious or critical violation on any page template (${language})`, async () => {
      const found: string[] = [];
      const contexts = new Map<string, Page>();
      for (const who of ["learner", "trainer", "admin"] as const) {
        const session = sessions.get(`${who}-${language}`);
        if (!session) throw new Error(`no ${who}`);
        const context = await contextFrom(chromium, session.browser, { width: 1280, height: 900 });
        contexts.set(who, await context.newPage());
      }
      for (const [template, who, path] of pages()) {
        const page = contexts.get(who);
        const session = sessions.get(`${who}-${language}`);
        if (!page || !session) throw new Error(`no page for ${who}`);
        await page.goto(`${session.base}${path}`);
        expect(await page.locator("html").getAttribute("lang"), template).to.equal(language);
        for (const violation of await seriousViolations(page))
          found.push(
            `${template}: ${violation.id} (${violation.impact ?? ""}) ${violation.help} — ${violation.targets.join(" | ")}`,
          );
      }
      // Pages outside a launch: the root page and the deep-linking chooser.
      const anyPage = contexts.get("learner");
      if (!anyPage) throw new Error("no page");
      await anyPage.setExtraHTTPHeaders({ "accept-language": language });
      await anyPage.goto(`${fixture.carnet.baseUrl}/`);
      for (const violation of await seriousViolations(anyPage))
        found.push(`welcome: ${violation.id} ${violation.help}`);
      const chooser = await launch("trainer", language, true);
      const chooserContext = await contextFrom(chromium, chooser.browser);
      const chooserPage = await chooserContext.newPage();
      await chooserPage.goto(`${chooser.base}/deep-linking`);
      for (const violation of await seriousViolations(chooserPage))
        found.push(`deep-linking/choose: ${violation.id} ${violation.help}`);
      await chooserContext.close();
      for (const page of contexts.values()) await page.context().close();
      expect(found).to.deep.equal([]);
    });
  }

  it("draws a focus ring with at least 3:1 contrast against what surrounds it", async () => {
    const session = sessions.get("learner-fr");
    if (!session) throw new Error("no learner");
    const context = await contextFrom(chromium, session.browser);
    const page = await context.newPage();
    await page.goto(`${session.base}/traces`);
    const measured: [string, number][] = [];
    // Tab through the page: the header's links, then the content's links and buttons.
    for (let press = 0; press < 14; press++) {
      await page.keyboard.press("Tab");
      const colors = await page.evaluate(() => {
        const element = document.activeElement;
        if (!(element instanceof HTMLElement)) return null;
        const style = getComputedStyle(element);
        let behind: Element | null = element.parentElement;
        let background = "rgba(0, 0, 0, 0)";
        while (behind && /rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
          background = getComputedStyle(behind).backgroundColor;
          behind = behind.parentElement;
        }
        return {
          name: element.tagName + " " + (element.textContent ?? "").trim().slice(0, 20),
          outline: style.outlineColor,
          width: style.outlineWidth,
          background,
        };
      });
      if (!colors) continue;
      expect(parseFloat(colors.width), colors.name).to.be.at.least(2);
      measured.push([
        colors.name,
        contrast(
          colors.outline,
          /rgba\(0, 0, 0, 0\)/.test(colors.background) ? "rgb(255, 255, 255)" : colors.background,
        ),
      ]);
    }
    expect(measured.length).to.be.above(5);
    for (const [name, ratio] of measured) expect(ratio, name).to.be.at.least(3);
    await context.close();
  });

  it("moves the focus to the first field to fix after a refused form", async () => {
    const session = sessions.get("learner-en");
    if (!session) throw new Error("no learner");
    const context = await contextFrom(chromium, session.browser);
    const page = await context.newPage();
    await page.goto(`${session.base}/traces/new/note`);
    // Spaces pass the browser's "required" and are refused by Carnet (a title must say something).
    await page.locator("#title").fill("   ");
    await page.locator('button[name="intent"][value="save"]').first().click();
    await page.waitForLoadState();
    expect(await page.locator(".form-errors").count()).to.equal(1);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("title");
    await context.close();
  });

  it("keeps the header on one line inside a 900×600 LMS frame and the matrix without a scroll box of its own", async () => {
    const session = sessions.get("trainer-fr");
    if (!session) throw new Error("no trainer");
    const context = await contextFrom(chromium, session.browser, { width: 1000, height: 700 });
    const page = await context.newPage();
    // A page embedding Carnet in a 900×600 frame as Moodle does (served on Carnet's origin, which its
    // frame-ancestors allows, so that the frame's size is all that differs from a full window).
    const host = `${fixture.carnet.baseUrl}/moodle-course-${unique("frame")}`;
    await page.route(host, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>Moodle</title><iframe title="Carnet" src="${session.base}/cohort" width="900" height="600"></iframe>`,
      }),
    );
    await page.goto(host);
    const frame = page.frameLocator("iframe");
    await frame.locator("h1").waitFor();
    const header = await frame.locator(".topbar").boundingBox();
    expect(header?.height, "header height").to.be.at.most(56);
    const navItems = frame.locator(".topnav li");
    const tops = new Set<number>();
    for (let i = 0; i < (await navItems.count()); i++)
      tops.add(Math.round((await navItems.nth(i).boundingBox())?.y ?? 0));
    expect(tops.size, "navigation lines").to.equal(1);
    const scroll = frame.locator(".matrix-scroll");
    expect(
      await scroll.evaluate((el) => el.scrollHeight - el.clientHeight),
      "vertical scroll inside the matrix",
    ).to.be.at.most(1);
    // Cells with something in them open the competence behind them.
    await frame.locator(".matrix td a").first().click();
    await frame.locator("h1").waitFor();
    expect(frame.locator("h1")).to.not.equal(null);
    await context.close();
  });
});
