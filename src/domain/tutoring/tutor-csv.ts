// Reads a tutoring file: one row per tutor and tutee (e-mail or LMS user id of each), optionally a group
// name and the kind of tutoring. Comma, semicolon or tab separated (a spreadsheet's copied cells are
// tab separated), with or without a header row in French or English.
import { countFirstRecordFields, normalizeCsvText, readCsv } from "../frameworks/csv.js";
import type { TutoringKind } from "./relations.js";

export const MAX_IMPORT_ROWS = 2000;
export const MAX_IMPORT_CHARS = 200_000;
const MAX_CELL = 320;

export interface TutorCsvRow {
  line: number;
  tutor: string;
  learner: string;
  group: string | null;
  kind: TutoringKind;
}

/** A problem found on one line (line 0: the file as a whole); codes are localized by the page. */
export interface ImportProblem {
  line: number;
  code: string;
  params: Record<string, string | number>;
}

export interface TutorCsv {
  rows: TutorCsvRow[];
  problems: ImportProblem[];
}

const COLUMNS = {
  tutor: ["tuteur", "tutrice", "tuteur·rice", "tuteur/tutrice", "tutor", "mentor"],
  learner: [
    "tutoré",
    "tutorée",
    "tutoré·e",
    "tutore",
    "apprenant",
    "apprenante",
    "apprenant·e",
    "learner",
    "tutee",
    "mentee",
    "interne",
    "stagiaire",
  ],
  group: ["groupe", "group"],
  kind: ["type", "kind", "nature"],
} as const;
type Column = keyof typeof COLUMNS;

const KINDS: Record<string, TutoringKind> = {
  "": "tutor",
  tuteur: "tutor",
  tutrice: "tutor",
  tutor: "tutor",
  pair: "peer",
  paire: "peer",
  peer: "peer",
  "tuteur pair": "peer",
  "pair tuteur": "peer",
  "peer tutor": "peer",
};

function fold(cell: string): string {
  return cell.trim().toLowerCase().normalize("NFC");
}

function delimiterOf(text: string): string {
  const candidates = ["\t", ";", ","];
  let best = ",";
  let most = 1;
  for (const candidate of candidates) {
    const count = countFirstRecordFields(text, candidate);
    if (count > most) {
      best = candidate;
      most = count;
    }
  }
  return best;
}

/** Column positions from a header row, or null when the first row is data. */
function headerOf(fields: readonly string[]): Partial<Record<Column, number>> | null {
  const found: Partial<Record<Column, number>> = {};
  fields.forEach((field, index) => {
    const name = fold(field);
    for (const column of Object.keys(COLUMNS) as Column[]) {
      if ((COLUMNS[column] as readonly string[]).includes(name) && found[column] === undefined)
        found[column] = index;
    }
  });
  return found.tutor !== undefined && found.learner !== undefined ? found : null;
}

export function readTutorCsv(input: string): TutorCsv {
  const problems: ImportProblem[] = [];
  const text = normalizeCsvText(input);
  const read = readCsv(text, delimiterOf(text));
  if (!read.ok) problems.push({ line: read.unterminatedQuoteLine, code: "UNTERMINATED_QUOTE", params: {} });
  const [first, ...rest] = read.records;
  if (!first) return { rows: [], problems: [...problems, { line: 0, code: "EMPTY_FILE", params: {} }] };
  const header = headerOf(first.fields);
  const columns = header ?? { tutor: 0, learner: 1, group: 2, kind: 3 };
  const records = header ? rest : read.records;
  if (records.length > MAX_IMPORT_ROWS)
    return { rows: [], problems: [{ line: 0, code: "TOO_MANY_ROWS", params: { max: MAX_IMPORT_ROWS } }] };
  const rows: TutorCsvRow[] = [];
  for (const record of records) {
    const cell = (column: Column): string => {
      const index = columns[column];
      return index === undefined ? "" : (record.fields[index] ?? "").trim();
    };
    const [tutor, learner, group, kind] = [cell("tutor"), cell("learner"), cell("group"), cell("kind")];
    if (tutor === "" || learner === "") {
      problems.push({ line: record.line, code: "MISSING_PERSON", params: {} });
      continue;
    }
    if ([tutor, learner, group].some((value) => value.length > MAX_CELL)) {
      problems.push({ line: record.line, code: "CELL_TOO_LONG", params: { max: MAX_CELL } });
      continue;
    }
    const parsedKind = KINDS[fold(kind)];
    if (!parsedKind) {
      problems.push({ line: record.line, code: "UNKNOWN_KIND", params: { value: kind } });
      continue;
    }
    rows.push({ line: record.line, tutor, learner, group: group === "" ? null : group, kind: parsedKind });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 0, code: "EMPTY_FILE", params: {} });
  return { rows, problems };
}
