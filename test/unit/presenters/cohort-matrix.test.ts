// The cohort matrix's fast renderer owns its escaping: hostile names and labels come out as text, a
// bidi override cannot spill over the row, and the result reaches the view only through {{safe}}.
import { expect } from "chai";
import type { CohortLearner } from "../../../src/domain/validation/cohort-matrix.js";
import type { SummaryRow } from "../../../src/domain/validation/summary-row.js";
import { translator } from "../../../src/i18n/i18n.js";
import {
  COHORT_PAGE_SIZE,
  cellRenderer,
  matrixBody,
  presentCohortMatrix,
  type MatrixLayout,
} from "../../../src/presenters/cohort-matrix.js";
import type { CohortFilters, CohortMatrix } from "../../../src/domain/validation/cohort-matrix.js";
import { htmlFromText, htmlOf, isSafeHtml, trustedHtml } from "../../../src/presenters/html.js";
import { createViewEngine } from "../../../src/web/views.js";

const t = translator("fr");

function layout(overrides: Partial<MatrixLayout> = {}): MatrixLayout & {
  base: string;
  required: number;
  reminderAfterDays: number;
} {
  return {
    positions: [0, 1, 2],
    scale: ["novice", "compétent"],
    selfScale: ["pas encore", "maîtrisé"],
    double: false,
    t,
    base: "/l/launch-1",
    required: 3,
    reminderAfterDays: 14,
    ...overrides,
  };
}

function summary(overrides: Partial<SummaryRow> = {}): SummaryRow {
  return {
    id: "row",
    platformId: "p",
    deploymentId: "d",
    contextId: "c",
    frameworkId: "fw",
    learnerId: "l",
    states: "van",
    levels: "1--",
    selfLevels: "-0-",
    approvals: "000",
    pending: [],
    pendingKeys: [],
    validated: 1,
    ...overrides,
  };
}

function learner(name: string, overrides: Partial<CohortLearner> = {}): CohortLearner {
  return {
    learnerId: "l-1",
    name,
    neverLaunched: false,
    tutee: false,
    summary: summary(),
    validated: 1,
    oldestWaiting: null,
    lastActivity: new Date(),
    quietWeeks: 0,
    ...overrides,
  };
}

