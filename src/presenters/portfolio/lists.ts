// View models of the portfolio's lists: the timeline with its filters and pages, the by-competence and
// coverage views, what waits for the learner, the group's traces, the reviewers' queue, one learner's
// traces, and the portfolio part of the learner's home.
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import type { LearnerHome, SilentTutee, Timeline, WaitingItem } from "../../domain/portfolio/lists.js";
import type { TraceListItem, TraceTally } from "../../domain/portfolio/ports.js";
import { localize } from "../../domain/portfolio/trace-types.js";
import { TRACE_STATUSES, type Trace, type TraceStatus } from "../../domain/portfolio/types.js";
import type { Translate } from "../../i18n/i18n.js";
import type { ViewContext } from "./context.js";
import type { FlashView } from "./flash.js";
import { coverage, type CoverageView } from "./framework-views.js";
import { statusView, traceSummary, type PresentContext, type TraceSummaryView } from "./trace-views.js";

export const TRACES_PER_PAGE = 50;

export type PortfolioTab = "time" | "competences" | "coverage" | "waiting" | "group";

export interface TabView {
  key: PortfolioTab;
  href: string;
  label: string;
  current: boolean;
}

/** The portfolio's views of the same traces; the group's only for members of a tutoring group. */
export function tabs(view: ViewContext, current: PortfolioTab, hasGroup: boolean): TabView[] {
  const paths: [PortfolioTab, string][] = [
    ["time", "/traces"],
    ["competences", "/traces/by-competence"],
    ["coverage", "/traces/coverage"],
    ["waiting", "/traces/waiting"],
    ...(hasGroup ? [["group", "/traces/group"] satisfies [PortfolioTab, string]] : []),
  ];
  return paths.map(([key, path]) => ({
    key,
    href: `${view.base}${path}`,
    label: view.t(`portfolio:tabs.${key}`),
    current: key === current,
  }));
}

export interface StatusCount {
  key: TraceStatus;
  label: string;
  badge: string;
  count: number;
}

export function statusCounts(traces: readonly Trace[], t: Translate): StatusCount[] {
  return tallyCounts(
    traces.map((trace) => ({ status: trace.status, typeKey: trace.typeKey, count: 1 })),
    t,
  );
}

/** The statuses some trace has, in the lifecycle's order, with how many traces have each. */
export function tallyCounts(tallies: readonly TraceTally[], t: Translate): StatusCount[] {
  return TRACE_STATUSES.map((status) => ({
    ...statusView(status, t),
    key: status,
    count: tallies.filter((tally) => tally.status === status).reduce((sum, tally) => sum + tally.count, 0),
  })).filter((entry) => entry.count > 0);
}

function totalOf(tallies: readonly TraceTally[]): number {
  return tallies.reduce((sum, tally) => sum + tally.count, 0);
}

interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface TraceListPage {
  title: string;
  tabs: TabView[];
  traces: TraceSummaryView[];
  pagination: { label: string; previous: string | null; next: string | null } | null;
  total: number;
  filtered: boolean;
  counts: StatusCount[];
  statusOptions: Option[];
  typeOptions: Option[];
  flash: FlashView;
}

export interface TraceFilter {
  status?: TraceStatus | undefined;
  type?: string | undefined;
  page?: number | undefined;
}

/** The learner's timeline: filtered by status and type, read page by page; counts cover every trace. */
export function presentTraceList(
  timeline: Timeline,
  filter: TraceFilter,
  ctx: PresentContext,
  extra: { hasGroup: boolean; flash: FlashView },
): TraceListPage {
  const { t } = ctx;
  const { page, pages, tallies } = timeline;
  const pageLink = (target: number): string => {
    const query = new URLSearchParams();
    if (filter.status) query.set("status", filter.status);
    if (filter.type) query.set("type", filter.type);
    query.set("page", String(target));
    return `${ctx.base}/traces?${query.toString()}`;
  };
  return {
    title: t("portfolio:list.title"),
    tabs: tabs(ctx, "time", extra.hasGroup),
    traces: timeline.traces.map((trace) => traceSummary(trace, ctx)),
    pagination:
      pages > 1
        ? {
            label: t("portfolio:list.page", { page, pages }),
            previous: page > 1 ? pageLink(page - 1) : null,
            next: page < pages ? pageLink(page + 1) : null,
          }
        : null,
    total: totalOf(tallies),
    filtered: Boolean(filter.status || filter.type),
    counts: tallyCounts(tallies, t),
    statusOptions: TRACE_STATUSES.map((status) => ({
      value: status,
      label: t(`portfolio:status.${status}`),
      selected: status === filter.status,
    })),
    typeOptions: ctx.types
      .filter((type) => tallies.some((tally) => tally.typeKey === type.key))
      .map((type) => ({
        value: type.key,
        label: localize(type.name, ctx.locale),
        selected: type.key === filter.type,
      })),
    flash: extra.flash,
  };
}

export function frameworkLabel(framework: StoredFramework, locale: string): string {
  return `${localize(framework.definition.title, locale)} (${framework.version})`;
}

export interface FrameworkChoice {
  id: string;
  label: string;
  selected: boolean;
}

export function frameworkChoices(
  frameworks: readonly StoredFramework[],
  current: StoredFramework | null,
  locale: string,
): FrameworkChoice[] {
  return frameworks.map((framework) => ({
    id: framework.id,
    label: frameworkLabel(framework, locale),
    selected: framework.id === current?.id,
  }));
}

