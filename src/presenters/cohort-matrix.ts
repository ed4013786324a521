// The cohort matrix's page, and its fast renderer: the rows of a large cohort are made here as HTML
// rather than by the template (18,000 cells on 300 × 60), every value escaped by `escapeHtml`, the
// result handed to the view as SafeHtml (`{{safe tbody}}`).
import { selfAssessmentLevels } from "../domain/frameworks/framework.js";
import {
  COHORT_PAGE_SIZE,
  COHORT_SORTS,
  QUIET_WEEKS,
  type CohortFilters,
  type CohortLearner,
  type CohortMatrix,
} from "../domain/validation/cohort-matrix.js";
import { COMPETENCE_STATES, type CompetenceState } from "../domain/validation/states.js";
import { stateAt, type SummaryRow } from "../domain/validation/summary-row.js";
import type { Translate } from "../i18n/i18n.js";
import { escapeHtml, trustedHtml, type SafeHtml } from "./html.js";
import { learnerPath, type PresenterView } from "./validation-links.js";
import { competenceTitle, localized, stateBadge } from "./validation.js";

/** Short class names: they repeat 18,000 times on a large cohort. */
export const STATE_CLASS: Record<CompetenceState, string> = {
  not_started: "n",
  self_assessed: "sa",
  submitted: "su",
  more_evidence: "me",
  resubmitted: "re",
  validated: "va",
  withdrawn: "wd",
};
const EMPTY_CELL = "<td class=m-n>·";

export interface MatrixLayout {
  /** Positions (in the framework's order) of the columns shown. */
  positions: readonly number[];
  /** The validation scale's labels, in order (levels are stored as their index). */
  scale: readonly string[];
  /** Self-assessed cells show the self-assessment scale's words. */
  selfScale: readonly string[];
  double: boolean;
  t: Translate;
}

type CellSource = Pick<SummaryRow, "states" | "levels" | "selfLevels" | "approvals">;

/** Where a row's cells link: the learner's competence pages (escaped prefix, escaped codes by position). */
export interface CellLinks {
  prefix: string;
  codes: ReadonlyMap<number, string>;
}

/**
 * One row's cells from a summary row's packed strings: no closing tags (optional in HTML), bare class
 * names, each distinct cell escaped once, and a title only where it adds the level or "1/2" to what the
 * code and the table's caption say.
 */
