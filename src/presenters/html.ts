// The one place HTML is escaped, and the one type for HTML that may be printed as is: `SafeHtml` is made
// only from escaped text or from a sanitizer's output, and a view prints it only with `{{safe x}}`
// (a plain `{{x}}` escapes, so nothing is ever raw by accident; `{{{ }}}` is never used).
import { escapeHtml } from "../domain/text/html-escape.js";

export { escapeHtml };

const HTML = Symbol("SafeHtml");

/**
 * HTML safe to print as is. Opaque on purpose: it has no `toHTML()` (Handlebars would print that raw
 * from `{{x}}`) and no `toString()`, so it shows only through `{{safe x}}`.
 */
export interface SafeHtml {
  readonly [HTML]: string;
}

function safe(html: string): SafeHtml {
  return Object.freeze({ [HTML]: html });
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === "object" && value !== null && HTML in value;
}

/** Text, escaped. */
export function htmlFromText(text: string): SafeHtml {
  return safe(escapeHtml(text));
}

/**
 * Markup built by a presenter from escaped pieces (`escapeHtml` on every value) or returned by the
 * sanitizer: the caller vouches for it, so only those two kinds of code call this.
 */
export function trustedHtml(html: string): SafeHtml {
  return safe(html);
}

/** Joins safe fragments with a text separator. */
export function joinHtml(parts: readonly SafeHtml[], separator = ""): SafeHtml {
  return safe(parts.map((part) => part[HTML]).join(escapeHtml(separator)));
}

/** Wraps safe content in an element without attributes, from a fixed list. */
export function wrapHtml(tag: "ins" | "del" | "span" | "p", content: SafeHtml): SafeHtml {
  return safe(`<${tag}>${content[HTML]}</${tag}>`);
}

/** The markup, for the `{{safe}}` helper and for tests. */
export function htmlOf(value: SafeHtml): string {
  return value[HTML];
}