export interface FrameworkViewPage {
  title: string;
  tabs: TabView[];
  framework: { id: string; title: string; version: string } | null;
  frameworks: FrameworkChoice[];
  coverage: CoverageView | null;
  total: number;
}

/** The learner's traces against one framework: as a tree of competences, or as a coverage grid. */
export function presentFrameworkView(
  kind: "by-competence" | "coverage",
  facts: {
    traces: readonly TraceListItem[];
    framework: StoredFramework | null;
    frameworks: readonly StoredFramework[];
    hasGroup: boolean;
  },
  ctx: PresentContext,
): FrameworkViewPage {
  const { framework } = facts;
  return {
    title: ctx.t(kind === "coverage" ? "portfolio:coverage.title" : "portfolio:byCompetence.title"),
    tabs: tabs(ctx, kind === "coverage" ? "coverage" : "competences", facts.hasGroup),
    framework: framework
      ? {
          id: framework.id,
          title: localize(framework.definition.title, ctx.locale),
          version: framework.version,
        }
      : null,
    frameworks: frameworkChoices(facts.frameworks, framework, ctx.locale),
    coverage: framework ? coverage(framework, facts.traces, ctx) : null,
    total: facts.traces.length,
  };
}

export interface WaitingRow {
  trace: TraceSummaryView;
  reasons: string[];
  lastCommentBy: string | null;
}

export function presentWaiting(
  items: readonly WaitingItem[],
  hasGroup: boolean,
  ctx: PresentContext,
): { title: string; tabs: TabView[]; items: WaitingRow[] } {
  return {
    title: ctx.t("portfolio:waiting.title"),
    tabs: tabs(ctx, "waiting", hasGroup),
    items: items.map((item) => ({
      trace: traceSummary(item.trace, ctx),
      reasons: item.reasons.map((reason) => ctx.t(`portfolio:waiting.reason.${reason}`)),
      lastCommentBy: item.trace.lastComment
        ? (ctx.names?.get(item.trace.lastComment.authorId) ?? null)
        : null,
    })),
  };
}

export function presentGroup(
  traces: readonly Trace[],
  ctx: PresentContext,
): { title: string; tabs: TabView[]; traces: TraceSummaryView[] } {
  return {
    title: ctx.t("portfolio:group.title"),
    tabs: tabs(ctx, "group", true),
    traces: traces.map((trace) => traceSummary(trace, ctx)),
  };
}

interface ReviewRow {
  trace: TraceSummaryView;
  learnerHref: string;
  reasons: string[];
}

/** The reviewers' queue: what waits for them first (to read, a reply), then the rest. */
/** A silent tutee on the review page: their name and their file (a peer tutor: their traces page). */
export interface SilentTuteeRow {
  name: string;
  href: string;
}

export function presentReview(
  items: readonly WaitingItem[],
  ctx: PresentContext,
  silentTutees: readonly SilentTutee[] = [],
): { title: string; waiting: ReviewRow[]; others: ReviewRow[]; silent: SilentTuteeRow[]; empty: boolean } {
  const rows = items.map((item) => ({
    trace: traceSummary(item.trace, ctx),
    learnerHref: `${ctx.base}/learners/${encodeURIComponent(item.trace.ownerId)}/traces`,
    reasons: item.reasons.map((reason) => ctx.t(`portfolio:waiting.reason.${reason}`)),
  }));
  const silent = silentTutees
    .map(({ learnerId, kind }) => {
      const id = encodeURIComponent(learnerId);
      return {
        name: ctx.names?.get(learnerId) ?? ctx.t("portfolio:someone"),
        href: kind === "peer" ? `${ctx.base}/learners/${id}/traces` : `${ctx.base}/learners/${id}`,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "fr"));
  return {
    title: ctx.t("portfolio:review.title"),
    waiting: rows.filter((row) => row.reasons.length > 0),
    others: rows.filter((row) => row.reasons.length === 0),
    silent,
    empty: rows.length === 0 && silent.length === 0,
  };
}

export function presentLearnerTraces(
  learnerName: string,
  traces: readonly Trace[],
  ctx: PresentContext,
): { title: string; learnerName: string; traces: TraceSummaryView[]; counts: StatusCount[] } {
  return {
    title: ctx.t("portfolio:learner.title", { name: learnerName }),
    learnerName,
    traces: traces.map((trace) => traceSummary(trace, ctx)),
    counts: statusCounts(traces, ctx.t),
  };
}

export interface LearnerHomeView {
  portfolio: {
    total: number;
    counts: StatusCount[];
    latest: TraceSummaryView[];
    waiting: number;
    newHref: string;
    listHref: string;
    waitingHref: string;
    coverageHref: string;
    rscaHref: string;
    reviewHref: string | null;
  };
}

/** The learner's home: counts by status, the latest traces, what waits for them. */
export function presentLearnerHome(home: LearnerHome, ctx: PresentContext): LearnerHomeView {
  const { base } = ctx;
  return {
    portfolio: {
      total: totalOf(home.tallies),
      counts: tallyCounts(home.tallies, ctx.t),
      latest: home.recent.map((trace) => traceSummary(trace, ctx)),
      waiting: home.waiting,
      newHref: `${base}/traces/new`,
      listHref: `${base}/traces`,
      waitingHref: `${base}/traces/waiting`,
      coverageHref: `${base}/traces/coverage`,
      rscaHref: `${base}/traces/new/rsca`,
      reviewHref: home.hasTutees ? `${base}/traces/review` : null,
    },
  };
}
