// French typography for printed text: the non-breaking spaces French puts before « ; : ! ? », inside
// guillemets and in numbers, so that a line never starts with a colon or ends with an opening «.

const NBSP = "\u00a0";
/** The narrow no-break space (U+202F) French uses before ; ! ? (and inside guillemets, by many). */
const NNBSP = "\u202f";

/**
 * Ordinary spaces before high punctuation and inside « » become no-break spaces; a missing one is
 * added (« texte » and « Attention: » alike). URLs and times ("https://", "10:30") are left alone.
 */
export function frenchTypography(text: string): string {
  return (
    text
      // « texte » with any (or no) space inside
      .replace(/«[ \t\u00a0\u202f]*/g, `«${NBSP}`)
      .replace(/[ \t\u00a0\u202f]*»/g, `${NBSP}»`)
      // word ; word ! word ? — a narrow no-break space, also when the writer typed none
      .replace(/([\p{L}\p{N})\]»"'’*_])[ \t\u00a0\u202f]*([;!?])(?=\s|$|[»)"'’])/gu, `$1${NNBSP}$2`)
      // word : word — a (full) no-break space; not in 10:30 nor in https://
      .replace(/([\p{L})\]»"'’*_])[ \t\u00a0\u202f]*:(?=\s|$)/gu, `$1${NBSP}:`)
  );
}

/** The same rules, for the text of a locale that is not French: unchanged. */
export function typographyFor(locale: string): (text: string) => string {
  return locale === "fr" ? frenchTypography : (text) => text;
}