describe("cohort matrix renderer", () => {
  const hostile = [
    ["a script tag", `<script>alert("x")</script>`, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"],
    [
      "quotes that would close an attribute",
      `O'Brien" onmouseover="x`,
      "O&#39;Brien&quot; onmouseover=&quot;x",
    ],
    ["an ampersand and an entity", "Tom & Jerry &amp;", "Tom &amp; Jerry &amp;amp;"],
  ] as const;
  for (const [what, name, escaped] of hostile) {
    it(`prints a name with ${what} as text`, () => {
      const html = htmlOf(matrixBody([learner(name)], layout()));
      expect(html).to.contain(`>${escaped}</a>`);
      expect(html).to.not.contain(name);
    });
  }

  it("isolates a name with a bidi override so it cannot reorder the rest of the row", () => {
    const name = "Alice\u202Etxet";
    const html = htmlOf(matrixBody([learner(name)], layout()));
    expect(html).to.match(new RegExp(`<a dir=auto href="[^"]*">${name}</a>`));
    expect(html.indexOf("matrix__meta")).to.be.greaterThan(html.indexOf("</a>"));
  });

  it("escapes the learner's id in the link and hostile labels of the scale", () => {
    const html = htmlOf(
      matrixBody([learner("Léa", { learnerId: `"><img src=x>` })], layout({ scale: ["<b>", `"compétent"`] })),
    );
    expect(html).to.contain(`href="/l/launch-1/learners/%22%3E%3Cimg%20src%3Dx%3E"`);
    expect(html).to.contain(`title="Validée — &quot;compétent&quot;"`);
    expect(html).to.not.contain("<img");
  });

  it("renders each state's code with its level or approvals in the title, empty cells as a dot", () => {
    const cells = cellRenderer(layout({ double: true }));
    expect(cells(summary({ states: "vsn", approvals: "010" }))).to.equal(
      '<td class=m-va title="Validée — compétent">V<td class=m-su title="En attente de validation 1/2">ATT 1/2<td class=m-n>·',
    );
    expect(cells(undefined)).to.equal("<td class=m-n>·<td class=m-n>·<td class=m-n>·");
  });

  it("links each cell with something in it to that learner's competence, codes and ids escaped", () => {
    const html = htmlOf(
      matrixBody([learner("Léa", { learnerId: `l"1` })], {
        ...layout(),
        links: {
          frameworkId: "fw 1",
          codes: new Map([
            [0, "A1.1"],
            [1, `B"2`],
            [2, "C3"],
          ]),
        },
      }),
    );
    expect(html).to.contain(
      '<td class=m-va title="Validée — compétent"><a href="/l/launch-1/learners/l%221/competences/fw%201/A1.1">V</a>',
    );
    expect(html).to.contain('<a href="/l/launch-1/learners/l%221/competences/fw%201/B%222">');
    // An empty cell has nothing behind it: no link.
    expect(html).to.match(/<td class=m-n>·<\/tr>|<td class=m-n>·\n?$|<td class=m-n>·<\/tr>\n$/);
    expect(html).to.not.contain("/C3");
  });

  it("reaches a view only through {{safe}}: plain {{x}} escapes SafeHtml too, and {{safe}} escapes strings", () => {
    const engine = createViewEngine();
    const render = engine.handlebars.compile("{{safe html}}|{{safe text}}|{{html}}", {});
    const out = render(
      { html: trustedHtml("<td class=m-n>·"), text: "<script>" },
      { helpers: engine.helpers as Record<string, (...args: unknown[]) => unknown> },
    );
    expect(out.split("|")[0]).to.equal("<td class=m-n>·");
    expect(out.split("|")[1]).to.equal("&lt;script&gt;");
    expect(out.split("|")[2]).to.not.contain("<td");
    expect(htmlOf(htmlFromText(`<a href="x">`))).to.equal("&lt;a href=&quot;x&quot;&gt;");
  });
});

describe("cohort matrix pages", () => {
  /** The query's answer for one page: its learners, how many match, which page of how many. */
  const pageOf = (matching: number, page: number): CohortMatrix => {
    const pages = Math.max(1, Math.ceil(matching / COHORT_PAGE_SIZE));
    const first = (page - 1) * COHORT_PAGE_SIZE;
    return {
      framework: null,
      columns: [],
      required: 0,
      domains: [],
      rules: { validationsRequired: 1, reminderAfterDays: 14 },
      learners: Array.from({ length: Math.min(COHORT_PAGE_SIZE, matching - first) }, (_, k) =>
        learner(`Stagiaire ${String(first + k).padStart(4, "0")}`, { learnerId: `l-${first + k}` }),
      ),
      matching,
      total: matching + 7,
      page,
      pages,
      rosterError: false,
    };
  };
  const filters: CohortFilters = { never: false, mine: true, domain: "", sort: "waiting" };
  const view = { t, locale: "fr" as const, base: "/l/launch-1" };
  const names = (model: Record<string, unknown>): string[] => {
    const body = model.tbody;
    if (!isSafeHtml(body)) throw new Error("the matrix body is not SafeHtml");
    return [...htmlOf(body).matchAll(/Stagiaire \d{4}/g)].map((match) => match[0]);
  };

  it("shows the page's learners with links to the others, keeping the filters and the sort", () => {
    const model = presentCohortMatrix(pageOf(COHORT_PAGE_SIZE * 2 + 5, 2), filters, view);
    const shown = names(model);
    expect(shown).to.have.length(COHORT_PAGE_SIZE);
    expect(shown[0]).to.equal(`Stagiaire ${String(COHORT_PAGE_SIZE).padStart(4, "0")}`);
    expect(model).to.include({ shown: COHORT_PAGE_SIZE * 2 + 5, total: COHORT_PAGE_SIZE * 2 + 12 });
    expect(model.pagination).to.deep.equal({
      label: "Page 2 sur 3",
      previous: "/l/launch-1/cohort?mine=1&sort=waiting&page=1",
      next: "/l/launch-1/cohort?mine=1&sort=waiting&page=3",
    });
  });

  it("has no previous link on the first page, no next on the last, no pages for a cohort that fits on one", () => {
    const first = presentCohortMatrix(pageOf(COHORT_PAGE_SIZE + 1, 1), filters, view);
    expect(first.pagination).to.include({ previous: null });
    const last = presentCohortMatrix(pageOf(COHORT_PAGE_SIZE + 1, 2), filters, view);
    expect(names(last)).to.deep.equal([`Stagiaire ${String(COHORT_PAGE_SIZE).padStart(4, "0")}`]);
    expect(last.pagination).to.include({ next: null });
    expect(presentCohortMatrix(pageOf(3, 1), filters, view).pagination).to.equal(null);
  });
});
