// The cohort matrix: learners × competences of a course, state and level in each cell, with filters
// (state, waiting longer than N days, no activity for N weeks, never launched) and sorting. Built from
// three queries (memberships, people, one compact summary row per learner) however large the course.
import express, { type Router } from "express";
import type { Translate } from "../../i18n/i18n.js";
import { leafCompetences, selfAssessmentLevels } from "../../domain/frameworks/framework.js";
import { COMPETENCE_STATES, type CompetenceState } from "../../domain/validation/states.js";
import { inactiveWeeks, waitingDays } from "../../domain/validation/waiting.js";
import { STATE_CODES, type SummaryRow } from "../../persistence/competence-summaries.js";
import type { MembershipDoc } from "../../persistence/models/lti-models.js";
import { displayName, PeopleRepository } from "../../persistence/people-repository.js";
import { localized, stateBadge } from "../../presenters/validation.js";
import { escapeHtml } from "../../domain/portfolio/markdown.js";
import { actorOf, renderPage } from "../render.js";
import type { LaunchedDeps } from "./launched.js";
import { courseContext, handle, localeOf, requireTeaching } from "./validation-support.js";

const ROSTER_MAX_AGE_MS = 15 * 60_000;
const QUIET_WEEKS = 3;
const SORTS = ["name", "progress", "waiting", "activity"] as const;
type Sort = (typeof SORTS)[number];

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
const STATE_BY_CODE = new Map<string, CompetenceState>(
  COMPETENCE_STATES.map((state) => [STATE_CODES[state], state]),
);
const EMPTY_CELL = "<td class=m-n>·";

function positiveInt(value: unknown, max: number): number | undefined {
  if (typeof value !== "string" || !/^\d{1,4}$/.test(value)) return undefined;
  const number = Number(value);
  return number > 0 && number <= max ? number : undefined;
}

interface Row {
  name: string;
  neverLaunched: boolean;
  tutee: boolean;
  validated: number;
  oldestWaiting: number | null;
  lastActivity: Date | undefined;
  weeks: number | null;
  states: Set<CompetenceState>;
  hasEmpty: boolean;
  html: string;
}

export interface MatrixLayout {
  /** Positions (in the framework's order) of the columns shown. */
  positions: number[];
  codes: string[];
  scale: { code: string; label: string }[];
  /** Self-assessed cells show the self-assessment scale's words. */
  selfScale: { code: string; label: string }[];
  double: boolean;
  t: Translate;
}

/**
 * Builds one row's cells from a summary row's packed strings. Cells are the bulk of a large cohort's
 * page, so they are made here rather than by the template: no closing tags (optional in HTML), bare
 * class names, each distinct cell escaped once, and a title only where it adds the level or "1/2" to
 * what the code and the table's caption say.
 */
