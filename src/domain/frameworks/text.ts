// Text helpers for imports: slugs for derived codes, and HTML descriptions turned into plain text.

/**
 * The line of the first U+FFFD: what a file that is not UTF-8 (a Latin-1 spreadsheet export) turns
 * into when read as UTF-8. Such a file is refused rather than imported with its accents replaced.
 */
export function badEncodingLine(text: string): number | undefined {
  const at = text.indexOf("\uFFFD");
  if (at === -1) return undefined;
  let line = 1;
  for (let i = 0; i < at; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** "Intermédiaire" → "intermediaire", "À compléter" → "a-completer"; "" when nothing is left. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  laquo: "«",
  raquo: "»",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  hellip: "…",
  ndash: "–",
  mdash: "—",
  bull: "•",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  agrave: "à",
  acirc: "â",
  ccedil: "ç",
  ocirc: "ô",
  ucirc: "û",
  ugrave: "ù",
  icirc: "î",
  iuml: "ï",
  euml: "ë",
  oelig: "œ",
  Eacute: "É",
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity.startsWith("#x")) return safeCodePoint(parseInt(entity.slice(2), 16)) ?? whole;
    if (entity.startsWith("#")) return safeCodePoint(parseInt(entity.slice(1), 10)) ?? whole;
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

function safeCodePoint(codePoint: number): string | undefined {
  return Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff
    ? String.fromCodePoint(codePoint)
    : undefined;
}

/**
 * Plain text from a Moodle rich-text description. Carnet stores descriptions as plain text (it
 * never renders imported HTML). `html` follows HTML whitespace rules (line breaks in the source
 * are spaces); `moodle` (FORMAT_MOODLE) keeps the source's line breaks, as Moodle does.
 */
export function htmlToText(source: string, mode: "html" | "moodle"): string {
  let text = source.replace(/<!--[\s\S]*?-->/g, "").replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "");
  if (mode === "html") text = text.replace(/\s+/g, " ");
  text = text
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/(p|div|h[1-6]|ul|ol|table|tr|blockquote|pre)\s*>/gi, "\n\n")
    .replace(/<(p|div|h[1-6]|ul|ol|table|tr|blockquote|pre)\b[^>]*>/gi, "\n\n")
    .replace(/<[^>]*>/g, "");
  return decodeHtmlEntities(text)
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
