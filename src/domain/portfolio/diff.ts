// Compares two revisions of a trace word by word; the output is escaped text in <ins>/<del> only.
import { diffWords } from "diff";
import { SafeHtml } from "./markdown.js";
import type { LocalizedText, SectionProgress, TraceContent } from "./types.js";

export interface TextDiff {
  html: SafeHtml;
  changed: boolean;
  /** Words added and removed. */
  added: number;
  removed: number;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

export function diffText(before: string, after: string): TextDiff {
  const parts = diffWords(before, after);
  let added = 0;
  let removed = 0;
  const html = SafeHtml.join(
    parts.map((part) => {
      const text = SafeHtml.fromText(part.value);
      if (part.added) {
        added += countWords(part.value);
        return SafeHtml.wrap("ins", text);
      }
      if (part.removed) {
        removed += countWords(part.value);
        return SafeHtml.wrap("del", text);
      }
      return text;
    }),
  );
  return { html, changed: before !== after, added, removed };
}

export interface FieldDiff {
  /** "title", "date", "placement", "competences", "situations" or "section". */
  kind: "title" | "date" | "placement" | "competences" | "situations" | "section";
  /** The section's key, for sections. */
  key: string | null;
  /** The section's title, for sections. */
  title: LocalizedText | null;
  diff: TextDiff;
  progressBefore: SectionProgress | null;
  progressAfter: SectionProgress | null;
}

function tagsText(tags: readonly { code: string; level?: string | null }[]): string {
  return tags
    .map((tag) => (tag.level ? `${tag.code} (${tag.level})` : tag.code))
    .sort()
    .join(", ");
}

/** Field by field, sections in the newer revision's order (sections only in the older one last). */
export function compareContents(before: TraceContent, after: TraceContent): FieldDiff[] {
  const plain = (kind: FieldDiff["kind"], a: string, b: string): FieldDiff => ({
    kind,
    key: null,
    title: null,
    diff: diffText(a, b),
    progressBefore: null,
    progressAfter: null,
  });
  const fields: FieldDiff[] = [
    plain("title", before.title, after.title),
    plain("date", before.date, after.date),
    plain("placement", before.placement, after.placement),
  ];
  const beforeSections = new Map(before.sections.map((section) => [section.key, section]));
  const seen = new Set<string>();
  for (const section of after.sections) {
    seen.add(section.key);
    const old = beforeSections.get(section.key);
    fields.push({
      kind: "section",
      key: section.key,
      title: section.title,
      diff: diffText(old?.body ?? "", section.body),
      progressBefore: old?.progress ?? null,
      progressAfter: section.progress,
    });
  }
  for (const section of before.sections) {
    if (seen.has(section.key)) continue;
    fields.push({
      kind: "section",
      key: section.key,
      title: section.title,
      diff: diffText(section.body, ""),
      progressBefore: section.progress,
      progressAfter: null,
    });
  }
  fields.push(plain("competences", tagsText(before.competences), tagsText(after.competences)));
  fields.push(plain("situations", tagsText(before.situations), tagsText(after.situations)));
  return fields;
}

/** True when saving `after` over `before` would change what the learner wrote or tagged. */
export function contentChanged(before: TraceContent, after: TraceContent): boolean {
  const comparable = (content: TraceContent): string =>
    JSON.stringify([
      content.title,
      content.date,
      content.placement,
      content.sections.map((section) => [section.key, section.body, section.progress]),
      tagsText(content.competences),
      content.situations.map((tag) => `${tag.frameworkId}|${tag.code}`).sort(),
      content.competences.map((tag) => tag.frameworkId).sort(),
    ]);
  return comparable(before) !== comparable(after);
}
