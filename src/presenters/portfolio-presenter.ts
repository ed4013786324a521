// View models of the portfolio pages: allowlisted fields, labels in the reader's language, the
// actor's abilities as `can`, and user text either escaped by Handlebars or sanitized (SafeHtml).
import { dateTimeFormat } from "../i18n/format.js";
import type { StoredFramework } from "../domain/frameworks/catalog.js";
import { findCompetence, leafCompetences, type CompetenceNode } from "../domain/frameworks/framework.js";
import { awaitsLearner, awaitsReviewer, progressPercent } from "../domain/portfolio/lifecycle.js";
import { markdownExcerpt, renderMarkdown, type SafeHtml } from "../domain/portfolio/markdown.js";
import type { PrivacyWarning } from "../domain/portfolio/privacy.js";
import { localize, type TraceTypeDefinition } from "../domain/portfolio/trace-types.js";
import type {
  SectionProgress,
  Trace,
  TraceComment,
  TraceDecision,
  TraceRevision,
  TraceStatus,
  Visibility,
} from "../domain/portfolio/types.js";
import type { Translate } from "../i18n/i18n.js";

export interface PresentContext {
  t: Translate;
  locale: string;
  /** /l/<launchId> */
  base: string;
  types: readonly TraceTypeDefinition[];
  /** Display names by Carnet user id. */
  names?: ReadonlyMap<string, string>;
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

function cachedExcerpt(trace: Trace, firstText: string): string {
  const key = `${trace.id}:${trace.revision}`;
  const hit = excerpts.get(key);
  if (hit !== undefined) return hit;
  // 160 visible characters never need more than the first few hundred of the source.
  const excerpt = markdownExcerpt(firstText.slice(0, 800));
  if (excerpts.size >= EXCERPT_CACHE_SIZE) excerpts.delete(excerpts.keys().next().value ?? "");
  excerpts.set(key, excerpt);
  return excerpt;
}

export function traceSummary(trace: Trace, ctx: PresentContext): TraceSummaryView {
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
    html: renderMarkdown(section.body),
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
    html: renderMarkdown(comment.body),
  }));
}

