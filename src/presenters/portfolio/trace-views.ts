// View models of traces and their parts: allowlisted fields, labels in the reader's language, and user
// text either escaped by Handlebars or sanitized (SafeHtml).
import { dateTimeFormat } from "../../i18n/format.js";
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import { findCompetence } from "../../domain/frameworks/framework.js";
import { awaitsLearner, awaitsReviewer, progressPercent } from "../../domain/portfolio/lifecycle.js";
import {
  markdownExcerpt,
  renderMarkdown,
  type RenderedMarkdown,
  type SafeHtml,
} from "../../domain/portfolio/markdown.js";
import type { TraceListItem } from "../../domain/portfolio/ports.js";
import type { PrivacyWarning } from "../../domain/portfolio/privacy.js";
import { localize, type TraceTypeDefinition } from "../../domain/portfolio/trace-types.js";
import type {
  SectionProgress,
  Trace,
  TraceComment,
  TraceDecision,
  TraceRevision,
  TraceStatus,
  Visibility,
} from "../../domain/portfolio/types.js";
import type { Translate } from "../../i18n/i18n.js";

export interface PresentContext {
  t: Translate;
  locale: string;
  /** /l/<launchId> */
  base: string;
  types: readonly TraceTypeDefinition[];
  /** Display names by Carnet user id. */
  names?: ReadonlyMap<string, string>;
  /** Markdown rendered beforehand (off the event loop when long); what is missing is rendered here. */
  markdown?: RenderedMarkdown;
}

function html(source: string, ctx: Pick<PresentContext, "markdown">): SafeHtml {
  return ctx.markdown ? ctx.markdown.html(source) : renderMarkdown(source);
}

const STATUS_BADGE: Record<TraceStatus, string> = {
  draft: "badge--muted",
  shared: "badge--info",
  feedback: "badge--wait",
  revised: "badge--info",
  validated: "badge--ok",
  to_rework: "badge--todo",
};

const PROGRESS_BADGE: Record<SectionProgress, string> = {
  empty: "badge--muted",
  draft: "badge--wait",
  done: "badge--ok",
};

export interface BadgeView {
  key: string;
  label: string;
  badge: string;
}

export function statusView(status: TraceStatus, t: Translate): BadgeView {
  return { key: status, label: t(`portfolio:status.${status}`), badge: STATUS_BADGE[status] };
}

export function progressView(progress: SectionProgress, t: Translate): BadgeView {
  return { key: progress, label: t(`portfolio:progress.${progress}`), badge: PROGRESS_BADGE[progress] };
}

export function visibilityView(visibility: Visibility, t: Translate): BadgeView {
  return {
    key: visibility,
    label: t(`portfolio:visibility.${visibility}`),
    badge: visibility === "private" ? "badge--muted" : "badge--info",
  };
}

/** "12 mars 2026" for a YYYY-MM-DD day (no time zone shift). */
export function formatDay(day: string, locale: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return dateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

export function formatMoment(at: Date, locale: string): string {
  return dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Paris" }).format(
    at,
  );
}

export function formatSize(bytes: number, t: Translate): string {
  if (bytes < 1024) return t("portfolio:size.bytes", { count: bytes });
  if (bytes < 1024 * 1024) return t("portfolio:size.kilobytes", { value: Math.round(bytes / 1024) });
  return t("portfolio:size.megabytes", { value: Math.round((bytes / (1024 * 1024)) * 10) / 10 });
}

export function typeName(key: string, ctx: Pick<PresentContext, "types" | "locale">): string {
  const type = ctx.types.find((candidate) => candidate.key === key);
  return type ? localize(type.name, ctx.locale) : key;
}

export interface TraceSummaryView {
  id: string;
  href: string;
  title: string;
  typeName: string;
  /** The day, formatted ("date" would be shadowed by the Handlebars helper of that name). */
  day: string;
  dateIso: string;
  placement: string;
  status: BadgeView;
  visibility: BadgeView;
  progress: number;
  sectionsDone: number;
  /** Sections begun but not done: the bar counts them for half, the words must say so too. */
  sectionsDrafted: number;
  sectionsTotal: number;
  lastActivity: string;
  lastActivityIso: string;
  ownerName: string | null;
  excerpt: string;
  attachments: number;
  tags: number;
  awaitsLearner: boolean;
  awaitsReviewer: boolean;
}

// Excerpts of a revision never change: keep the recent ones instead of re-rendering Markdown.
const excerpts = new Map<string, string>();
const EXCERPT_CACHE_SIZE = 5000;

function cachedExcerpt(trace: Pick<Trace, "id" | "revision">, firstText: string): string {
  const key = `${trace.id}:${trace.revision}`;
  const hit = excerpts.get(key);
  if (hit !== undefined) return hit;
  // 160 visible characters never need more than the first few hundred of the source.
  const excerpt = markdownExcerpt(firstText.slice(0, 800));
  if (excerpts.size >= EXCERPT_CACHE_SIZE) excerpts.delete(excerpts.keys().next().value ?? "");
  excerpts.set(key, excerpt);
  return excerpt;
}

