// CSV reading and writing with the dialect Moodle uses: PHP's fgetcsv/fputcsv with `"` as
// enclosure and `\` as escape character (a `\"` inside quotes does not close the field).

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span several lines). */
  line: number;
  fields: string[];
}

export type CsvReadResult =
  { ok: true; records: CsvRecord[] } | { ok: false; records: CsvRecord[]; unterminatedQuoteLine: number };

/** Like Moodle's csv_import_reader: drop a UTF-8 byte-order mark, turn CRLF and CR into LF. */
export function normalizeCsvText(text: string): string {
  const withoutBom = text.startsWith("\uFEFF") ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, "\n");
}

/**
 * Reads records from normalized text. Blank lines are skipped, as Moodle does. An unterminated
 * quoted field swallows the rest of the file: the result says on which line it started.
 */
export function readCsv(text: string, delimiter: string): CsvReadResult {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let fieldWasQuoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;

  const endField = (): void => {
    fields.push(restoreFormula(field));
    field = "";
    fieldWasQuoted = false;
  };
  const endRecord = (): void => {
    const quotedEmpty = fieldWasQuoted;
    endField();
    const blank = fields.length === 1 && fields[0] === "" && !quotedEmpty;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inQuotes) {
      if (c === "\\" && i + 1 < text.length) {
        // PHP keeps the escape character and takes the next character literally.
        const next = text[i + 1] ?? "";
        field += c + next;
        if (next === "\n") line += 1;
        i += 1;
      } else if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          inQuotes = false;
        }
      } else {
        if (c === "\n") line += 1;
        field += c;
      }
      continue;
    }
    if (c === '"' && /^[ \t]*$/.test(field) && !fieldWasQuoted) {
      // Like PHP, spaces before an opening quote are skipped.
      field = "";
      inQuotes = true;
      fieldWasQuoted = true;
    } else if (c === delimiter) {
      endField();
    } else if (c === "\n") {
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      // Text after a closing quote, or a quote inside an unquoted field, is kept as is (PHP).
      field += c;
    }
  }
  if (inQuotes) return { ok: false, records, unterminatedQuoteLine: recordLine };
  if (field !== "" || fields.length > 0 || fieldWasQuoted) endRecord();
  return { ok: true, records };
}

/** The number of fields of the first record with this delimiter (for delimiter detection). */
export function countFirstRecordFields(text: string, delimiter: string): number {
  const firstLineEnd = findFirstRecordEnd(text);
  const read = readCsv(text.slice(0, firstLineEnd), delimiter);
  return read.records[0]?.fields.length ?? 0;
}

function findFirstRecordEnd(text: string): number {
  let inQuotes = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === "\n" && !inQuotes) return i;
  }
  return text.length;
}

/**
 * One row as PHP's fputcsv writes it: a field is quoted when it holds the delimiter, a quote, a
 * backslash, a space, a tab or a line break, and lines end with "\n". Inside quotes, a quote is
 * doubled unless it follows a backslash: PHP's reader takes the character after a backslash
 * literally. (A field ending with a backslash cannot be written in this dialect; Carnet's texts
 * are trimmed prose and never do.)
 */
export function writeCsvRow(fields: readonly string[], delimiter = ","): string {
  return `${fields.map((field) => quoteField(neutralizeFormula(field), delimiter)).join(delimiter)}\n`;
}

// A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…), @SUM(…)).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Every CSV Carnet writes goes through writeCsvRow, so no text from a person opens as a formula on a
 * teacher's machine: such a cell gets a leading apostrophe, as OWASP recommends. readCsv removes it
 * again, so Carnet's own exports re-import unchanged.
 */
export function neutralizeFormula(field: string): string {
  return FORMULA_START.test(field) ? `'${field}` : field;
}

/** The field as it was before neutralizeFormula. */
export function restoreFormula(field: string): string {
  return field.startsWith("'") && FORMULA_START.test(field.slice(1)) ? field.slice(1) : field;
}

function quoteField(field: string, delimiter: string): string {
  if (!field.includes(delimiter) && !/["\\ \t\n\r]/.test(field)) return field;
  let out = '"';
  let afterBackslash = false;
  for (const c of field) {
    if (afterBackslash) {
      out += c;
      afterBackslash = false;
    } else if (c === "\\") {
      out += c;
      afterBackslash = true;
    } else {
      out += c === '"' ? '""' : c;
    }
  }
  return `${out}"`;
}
