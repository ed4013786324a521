// View models of a trace's history: one revision as it was saved, and two revisions compared (the
// diff is escaped text in <ins>/<del>, with each section's progress before and after).
import type { SafeHtml } from "../../domain/portfolio/markdown.js";
import type { TraceView } from "../../domain/portfolio/access.js";
import type { Comparison } from "../../domain/portfolio/reading.js";
import { localize } from "../../domain/portfolio/trace-types.js";
import type { TraceRevision } from "../../domain/portfolio/types.js";
import {
  formatDay,
  progressView,
  sectionViews,
  type BadgeView,
  type PresentContext,
  type SectionView,
} from "./trace-views.js";

export interface RevisionPage {
  title: string;
  traceHref: string;
  traceTitle: string;
  number: number;
  current: boolean;
  revisionTitle: string;
  day: string;
  placement: string;
  authorName: string;
  sections: SectionView[];
}

/** The texts of a revision page, to render (off the event loop when long) before presenting. */
export function markdownOfRevision(revision: TraceRevision): string[] {
  return revision.sections.map((section) => section.body);
}

export function presentRevision(
  view: TraceView & { revision: TraceRevision },
  ctx: PresentContext,
): RevisionPage {
  const { trace, revision } = view;
  return {
    title: ctx.t("portfolio:revision.title", { number: revision.number, title: revision.title }),
    traceHref: `${ctx.base}/traces/${trace.id}`,
    traceTitle: trace.title,
    number: revision.number,
    current: revision.number === trace.revision,
    revisionTitle: revision.title,
    day: formatDay(revision.date, ctx.locale),
    placement: revision.placement,
    authorName: ctx.names?.get(revision.authorId) ?? "",
    sections: sectionViews(revision, ctx),
  };
}

export interface ComparedField {
  label: string;
  html: SafeHtml;
  changed: boolean;
  /** Too different to compare within the cost cap: the newer text is shown, unmarked. */
  tooDifferent: boolean;
  added: number;
  removed: number;
  progressBefore: BadgeView | null;
  progressAfter: BadgeView | null;
  progressChanged: boolean;
}

export interface ComparisonPage {
  title: string;
  traceHref: string;
  traceTitle: string;
  from: number;
  to: number;
  fields: ComparedField[];
  anyChange: boolean;
  action: string;
  numbers: { value: number; fromSelected: boolean; toSelected: boolean }[];
}

export function presentComparison(comparison: Comparison, ctx: PresentContext): ComparisonPage {
  const { t } = ctx;
  const { trace, from, to } = comparison;
  const fields = comparison.fields.map((field) => ({
    label:
      field.kind === "section" && field.title
        ? localize(field.title, ctx.locale)
        : t(`portfolio:fields.${field.kind}`),
    html: field.diff.html,
    changed: field.diff.changed || field.progressBefore !== field.progressAfter,
    tooDifferent: field.diff.tooDifferent,
    added: field.diff.added,
    removed: field.diff.removed,
    progressBefore: field.progressBefore ? progressView(field.progressBefore, t) : null,
    progressAfter: field.progressAfter ? progressView(field.progressAfter, t) : null,
    progressChanged: field.progressBefore !== field.progressAfter,
  }));
  return {
    title: t("portfolio:compare.title", { from: from.number, to: to.number }),
    traceHref: `${ctx.base}/traces/${trace.id}`,
    traceTitle: trace.title,
    from: from.number,
    to: to.number,
    fields,
    anyChange: fields.some((field) => field.changed),
    action: `${ctx.base}/traces/${trace.id}/compare`,
    numbers: comparison.revisions.map((revision) => ({
      value: revision.number,
      fromSelected: revision.number === from.number,
      toSelected: revision.number === to.number,
    })),
  };
}