export function decisionViews(decisions: readonly TraceDecision[], ctx: PresentContext): DecisionView[] {
  return decisions.map((decision) => ({
    outcome: statusView(decision.outcome, ctx.t),
    deciderName: ctx.names?.get(decision.deciderId) ?? ctx.t("portfolio:someone"),
    reason: renderMarkdown(decision.reason),
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

export function privacyViews(
  warnings: readonly PrivacyWarning[],
  trace: Pick<Trace, "sections">,
  ctx: PresentContext,
): {
  field: string;
  snippet: string;
  match: string;
}[] {
  return warnings.map((warning) => {
    const section = trace.sections.find((candidate) => candidate.key === warning.field);
    return {
      field: section ? localize(section.title, ctx.locale) : ctx.t("portfolio:fields.title"),
      snippet: warning.snippet,
      match: warning.match,
    };
  });
}

// ----------------------------------------------------------------------------------------------
// Frameworks: the tagging form, the by-competence tree and the coverage grid

export interface CompetenceOptionView {
  code: string;
  title: string;
  checked: boolean;
  levels: { code: string; label: string; selected: boolean }[];
}

export interface DomainOptionView {
  code: string;
  title: string;
  open: boolean;
  competences: CompetenceOptionView[];
}

/** The tagging checkboxes, grouped under the framework's roots (flat frameworks: one group). */
export function competenceOptions(
  framework: StoredFramework,
  trace: Pick<Trace, "competences">,
  locale: string,
  t: Translate,
): DomainOptionView[] {
  const tagged = new Map(
    trace.competences.filter((tag) => tag.frameworkId === framework.id).map((tag) => [tag.code, tag.level]),
  );
  const levels = framework.definition.scale.levels;
  const option = (node: CompetenceNode): CompetenceOptionView => ({
    code: node.code,
    title: localize(node.title, locale),
    checked: tagged.has(node.code),
    levels: levels.map((level) => ({
      code: level.code,
      label: t("portfolio:editor.levelOption", { level: localize(level.label, locale) }),
      selected: tagged.get(node.code) === level.code,
    })),
  });
  const roots = framework.definition.competences;
  if (roots.every((root) => root.children.length === 0)) {
    const competences = roots.map(option);
    return [{ code: "", title: "", open: true, competences }];
  }
  return roots.map((root) => {
    const competences = leafCompetences({ competences: [root] }).map(({ node }) => option(node));
    return {
      code: root.code,
      title: localize(root.title, locale),
      open: competences.some((competence) => competence.checked),
      competences,
    };
  });
}

export function situationOptions(
  framework: StoredFramework,
  trace: Pick<Trace, "situations">,
  locale: string,
): { code: string; title: string; checked: boolean }[] {
  const tagged = new Set(
    trace.situations.filter((tag) => tag.frameworkId === framework.id).map((tag) => tag.code),
  );
  return framework.definition.situationFamilies.map((family) => ({
    code: family.code,
    title: localize(family.title, locale),
    checked: tagged.has(family.code),
  }));
}

export interface CoverageLeafView {
  code: string;
  title: string;
  count: number;
  covered: boolean;
  validated: number;
  traces: TraceSummaryView[];
}

export interface CoverageDomainView {
  code: string;
  title: string;
  covered: number;
  total: number;
  /** Not "percent": that name is a Handlebars helper and would shadow the field. */
  percentCovered: number;
  leaves: CoverageLeafView[];
}

export interface CoverageView {
  domains: CoverageDomainView[];
  covered: number;
  total: number;
  percent: number;
  untagged: TraceSummaryView[];
  situations: { code: string; title: string; count: number; covered: boolean }[];
  situationsCovered: number;
}

/** Each assessable competence with the traces tagged to it; the same data feeds both views. */
export function coverage(
  framework: StoredFramework,
  traces: readonly Trace[],
  ctx: PresentContext,
): CoverageView {
  const byCode = new Map<string, Trace[]>();
  const untagged: Trace[] = [];
  for (const trace of traces) {
    const codes = trace.competences.filter((tag) => tag.frameworkId === framework.id).map((tag) => tag.code);
    if (codes.length === 0) untagged.push(trace);
    for (const code of new Set(codes)) byCode.set(code, [...(byCode.get(code) ?? []), trace]);
  }
  const leafView = (node: CompetenceNode): CoverageLeafView => {
    const tagged = byCode.get(node.code) ?? [];
    return {
      code: node.code,
      title: localize(node.title, ctx.locale),
      count: tagged.length,
      covered: tagged.length > 0,
      validated: tagged.filter((trace) => trace.status === "validated").length,
      traces: tagged.map((trace) => traceSummary(trace, ctx)),
    };
  };
  const roots = framework.definition.competences;
  const flat = roots.every((root) => root.children.length === 0);
  const groups = flat
    ? [{ code: "", title: "", nodes: roots }]
    : roots.map((root) => ({
        code: root.code,
        title: localize(root.title, ctx.locale),
        nodes: leafCompetences({ competences: [root] }).map(({ node }) => node),
      }));
  const domains = groups.map((group) => {
    const leaves = group.nodes.map(leafView);
    const covered = leaves.filter((leaf) => leaf.covered).length;
    return {
      code: group.code,
      title: group.title,
      covered,
      total: leaves.length,
      percentCovered: leaves.length > 0 ? Math.round((covered / leaves.length) * 100) : 0,
      leaves,
    };
  });
  const total = domains.reduce((sum, domain) => sum + domain.total, 0);
  const covered = domains.reduce((sum, domain) => sum + domain.covered, 0);
  const situationCounts = new Map<string, number>();
  for (const trace of traces) {
    for (const tag of trace.situations) {
      if (tag.frameworkId === framework.id)
        situationCounts.set(tag.code, (situationCounts.get(tag.code) ?? 0) + 1);
    }
  }
  const situations = framework.definition.situationFamilies.map((family) => {
    const count = situationCounts.get(family.code) ?? 0;
    return { code: family.code, title: localize(family.title, ctx.locale), count, covered: count > 0 };
  });
  return {
    domains,
    covered,
    total,
    percent: total > 0 ? Math.round((covered / total) * 100) : 0,
    untagged: untagged.map((trace) => traceSummary(trace, ctx)),
    situations,
    situationsCovered: situations.filter((situation) => situation.covered).length,
  };
}
