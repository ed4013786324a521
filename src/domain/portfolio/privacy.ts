// Patients and pupils must not be named in traces: a heuristic that warns (never blocks) when a text
// looks like it names a person — a capitalised name right after a title or a word such as "patient".
import type { TraceContent } from "./types.js";

export interface PersonMention {
  /** The words that look like a name, with the word before them ("Mme Dupont"). */
  match: string;
  /** The match with some surrounding text, on one line. */
  snippet: string;
}

export interface PrivacyWarning extends PersonMention {
  /** "title" or the key of the section. */
  field: string;
}

// Abbreviations are matched case-sensitively ("m." is a metre), words in either case at their start.
const TITLES = [
  String.raw`M\.`,
  String.raw`MM\.`,
  String.raw`Mmes?\.?`,
  String.raw`Mlles?\.?`,
  String.raw`Mrs?\.?`,
  String.raw`Ms\.?`,
  String.raw`Dr\.?`,
  String.raw`Drs\.?`,
  String.raw`Pr\.?`,
  String.raw`Me\.?`,
  "[Mm]adame",
  "[Mm]ademoiselle",
  "[Mm]onsieur",
  "[Mm]essieurs",
  "[Dd]octeure?",
  "[Pp]rofesseure?",
  "[Pp]atiente?s?",
  "[ÉéEe]lèves?",
  "[Ee]nfant",
  "[Rr]ésidente?",
];

const NAME_WORD = String.raw`\p{Lu}[\p{L}'’-]*\p{L}`;
const EMPHASIS = "[*_]{0,2}";
const MENTION = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${TITLES.join("|")})[ \t\u00a0]+${EMPHASIS}(${NAME_WORD}(?:[ \t\u00a0]+${NAME_WORD})?)`,
  "gu",
);

/** Capitalised words that follow a title without being a name. */
const NOT_NAMES = new Set(
  [
    "il",
    "elle",
    "ils",
    "elles",
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "de",
    "du",
    "d",
    "ce",
    "cet",
    "cette",
    "ces",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "mon",
    "ma",
    "mes",
    "notre",
    "nos",
    "votre",
    "vos",
    "qui",
    "que",
    "quand",
    "et",
    "ou",
    "mais",
    "donc",
    "car",
    "en",
    "au",
    "aux",
    "je",
    "j",
    "nous",
    "vous",
    "on",
    "lui",
    "a",
    "est",
    "était",
    "avait",
    "après",
    "avant",
    "puis",
    "alors",
    "depuis",
    "pendant",
    "lors",
    "dans",
    "pour",
    "par",
    "sur",
    "avec",
    "sans",
    "chez",
    "the",
    "he",
    "she",
    "they",
    "his",
    "her",
    "was",
    "is",
    "had",
    "and",
    "with",
    "in",
    "at",
    "on",
    "of",
    "to",
    "who",
    "age",
    "âgé",
    "âgée",
    "ans",
    "x",
    "xx",
    "xxx",
    "y",
    "z",
  ].map((word) => word.toLowerCase()),
);

function looksLikePlaceholder(word: string): boolean {
  return /^[XYZ]+$/.test(word) || NOT_NAMES.has(word.toLowerCase());
}

function snippetAround(text: string, start: number, end: number, radius = 30): string {
  const from = Math.max(0, start - radius);
  const to = Math.min(text.length, end + radius);
  const inner = text.slice(from, to).replace(/\s+/g, " ").trim();
  return `${from > 0 ? "…" : ""}${inner}${to < text.length ? "…" : ""}`;
}

/** Places in the text that look like a named person. */
export function findPersonMentions(text: string): PersonMention[] {
  const found: PersonMention[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    const title = match[1] ?? "";
    const names = (match[2] ?? "").split(/[ \t\u00a0]+/);
    // A second word that is not a name ("Mme Dupont Elle…") is dropped; a first one voids the match.
    const kept: string[] = [];
    for (const name of names) {
      if (looksLikePlaceholder(name)) break;
      kept.push(name);
    }
    if (kept.length === 0) continue;
    const mention = `${title} ${kept.join(" ")}`;
    if (seen.has(mention)) continue;
    seen.add(mention);
    const start = match.index;
    found.push({ match: mention, snippet: snippetAround(text, start, start + match[0].length) });
  }
  return found;
}

/** Warnings for the title and every section of a trace. */
export function checkTracePrivacy(content: Pick<TraceContent, "title" | "sections">): PrivacyWarning[] {
  const warnings: PrivacyWarning[] = findPersonMentions(content.title).map((mention) => ({
    field: "title",
    ...mention,
  }));
  for (const section of content.sections) {
    for (const mention of findPersonMentions(section.body)) warnings.push({ field: section.key, ...mention });
  }
  return warnings;
}