export function cellRenderer(
  layout: MatrixLayout,
): (row: CellSource | undefined, link?: CellLinks) => string {
  const cache = new Map<string, [string, string]>();
  const badges = new Map(COMPETENCE_STATES.map((state) => [state, stateBadge(layout.t, state)]));
  const levelOf = (char: string, self: boolean): string =>
    char === "" || char === "-" ? "" : ((self ? layout.selfScale : layout.scale)[parseInt(char, 36)] ?? "");
  /** The cell's opening tag and its text, escaped once per distinct cell. */
  const cell = (state: CompetenceState, levelChar: string, approvals: number): [string, string] => {
    const key = `${state}|${levelChar}|${approvals}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const badge = badges.get(state);
    const level = levelOf(levelChar, state === "self_assessed");
    const progress = approvals ? ` ${approvals}/2` : "";
    const title = level || progress ? `${badge?.label ?? state}${level ? ` — ${level}` : ""}${progress}` : "";
    const html: [string, string] = [
      `<td class=m-${STATE_CLASS[state]}${title ? ` title="${escapeHtml(title)}"` : ""}>`,
      escapeHtml((badge?.code ?? "") + progress),
    ];
    cache.set(key, html);
    return html;
  };
  return (row, link) => {
    let html = "";
    for (const position of layout.positions) {
      const state = row ? stateAt(row.states, position) : undefined;
      if (!row || !state || state === "not_started") {
        html += EMPTY_CELL;
        continue;
      }
      const levelChar =
        state === "validated"
          ? row.levels.charAt(position)
          : state === "self_assessed"
            ? row.selfLevels.charAt(position)
            : "";
      const approvals =
        layout.double && state !== "validated" ? Number(row.approvals.charAt(position)) || 0 : 0;
      const [open, text] = cell(state, levelChar, approvals);
      const code = link?.codes.get(position);
      // A cell with something in it opens that competence of that learner (the request behind it).
      html +=
        code === undefined || !link ? open + text : `${open}<a href="${link.prefix}${code}">${text}</a>`;
    }
    return html;
  };
}

/** The rows of the table body: the learner's name and what needs attention, then the cells. */
export function matrixBody(
  learners: readonly CohortLearner[],
  layout: MatrixLayout & {
    base: string;
    required: number;
    reminderAfterDays: number;
    /** The framework and its codes by position, for cells that link to the competence behind them. */
    links?: { frameworkId: string; codes: ReadonlyMap<number, string> };
  },
): SafeHtml {
  const { t } = layout;
  const cells = cellRenderer(layout);
  const codes = new Map(
    [...(layout.links?.codes ?? new Map<number, string>())].map(([position, code]) => [
      position,
      escapeHtml(encodeURIComponent(code)),
    ]),
  );
  const labels = {
    tutee: escapeHtml(t("validation:queue.tutee")),
    never: escapeHtml(t("validation:cohort.neverLaunched")),
    noActivity: escapeHtml(t("validation:cohort.noActivity")),
  };
  const rows = learners.map((learner) => {
    // The row's header says only what needs attention: progress, a wait, a silence.
    const meta = [`${learner.validated}/${layout.required}`];
    if (learner.oldestWaiting !== null && learner.oldestWaiting > 0) {
      const text = escapeHtml(t("validation:cohort.waitingDays", { count: learner.oldestWaiting }));
      meta.push(
        learner.oldestWaiting > layout.reminderAfterDays ? `<span class=overdue>${text}</span>` : text,
      );
    }
    if (!learner.neverLaunched && (learner.quietWeeks === null || learner.quietWeeks >= QUIET_WEEKS)) {
      const quiet =
        learner.quietWeeks === null
          ? labels.noActivity
          : escapeHtml(t("validation:cohort.inactiveWeeks", { count: learner.quietWeeks }));
      meta.push(`<span class=quiet>${quiet}</span>`);
    }
    return (
      // dir=auto isolates the name: a bidi override in it cannot reorder the rest of the row.
      `<tr><th scope=row class=matrix__who><a dir=auto href="${escapeHtml(learnerPath(layout.base, learner.learnerId))}">${escapeHtml(learner.name)}</a>` +
      (learner.tutee ? ` <span class="badge badge--info">${labels.tutee}</span>` : "") +
      (learner.neverLaunched ? ` <span class="badge badge--muted">${labels.never}</span>` : "") +
      `<span class=matrix__meta>${meta.join(" · ")}</span></th>` +
      cells(
        learner.summary,
        layout.links
          ? {
              prefix: escapeHtml(
                `${learnerPath(layout.base, learner.learnerId)}/competences/${encodeURIComponent(layout.links.frameworkId)}/`,
              ),
              codes,
            }
          : undefined,
      ) +
      "</tr>\n"
    );
  });
  return trustedHtml(rows.join(""));
}

function isFiltered(filters: CohortFilters): boolean {
  return Boolean(
    filters.state || filters.waiting || filters.inactive || filters.never || filters.mine || filters.domain,
  );
}

export { COHORT_PAGE_SIZE };

export function presentCohortMatrix(
  matrix: CohortMatrix,
  filters: CohortFilters,
  view: PresenterView,
): Record<string, unknown> & { title: string } {
  const { t, locale, base } = view;
  const { framework } = matrix;
  const double = matrix.rules.validationsRequired >= 2;
  const badges = COMPETENCE_STATES.map((state) => ({ state, badge: stateBadge(t, state) }));
  const pagination = pageLinks(matrix, filters, view);
  const tbody = matrixBody(matrix.learners, {
    positions: matrix.columns.map((column) => column.position),
    scale: (framework?.definition.scale.levels ?? []).map((level) => localized(level.label, locale)),
    selfScale: (framework ? selfAssessmentLevels(framework.definition) : []).map((level) =>
      localized(level.label, locale),
    ),
    double,
    t,
    base,
    required: matrix.required,
    reminderAfterDays: matrix.rules.reminderAfterDays,
    ...(framework
      ? {
          links: {
            frameworkId: framework.id,
            codes: new Map(matrix.columns.map((column) => [column.position, column.node.code])),
          },
        }
      : {}),
  });
  return {
    title: t("validation:cohort.title"),
    noFramework: !framework,
    framework: framework ? localized(framework.definition.title, locale) : "",
    columns: matrix.columns.map(({ node }) => ({ code: node.code, title: competenceTitle(node, locale) })),
    tbody,
    shown: matrix.matching,
    total: matrix.total,
    required: matrix.required,
    captionLegend: badges
      .filter(({ state }) => state !== "not_started")
      .map(({ badge }) => `${badge.code} : ${badge.label}`)
      .join(", "),
    legend: badges.map(({ state, badge }) => ({
      ...badge,
      c: STATE_CLASS[state],
      code: state === "not_started" ? "·" : badge.code,
    })),
    states: badges.map(({ state, badge }) => ({
      value: state,
      label: badge.label,
      selected: filters.state === state,
    })),
    domains: matrix.domains.map((node) => ({
      value: node.code,
      label: `${node.code} · ${competenceTitle(node, locale)}`,
      selected: filters.domain === node.code,
    })),
    sorts: COHORT_SORTS.map((sort) => ({
      value: sort,
      label: t(`validation:cohort.sorts.${sort}`),
      selected: filters.sort === sort,
    })),
    filters,
    filtered: isFiltered(filters),
    filtersOpen: isFiltered(filters) || filters.sort !== "name",
    rosterError: matrix.rosterError,
    action: `${base}/cohort`,
    pagination,
    double,
  };
}

/** Where the page stands among the others, with links to the previous and next ones. */
function pageLinks(
  { page, pages }: Pick<CohortMatrix, "page" | "pages">,
  filters: CohortFilters,
  { t, base }: PresenterView,
): { label: string; previous: string | null; next: string | null } | null {
  if (pages <= 1) return null;
  return {
    label: t("validation:cohort.page", { page, pages }),
    previous: page > 1 ? pageHref(base, filters, page - 1) : null,
    next: page < pages ? pageHref(base, filters, page + 1) : null,
  };
}

/** The same filters and sort, another page. */
function pageHref(base: string, filters: CohortFilters, page: number): string {
  const query = new URLSearchParams();
  if (filters.state) query.set("state", filters.state);
  if (filters.waiting !== undefined) query.set("waiting", String(filters.waiting));
  if (filters.inactive !== undefined) query.set("inactive", String(filters.inactive));
  if (filters.never) query.set("never", "1");
  if (filters.mine) query.set("mine", "1");
  if (filters.domain) query.set("domain", filters.domain);
  if (filters.sort !== "name") query.set("sort", filters.sort);
  query.set("page", String(page));
  return `${base}/cohort?${query.toString()}`;
}