export function cellRenderer(layout: MatrixLayout): (
  row: Pick<SummaryRow, "states" | "levels" | "selfLevels" | "approvals"> | undefined,
) => {
  html: string;
  states: Set<CompetenceState>;
  hasEmpty: boolean;
} {
  const cache = new Map<string, string>();
  const badges = new Map(COMPETENCE_STATES.map((state) => [state, stateBadge(layout.t, state)]));
  const levelOf = (char: string, self: boolean): string =>
    char === "" || char === "-"
      ? ""
      : ((self ? layout.selfScale : layout.scale)[parseInt(char, 36)]?.label ?? "");
  const cell = (state: CompetenceState, levelChar: string, approvals: number): string => {
    const key = `${state}|${levelChar}|${approvals}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const badge = badges.get(state);
    const level = levelOf(levelChar, state === "self_assessed");
    const progress = approvals ? ` ${approvals}/2` : "";
    const title = level || progress ? `${badge?.label ?? state}${level ? ` — ${level}` : ""}${progress}` : "";
    const html = `<td class=m-${STATE_CLASS[state]}${title ? ` title="${escapeHtml(title)}"` : ""}>${escapeHtml((badge?.code ?? "") + progress)}`;
    cache.set(key, html);
    return html;
  };
  return (row) => {
    const states = new Set<CompetenceState>();
    let html = "";
    let hasEmpty = false;
    for (const position of layout.positions) {
      const state = row && position >= 0 ? STATE_BY_CODE.get(row.states.charAt(position)) : undefined;
      if (!row || !state || state === "not_started") {
        html += EMPTY_CELL;
        hasEmpty = true;
        continue;
      }
      states.add(state);
      const levelChar =
        state === "validated"
          ? row.levels.charAt(position)
          : state === "self_assessed"
            ? row.selfLevels.charAt(position)
            : "";
      const approvals =
        layout.double && state !== "validated" ? Number(row.approvals.charAt(position)) || 0 : 0;
      html += cell(state, levelChar, approvals);
    }
    return { html, states, hasEmpty };
  };
}

export function cohortRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const people = new PeopleRepository(deps.services.models);
  const { validation } = deps.services;

  router.get(
    "/cohort",
    handle(async (req, res) => {
      const actor = actorOf(res);
      requireTeaching(actor);
      const ctx = await courseContext(deps, res);
      const t = res.locals.t;
      const locale = localeOf(res);
      const base = res.locals.base ?? "";
      const now = deps.clock.now();
      const filters = {
        state: COMPETENCE_STATES.find((state) => state === req.query.state),
        waiting: positiveInt(req.query.waiting, 3650),
        inactive: positiveInt(req.query.inactive, 520),
        never: req.query.never === "1",
        mine: req.query.mine === "1",
        domain: typeof req.query.domain === "string" ? req.query.domain : "",
        sort: SORTS.find((sort) => sort === req.query.sort) ?? ("name" satisfies Sort),
      };

      // Learners who never launched come from the LMS roster (NRPS). The first view waits for it; later
      // refreshes run in the background and show on the next view (a refresh never fails the page).
      const course = await people.course(ctx.scope);
      const refresh = deps.services.roster.refreshIfStale(ctx.scope, ROSTER_MAX_AGE_MS);
      const roster = course?.rosterSyncedAt ? { refreshed: false, error: undefined } : await refresh;
      if (course?.rosterSyncedAt) refresh.catch(() => undefined);

      const framework = ctx.framework;
      const [memberships, summaryRows, tutees] = await Promise.all([
        deps.services.models.Membership.find(
          { ...ctx.scope, status: { $ne: "Deleted" }, roles: "learner" },
          { userId: 1, roles: 1, source: 1, lastLaunchAt: 1 },
        ).lean<Pick<MembershipDoc, "userId" | "roles" | "source" | "lastLaunchAt">[]>(),
        framework ? validation.summaries.rows(ctx.scope, framework.id) : Promise.resolve([] as SummaryRow[]),
        validation.tutoring.tuteesOf(actor.platformId, actor.userId),
      ]);
      const learners = memberships.filter((m) => !m.roles.includes("teacher") && m.userId !== actor.userId);
      const users = await people.people(
        actor.platformId,
        learners.map((m) => m.userId),
      );

      const allLeaves = framework ? leafCompetences(framework.definition) : [];
      const allCodes = allLeaves.map(({ node }) => node.code);
      const leaves = allLeaves.filter(({ path }) => filters.domain === "" || path[0] === filters.domain);
      const domains = framework
        ? framework.definition.competences.filter((node) => node.children.length > 0)
        : [];
      const double = ctx.rules.validationsRequired >= 2;
      const render = cellRenderer({
        positions: leaves.map(({ node }) => allCodes.indexOf(node.code)),
        codes: leaves.map(({ node }) => node.code),
        scale: (framework?.definition.scale.levels ?? []).map((level) => ({
          code: level.code,
          label: localized(level.label, locale),
        })),
        selfScale: (framework ? selfAssessmentLevels(framework.definition) : []).map((level) => ({
          code: level.code,
          label: localized(level.label, locale),
        })),
        double,
        t,
      });
      const byLearner = new Map(summaryRows.map((row) => [row.learnerId, row]));
      const tuteeSet = new Set(tutees);
      const labels = {
        tutee: escapeHtml(t("validation:queue.tutee")),
        never: escapeHtml(t("validation:cohort.neverLaunched")),
        noActivity: escapeHtml(t("validation:cohort.noActivity")),
      };

      let rows: Row[] = learners.map((membership) => {
        const user = users.get(membership.userId);
        const summary = byLearner.get(membership.userId);
        const activity = [membership.lastLaunchAt, summary?.learnerActivityAt].reduce<Date | undefined>(
          (max, at) => (at && (!max || at > max) ? at : max),
          undefined,
        );
        const weeks = inactiveWeeks(activity, now);
        const oldestWaiting = summary?.oldestWaiting ? waitingDays(summary.oldestWaiting, now) : null;
        const cells = render(summary);
        const name = user ? displayName(user) : `#${membership.userId.slice(0, 8)}`;
        const neverLaunched = membership.source === "roster" && !membership.lastLaunchAt;
        const tutee = tuteeSet.has(membership.userId);
        // The row's header says only what needs attention: progress, a wait, a silence.
        const meta = [`${summary?.validated ?? 0}/${allLeaves.length}`];
        if (oldestWaiting !== null && oldestWaiting > 0) {
          const text = escapeHtml(t("validation:cohort.waitingDays", { count: oldestWaiting }));
          meta.push(
            oldestWaiting > ctx.rules.reminderAfterDays ? `<span class=overdue>${text}</span>` : text,
          );
        }
        if (!neverLaunched && (weeks === null || weeks >= QUIET_WEEKS)) {
          meta.push(
            `<span class=quiet>${weeks === null ? labels.noActivity : escapeHtml(t("validation:cohort.inactiveWeeks", { count: weeks }))}</span>`,
          );
        }
        const html =
          `<tr><th scope=row class=matrix__who><a href="${escapeHtml(`${base}/learners/${encodeURIComponent(membership.userId)}`)}">${escapeHtml(name)}</a>` +
          (tutee ? ` <span class="badge badge--info">${labels.tutee}</span>` : "") +
          (neverLaunched ? ` <span class="badge badge--muted">${labels.never}</span>` : "") +
          `<span class=matrix__meta>${meta.join(" · ")}</span></th>${cells.html}</tr>\n`;
        return {
          name,
          neverLaunched,
          tutee,
          validated: summary?.validated ?? 0,
          oldestWaiting,
          lastActivity: activity,
          weeks,
          states: cells.states,
          hasEmpty: cells.hasEmpty,
          html,
        };
      });

      const total = rows.length;
      const wanted = filters.state;
      if (wanted)
        rows = rows.filter((row) => (wanted === "not_started" ? row.hasEmpty : row.states.has(wanted)));
      const waitingAtLeast = filters.waiting;
      if (waitingAtLeast !== undefined)
        rows = rows.filter((row) => row.oldestWaiting !== null && row.oldestWaiting >= waitingAtLeast);
      const quietFor = filters.inactive;
      if (quietFor !== undefined) rows = rows.filter((row) => row.weeks === null || row.weeks >= quietFor);
      if (filters.never) rows = rows.filter((row) => row.neverLaunched);
      if (filters.mine) rows = rows.filter((row) => row.tutee);

      const byName = (a: Row, b: Row): number => a.name.localeCompare(b.name, "fr");
      const sorters: Record<Sort, (a: Row, b: Row) => number> = {
        name: byName,
        progress: (a, b) => a.validated - b.validated || byName(a, b),
        waiting: (a, b) => (b.oldestWaiting ?? -1) - (a.oldestWaiting ?? -1) || byName(a, b),
        activity: (a, b) =>
          (a.lastActivity?.getTime() ?? 0) - (b.lastActivity?.getTime() ?? 0) || byName(a, b),
      };
      // A tutor sees their own tutees first, in the chosen order.
      rows.sort((a, b) => Number(b.tutee) - Number(a.tutee) || sorters[filters.sort](a, b));
      const badges = COMPETENCE_STATES.map((state) => ({ state, badge: stateBadge(t, state) }));

      renderPage(
        res,
        "pages/cohort/matrix",
        "cohort",
        {
          title: t("validation:cohort.title"),
          noFramework: !framework,
          framework: framework ? localized(framework.definition.title, locale) : "",
          columns: leaves.map(({ node }) => ({ code: node.code, title: localized(node.title, locale) })),
          // Built above with escapeHtml on every value (names included), for speed on 300 × 60 cohorts.
          tbody: rows.map((row) => row.html).join(""),
          shown: rows.length,
          total,
          required: allLeaves.length,
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
          domains: domains.map((node) => ({
            value: node.code,
            label: `${node.code} · ${localized(node.title, locale)}`,
            selected: filters.domain === node.code,
          })),
          sorts: SORTS.map((sort) => ({
            value: sort,
            label: t(`validation:cohort.sorts.${sort}`),
            selected: filters.sort === sort,
          })),
          filters,
          filtered: Boolean(
            filters.state ||
            filters.waiting ||
            filters.inactive ||
            filters.never ||
            filters.mine ||
            filters.domain,
          ),
          filtersOpen: Boolean(
            filters.state ||
            filters.waiting ||
            filters.inactive ||
            filters.never ||
            filters.mine ||
            filters.domain ||
            filters.sort !== "name",
          ),
          rosterError: roster.error === "NRPS_FAILED",
          action: `${base}/cohort`,
          double,
        },
        { badges: res.locals.badges },
      );
    }),
  );

  return router;
}
