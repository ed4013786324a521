// Competence and framework descriptions as safe HTML: imported descriptions are stored exactly as
// written (HTML from Moodle included) and pass through the sanitizer each time they are shown.
import type { DescriptionFormat, LocalizedText } from "../domain/frameworks/framework.js";
import { renderMarkdown, SafeHtml } from "../domain/portfolio/markdown.js";
import { escapeHtml } from "../domain/text/html-escape.js";

/** Paragraphs on blank lines, line breaks kept: how a plain-text description reads. */
function plainHtml(text: string): string {
  const paragraphs = text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => escapeHtml(paragraph).replace(/\n/g, "<br>"));
  return paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join("");
}

/**
 * The description in the reader's language, rendered by its format: HTML sanitized (scripts,
 * styles, frames, event handlers and unsafe links dropped), Moodle's auto-format with its line
 * breaks, Markdown through the same renderer as traces, plain text escaped. null when none.
 */
export function descriptionHtml(
  description: LocalizedText | undefined,
  format: DescriptionFormat | undefined,
  locale: "fr" | "en",
): SafeHtml | null {
  if (!description) return null;
  const text = (locale === "en" ? description.en : undefined) ?? description.fr;
  switch (format) {
    case "html":
      return SafeHtml.fromSanitized(text);
    case "moodle":
      // FORMAT_MOODLE: HTML allowed, and the writer's line breaks are line breaks.
      return SafeHtml.fromSanitized(text.replace(/\r?\n/g, "<br>"));
    case "markdown":
      return renderMarkdown(text);
    default:
      return SafeHtml.fromSanitized(plainHtml(text));
  }
}