/** A trace in a list; a whole trace will do, the lists read only these fields. */
export function traceSummary(trace: TraceListItem, ctx: PresentContext): TraceSummaryView {
  const firstText = trace.sections.find((section) => section.body.trim() !== "")?.body ?? "";
  return {
    id: trace.id,
    href: `${ctx.base}/traces/${trace.id}`,
    title: trace.title,
    typeName: typeName(trace.typeKey, ctx),
    day: formatDay(trace.date, ctx.locale),
    dateIso: trace.date,
    placement: trace.placement,
    status: statusView(trace.status, ctx.t),
    visibility: visibilityView(trace.visibility, ctx.t),
    progress: progressPercent(trace.sections),
    sectionsDone: trace.sections.filter((section) => section.progress === "done").length,
    sectionsDrafted: trace.sections.filter((section) => section.progress === "draft").length,
    sectionsTotal: trace.sections.length,
    lastActivity: formatMoment(trace.lastActivityAt, ctx.locale),
    lastActivityIso: trace.lastActivityAt.toISOString(),
    ownerName: ctx.names?.get(trace.ownerId) ?? null,
    excerpt: cachedExcerpt(trace, firstText),
    attachments: trace.attachments.length + trace.links.length,
    tags: trace.competences.length + trace.situations.length,
    awaitsLearner: awaitsLearner(trace.status),
    awaitsReviewer: awaitsReviewer(trace.status),
  };
}

export interface TagView {
  code: string;
  title: string;
  level: string | null;
  framework: string;
}

/** Competence and situation tags with their titles (from the framework version they point to). */
export function tagViews(
  trace: Pick<Trace, "competences" | "situations">,
  frameworks: ReadonlyMap<string, StoredFramework>,
  locale: string,
): { competences: TagView[]; situations: TagView[] } {
  const competences = trace.competences.map((tag) => {
    const framework = frameworks.get(tag.frameworkId);
    const node = framework ? findCompetence(framework.definition, tag.code)?.node : undefined;
    const level = framework?.definition.scale.levels.find((candidate) => candidate.code === tag.level);
    return {
      code: tag.code,
      title: node ? localize(node.title, locale) : tag.code,
      level: level ? localize(level.label, locale) : tag.level,
      framework: framework ? localize(framework.definition.title, locale) : "",
    };
  });
  const situations = trace.situations.map((tag) => {
    const framework = frameworks.get(tag.frameworkId);
    const family = framework?.definition.situationFamilies.find((candidate) => candidate.code === tag.code);
    return {
      code: tag.code,
      title: family ? localize(family.title, locale) : tag.code,
      level: null,
      framework: framework ? localize(framework.definition.title, locale) : "",
    };
  });
  return { competences, situations };
}

export interface SectionView {
  key: string;
  title: string;
  html: SafeHtml;
  empty: boolean;
  progress: BadgeView;
}

export interface CommentView {
  id: string;
  authorName: string;
  role: string;
  roleBadge: string;
  mine: boolean;
  at: string;
  atIso: string;
  revision: number;
  html: SafeHtml;
}

export interface DecisionView {
  outcome: BadgeView;
  deciderName: string;
  reason: SafeHtml;
  at: string;
  atIso: string;
  revision: number;
}

export function sectionViews(content: Pick<Trace, "sections">, ctx: PresentContext): SectionView[] {
  return content.sections.map((section) => ({
    key: section.key,
    title: localize(section.title, ctx.locale),
    html: html(section.body, ctx),
    empty: section.body.trim() === "",
    progress: progressView(section.progress, ctx.t),
  }));
}

export function commentViews(
  comments: readonly TraceComment[],
  viewerId: string,
  ctx: PresentContext,
): CommentView[] {
  return comments.map((comment) => ({
    id: comment.id,
    authorName: ctx.names?.get(comment.authorId) ?? ctx.t("portfolio:someone"),
    role: ctx.t(`portfolio:comments.role.${comment.authorRole}`),
    roleBadge:
      comment.authorRole === "reviewer"
        ? "badge--info"
        : comment.authorRole === "peer"
          ? "badge--muted"
          : "badge--ok",
    mine: comment.authorId === viewerId,
    at: formatMoment(comment.createdAt, ctx.locale),
    atIso: comment.createdAt.toISOString(),
    revision: comment.revision,
    html: html(comment.body, ctx),
  }));
}

export function decisionViews(decisions: readonly TraceDecision[], ctx: PresentContext): DecisionView[] {
  return decisions.map((decision) => ({
    outcome: statusView(decision.outcome, ctx.t),
    deciderName: ctx.names?.get(decision.deciderId) ?? ctx.t("portfolio:someone"),
    reason: html(decision.reason, ctx),
    at: formatMoment(decision.createdAt, ctx.locale),
    atIso: decision.createdAt.toISOString(),
    revision: decision.revision,
  }));
}

export interface RevisionView {
  number: number;
  href: string;
  at: string;
  atIso: string;
  authorName: string;
  current: boolean;
}

export function revisionViews(
  revisions: readonly TraceRevision[],
  trace: Trace,
  ctx: PresentContext,
): RevisionView[] {
  return revisions.map((revision) => ({
    number: revision.number,
    href: `${ctx.base}/traces/${trace.id}/revisions/${revision.number}`,
    at: formatMoment(revision.createdAt, ctx.locale),
    atIso: revision.createdAt.toISOString(),
    authorName: ctx.names?.get(revision.authorId) ?? ctx.t("portfolio:someone"),
    current: revision.number === trace.revision,
  }));
}

export interface PrivacyView {
  field: string;
  snippet: string;
  match: string;
}

export function privacyViews(
  warnings: readonly PrivacyWarning[],
  trace: Pick<Trace, "sections">,
  ctx: PresentContext,
): PrivacyView[] {
  return warnings.map((warning) => {
    const section = trace.sections.find((candidate) => candidate.key === warning.field);
    return {
      field: section ? localize(section.title, ctx.locale) : ctx.t("portfolio:fields.title"),
      snippet: warning.snippet,
      match: warning.match,
    };
  });
}
