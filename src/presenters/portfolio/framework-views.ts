// View models of a framework against traces: the tagging checkboxes, the by-competence tree and the
// coverage grid (the same data feeds both views).
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import { leafCompetences, type CompetenceNode } from "../../domain/frameworks/framework.js";
import { localize } from "../../domain/portfolio/trace-types.js";
import type { TraceListItem } from "../../domain/portfolio/ports.js";
import type { Trace } from "../../domain/portfolio/types.js";
import type { Translate } from "../../i18n/i18n.js";
import { traceSummary, type PresentContext, type TraceSummaryView } from "./trace-views.js";

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
  traces: readonly TraceListItem[],
  ctx: PresentContext,
): CoverageView {
  const byCode = new Map<string, TraceListItem[]>();
  const untagged: TraceListItem[] = [];
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
