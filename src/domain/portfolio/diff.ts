// Compares two revisions of a trace word by word; the output is escaped text in <ins>/<del> only.
// The cost is capped: texts that differ by more than MAX_DIFF_EDITS word edits are "too different to
// compare line by line" (Myers' algorithm costs (length × edits); without a cap, two unrelated
// 2,500-word texts took a second).
import { diffWords } from "diff";
import { SafeHtml } from "./markdown.js";
import type { LocalizedText, SectionProgress, TraceContent } from "./types.js";

/** Word edits beyond which a comparison stops: about 0.1 s for two unrelated 50,000-character texts. */
export const MAX_DIFF_EDITS = 400;

export interface TextDiff {
  html: SafeHtml;
  changed: boolean;
  /** Too different to compare within the cap: `html` is then the newer text, unmarked. */
  tooDifferent: boolean;
  /** Words added and removed. */
  added: number;
  removed: number;
}

/** One run of words, kept, added or removed (plain data: it may come from a worker thread). */
export interface WordChange {
  value: string;
  added: boolean;
  removed: boolean;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

/** The word changes from `before` to `after`, or null when they differ by more than `maxEdits`. */
export function wordChanges(before: string, after: string, maxEdits = MAX_DIFF_EDITS): WordChange[] | null {
  if (before === after) return before === "" ? [] : [{ value: before, added: false, removed: false }];
  const parts = diffWords(before, after, { maxEditLength: maxEdits });
  if (!parts) return null;
  return parts.map((part) => ({
    value: part.value,
    added: Boolean(part.added),
    removed: Boolean(part.removed),
  }));
}

/** The marked-up comparison of two texts from their word changes (null: too different). */
export function textDiff(before: string, after: string, changes: readonly WordChange[] | null): TextDiff {
  if (changes === null) {
    return {
      html: SafeHtml.fromText(after),
      changed: true,
      tooDifferent: true,
      added: countWords(after),
      removed: countWords(before),
    };
  }
  let added = 0;
  let removed = 0;
  const html = SafeHtml.join(
    changes.map((part) => {
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
  return { html, changed: before !== after, tooDifferent: false, added, removed };
}

export function diffText(before: string, after: string): TextDiff {
  return textDiff(before, after, wordChanges(before, after));
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

/** One field to compare: its two texts and, for sections, the progress on each side. */
export interface FieldPlan extends Omit<FieldDiff, "diff"> {
  before: string;
  after: string;
}

/** Field by field, sections in the newer revision's order (sections only in the older one last). */
export function comparisonPlan(before: TraceContent, after: TraceContent): FieldPlan[] {
  const plain = (kind: FieldDiff["kind"], a: string, b: string): FieldPlan => ({
    kind,
    key: null,
    title: null,
    before: a,
    after: b,
    progressBefore: null,
    progressAfter: null,
  });
  const fields: FieldPlan[] = [
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
      before: old?.body ?? "",
      after: section.body,
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
      before: section.body,
      after: "",
      progressBefore: section.progress,
      progressAfter: null,
    });
  }
  fields.push(plain("competences", tagsText(before.competences), tagsText(after.competences)));
  fields.push(plain("situations", tagsText(before.situations), tagsText(after.situations)));
  return fields;
}

/**
 * The comparison of two revisions. `changes` are the word changes of each planned field, in order,
 * when computed elsewhere (a worker thread); without them they are computed here.
 */
export function compareContents(
  before: TraceContent,
  after: TraceContent,
  changes?: readonly (readonly WordChange[] | null)[],
): FieldDiff[] {
  return comparisonPlan(before, after).map(({ before: a, after: b, ...field }, index) => ({
    ...field,
    diff: textDiff(a, b, changes ? (changes[index] ?? null) : wordChanges(a, b)),
  }));
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
