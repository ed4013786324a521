// Frameworks → view models for the catalog and the import preview: titles in the reader's language,
// the competence tree with sanitized descriptions, and what a new version changes, in words.
import { competenceTitle } from "./validation.js";
import type { Actor } from "../domain/actor.js";
import type { StoredFramework } from "../domain/frameworks/catalog.js";
import {
  countCompetences,
  isAssessable,
  selfAssessmentLevels,
  type CompetenceNode,
  type FrameworkDefinition,
  type FrameworkDiff,
  type LocalizedText,
} from "../domain/frameworks/framework.js";
import type { ImportPreview } from "../domain/frameworks/import-preview.js";
import { problemI18n, type ImportProblem } from "../domain/frameworks/problems.js";
import type { SafeHtml } from "../domain/portfolio/markdown.js";
import type { Translate } from "../i18n/i18n.js";
import { abilities } from "../policies/policy.js";
import { frameworkPolicy } from "../policies/frameworks.js";
import { descriptionHtml } from "./framework-description.js";

type Locale = "fr" | "en";

/** Import problems in reading order, each a full sentence with its line. */
export function formatProblems(problems: readonly ImportProblem[], t: Translate): string[] {
  return problems.map((problem) => {
    const { key, params } = problemI18n(problem);
    const message = t(key, params);
    return problem.line !== undefined
      ? t("frameworks:problemAtLine", { line: problem.line, message })
      : message;
  });
}

function localized(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return "";
  return (locale === "en" ? text.en : undefined) ?? text.fr;
}

export interface FrameworkCard {
  id: string;
  title: string;
  version: string;
  shipped: boolean;
  archived: boolean;
  competences: number;
  levels: string;
  selfLevels: string;
  source: string;
  isCourseFramework: boolean;
  can: Record<"export" | "choose" | "archive" | "restore", boolean>;
}

export function frameworkCard(
  actor: Actor,
  framework: StoredFramework,
  locale: Locale,
  courseFrameworkId: string | undefined,
): FrameworkCard {
  const definition = framework.definition;
  return {
    id: framework.id,
    title: localized(definition.title, locale),
    version: framework.version,
    shipped: framework.shipped,
    archived: framework.status === "archived",
    competences: countCompetences(definition).leaves,
    levels: definition.scale.levels.map((level) => localized(level.label, locale)).join(" · "),
    selfLevels: selfAssessmentLevels(definition)
      .map((level) => localized(level.label, locale))
      .join(" · "),
    source: definition.source.citation,
    isCourseFramework: courseFrameworkId === framework.id,
    can: abilities(actor, frameworkPolicy, framework),
  };
}

export interface TreeNode {
  code: string;
  title: string;
  description: SafeHtml | null;
  assessable: boolean;
  children: TreeNode[];
}

export function competenceTree(definition: FrameworkDefinition, locale: Locale): TreeNode[] {
  const node = (competence: CompetenceNode): TreeNode => ({
    code: competence.code,
    title: competenceTitle(competence, locale),
    description: descriptionHtml(competence.description, competence.descriptionFormat, locale),
    assessable: isAssessable(competence),
    children: competence.children.map(node),
  });
  return definition.competences.map(node);
}

export interface DiffView {
  version: string;
  lists: { label: string; items: string[] }[];
  scaleChanged: boolean;
  unchanged: boolean;
}

export function diffView(t: Translate, version: string, diff: FrameworkDiff, locale: Locale): DiffView {
  const lists = [
    { label: t("frameworks:diff.added"), items: diff.added },
    { label: t("frameworks:diff.removed"), items: diff.removed },
    {
      label: t("frameworks:diff.retitled"),
      items: diff.retitled.map(
        (change) =>
          `${change.code} : ${localized(change.before, locale)} → ${localized(change.after, locale)}`,
      ),
    },
    {
      label: t("frameworks:diff.moved"),
      items: diff.moved.map(
        (move) =>
          `${move.code} : ${move.parentBefore ?? t("frameworks:preview.root")} → ${move.parentAfter ?? t("frameworks:preview.root")}`,
      ),
    },
    { label: t("frameworks:diff.noLongerAssessable"), items: diff.noLongerAssessable },
    { label: t("frameworks:diff.newlyAssessable"), items: diff.newlyAssessable },
  ].filter((list) => list.items.length > 0);
  return {
    version,
    lists,
    scaleChanged: diff.scaleChanged,
    unchanged: lists.length === 0 && !diff.scaleChanged,
  };
}

export interface PreviewView {
  kind: ImportPreview["kind"];
  title: string;
  key: string;
  version: string;
  counts: { leaves: number; roots: number; total: number };
  levels: string;
  selfLevels: string;
  tree: TreeNode[];
  existing: { id: string; version: string; title: string } | null;
  diff: DiffView | null;
}

export function previewView(t: Translate, preview: ImportPreview, locale: Locale): PreviewView {
  const definition = preview.definition;
  const existing = preview.kind === "new" ? undefined : preview.existing;
  return {
    kind: preview.kind,
    title: localized(definition.title, locale),
    key: definition.key,
    version: definition.version,
    counts: { leaves: preview.counts.leaves, roots: preview.counts.roots, total: preview.counts.total },
    levels: definition.scale.levels.map((level) => localized(level.label, locale)).join(" · "),
    selfLevels: selfAssessmentLevels(definition)
      .map((level) => localized(level.label, locale))
      .join(" · "),
    tree: competenceTree(definition, locale),
    existing: existing
      ? { id: existing.id, version: existing.version, title: localized(existing.definition.title, locale) }
      : null,
    diff:
      preview.kind === "new" && preview.previous && preview.diff
        ? diffView(t, preview.previous.version, preview.diff, locale)
        : null,
  };
}
