// Moodle's competency-framework CSV → a FrameworkDefinition, keeping everything the file says (id
// numbers as given, descriptions and their format, scale configuration, rules, cross-references,
// taxonomies) so an export gives the same file back. Refused whole, each problem on its line.
import { countFirstRecordFields, normalizeCsvText, readCsv, type CsvRecord } from "./csv.js";
import type { CompetenceNode, FrameworkSource, OwnScale } from "./framework.js";
import {
  COL,
  HEADER_KEYS,
  MOODLE_CSV_COLUMNS,
  columnName,
  field,
  headerKey,
  phpTruthy,
  type Report,
} from "./moodle-csv-columns.js";
import {
  readDescription,
  readFrameworkRow,
  readRelated,
  readRule,
  readScaleConfiguration,
  type CompetencyRow,
  type FrameworkRowContent,
  type ScaleConfiguration,
} from "./moodle-csv-rows.js";
import { buildTree, placeProblem, type Placement } from "./moodle-csv-tree.js";
import { sortProblems, type ImportProblem, type ImportResult, type ProblemCode } from "./problems.js";
import { badEncodingLine, slugify } from "./text.js";
import { validateFrameworkValue } from "./validate.js";

export type MoodleCsvDelimiter = "," | ";" | "\t" | ":";

export interface MoodleCsvImportOptions {
  /** Moodle's import form offers comma, semicolon, colon and tab; "auto" (default) detects it. */
  delimiter?: MoodleCsvDelimiter | "auto";
  /** Framework key; by default a slug of the framework row's id number. */
  key?: string;
  /** The CSV has no version column: the caller says which version this is (default "1"). */
  version?: string;
  /** Where the framework comes from; by default a citation naming the Moodle framework. */
  source?: FrameworkSource;
}

export const DEFAULT_MOODLE_IMPORT_VERSION = "1";

function refuse(problems: ImportProblem[]): ImportResult {
  return { ok: false, problems: sortProblems(problems) };
}

export function parseMoodleCsv(source: string, options: MoodleCsvImportOptions = {}): ImportResult {
  const text = normalizeCsvText(source);
  if (text.trim() === "") return refuse([{ code: "EMPTY_FILE" }]);
  const encodingLine = badEncodingLine(text);
  if (encodingLine !== undefined) return refuse([{ line: encodingLine, code: "BAD_ENCODING" }]);

  const delimiter =
    options.delimiter && options.delimiter !== "auto" ? options.delimiter : detectDelimiter(text);
  const read = readCsv(text, delimiter);
  const problems: ImportProblem[] = [];
  const at: Report = (record, code, column, params) => {
    problems.push({
      line: typeof record === "number" ? record : record.line,
      ...(column !== undefined ? { column: columnName(column) } : {}),
      code,
      ...(params ? { params } : {}),
    });
  };
  if (!read.ok) at(read.unterminatedQuoteLine, "UNBALANCED_QUOTES");

  const [header, ...rows] = read.records;
  if (!header) return refuse(problems.length > 0 ? problems : [{ code: "EMPTY_FILE" }]);
  if (!checkHeader(header, at)) return refuse(problems);
  const wellFormed = rows.filter((row) => {
    if (row.fields.length === MOODLE_CSV_COLUMNS.length) return true;
    at(row, "WRONG_COLUMN_COUNT", undefined, {
      expected: MOODLE_CSV_COLUMNS.length,
      found: row.fields.length,
    });
    return false;
  });
  // The rest of the file after an unterminated quote is unreadable: checks on the whole file
  // (a framework row, parents…) would only report consequences of that one problem.
  if (!read.ok) return refuse(problems);

  const frameworkRows = wellFormed.filter((row) => phpTruthy(field(row, COL.isFramework).trim()));
  const [frameworkRow, ...extraFrameworkRows] = frameworkRows;
  if (!frameworkRow) {
    // A row with the wrong number of columns may well have been the framework row.
    if (wellFormed.length === rows.length) problems.push({ code: "MISSING_FRAMEWORK_ROW" });
    return refuse(problems);
  }
  for (const extra of extraFrameworkRows) {
    at(extra, "MULTIPLE_FRAMEWORK_ROWS", COL.isFramework, { firstLine: frameworkRow.line });
  }

  const framework = readFrameworkRow(frameworkRow, at);
  const codes = levelCodes(framework.labels);
  const competencyRows = readCompetencyRows(
    wellFormed.filter((row) => !frameworkRows.includes(row)),
    at,
  );
  const ownScales = new Map(
    competencyRows.map((row) => [row, ownScale(row, framework.labels, framework.configuration, codes, at)]),
  );
  const { roots, nodeLines } = buildTree(competencyRows, (row) => ownScales.get(row), at);

  const configuration = framework.configuration;
  const definition = definitionOf(framework, codes, roots, options);

  // The model's own rules (lengths, scale, codes, references) run on the result, placed on the right rows.
  const validated = validateFrameworkValue(definition);
  if (!validated.ok) {
    const place: Placement = { definition, nodeLines, frameworkLine: frameworkRow.line };
    const skip = alreadyReported(problems, framework.scaleMissing, configuration === undefined);
    problems.push(
      ...validated.problems
        .map((problem) => placeProblem(problem, place))
        .filter((problem) => !skip(problem)),
    );
  }
  if (problems.length > 0 || !validated.ok) return refuse(problems);
  return { ok: true, framework: validated.framework };
}

function readCompetencyRows(rows: readonly CsvRecord[], at: Report): CompetencyRow[] {
  const competencies: CompetencyRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const code = field(row, COL.idNumber).trim();
    // Short names are kept as written (trailing spaces included): Moodle keeps them too.
    const title = field(row, COL.shortname);
    if (code === "") at(row, "EMPTY_ID_NUMBER", COL.idNumber);
    if (title.trim() === "") at(row, "EMPTY_SHORTNAME", COL.shortname);
    const description = readDescription(row, at);
    const rule = readRule(row, at);
    if (code === "") continue;
    // Codes are compared without case, as in Carnet's own format.
    const firstLine = firstLineOf.get(code.toLowerCase());
    if (firstLine !== undefined) {
      at(row, "DUPLICATE_CODE", COL.idNumber, { code, firstLine });
      continue;
    }
    firstLineOf.set(code.toLowerCase(), row.line);
    competencies.push({
      line: row.line,
      code,
      parent: field(row, COL.parent).trim(),
      title,
      description,
      related: readRelated(row),
      rule,
      exportId: field(row, COL.exportId).trim(),
      scaleValues: field(row, COL.scaleValues),
      scaleConfiguration: field(row, COL.scaleConfiguration),
    });
  }
  return competencies;
}

/**
 * Carnet rates every competence of a framework on the framework's scale. A competency may repeat
 * it (Moodle then keeps its own copy, with its own default and id: kept on the node); any other
 * scale cannot be represented and is refused.
 */
function ownScale(
  row: CompetencyRow,
  frameworkLabels: readonly string[],
  frameworkConfiguration: ScaleConfiguration | undefined,
  levelCodesOfScale: readonly string[],
  at: Report,
): OwnScale | undefined {
  if (row.scaleValues.trim() === "") return undefined;
  const labels = row.scaleValues.split(",").map((label) => label.trim());
  const sameValues = labels.join(",") === frameworkLabels.join(",");
  const hasConfiguration = row.scaleConfiguration.trim() !== "";
  const own =
    sameValues && hasConfiguration
      ? readScaleConfiguration(
          { line: row.line, fields: [] },
          row.scaleConfiguration,
          labels.length,
          () => undefined,
        )
      : undefined;
  const sameProficiency =
    own !== undefined &&
    frameworkConfiguration !== undefined &&
    own.proficientIds.size === frameworkConfiguration.proficientIds.size &&
    [...own.proficientIds].every((id) => frameworkConfiguration.proficientIds.has(id));
  if (!sameValues || (hasConfiguration && !sameProficiency)) {
    at(row.line, "COMPETENCY_SCALE_UNSUPPORTED", COL.scaleValues);
    return undefined;
  }
  const defaultLevel = own?.defaultId !== undefined ? levelCodesOfScale[own.defaultId - 1] : undefined;
  return {
    ...(defaultLevel !== undefined ? { defaultLevel } : {}),
    ...(own?.externalId !== undefined ? { externalId: own.externalId } : {}),
  };
}

function detectDelimiter(text: string): MoodleCsvDelimiter {
  const candidates: MoodleCsvDelimiter[] = [",", ";", "\t", ":"];
  let best: MoodleCsvDelimiter = ",";
  let bestCount = 0;
  for (const candidate of candidates) {
    const count = countFirstRecordFields(text, candidate);
    if (count === MOODLE_CSV_COLUMNS.length) return candidate;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Moodle maps columns by position (its confirmation form shows the file's own header names,
 * which are translated in a French Moodle). So a header is accepted whatever its names, unless
 * it has the wrong number of columns, or a recognisable English name sits in another column's
 * place — the sign of a reordered file that would be misread.
 */
function checkHeader(header: CsvRecord, at: Report): boolean {
  const fields = header.fields;
  const looksLikeFrameworkRow =
    phpTruthy(fields[COL.isFramework]?.trim() ?? "") &&
    (fields[COL.scaleConfiguration] ?? "").trim().startsWith("[");
  if (looksLikeFrameworkRow) {
    at(header, "MISSING_HEADER");
    return false;
  }
  if (fields.length !== MOODLE_CSV_COLUMNS.length) {
    at(header, "WRONG_HEADER", undefined, { expected: MOODLE_CSV_COLUMNS.length, found: fields.length });
    return false;
  }
  let ok = true;
  fields.forEach((name, index) => {
    const keyOfName = headerKey(name);
    const expected = HEADER_KEYS[index];
    if (keyOfName !== expected && HEADER_KEYS.includes(keyOfName)) {
      ok = false;
      at(header, "WRONG_HEADER_COLUMN", undefined, {
        position: index + 1,
        found: name.trim(),
        expected: MOODLE_CSV_COLUMNS[index] ?? "",
      });
    }
  });
  return ok;
}

/** Stable level codes from labels: "Not yet competent" → "not-yet-competent". */
export function levelCodes(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label, index) => {
    let code = slugify(label) || `level-${index + 1}`;
    if (used.has(code)) code = `${code}-${index + 1}`;
    used.add(code);
    return code;
  });
}

/**
 * The model's rules restate some problems the row checks already reported in Moodle's terms (an
 * empty short name is also an empty title): those are not listed twice.
 */
function alreadyReported(
  rowProblems: readonly ImportProblem[],
  scaleMissing: boolean,
  configurationUnreadable: boolean,
): (problem: ImportProblem) => boolean {
  const reported = new Set(rowProblems.map((problem) => `${problem.line}:${problem.code}`));
  const on = (problem: ImportProblem, code: ProblemCode): boolean => reported.has(`${problem.line}:${code}`);
  return (problem) => {
    switch (problem.code) {
      case "EMPTY_TEXT":
        return scaleMissing || on(problem, "EMPTY_SHORTNAME") || on(problem, "EMPTY_LEVEL_LABEL");
      case "INVALID_KEY":
      case "INVALID_CODE":
        return on(problem, "EMPTY_ID_NUMBER");
      case "SCALE_TOO_FEW_LEVELS":
        return scaleMissing;
      case "SCALE_NO_PROFICIENT":
        // Without a readable configuration no level is proficient: that is the same problem.
        return scaleMissing || configurationUnreadable;
      case "UNKNOWN_REFERENCE":
        // A rule naming an unknown exported id was already reported in Moodle's terms.
        return problem.column === columnName(COL.ruleConfig) && on(problem, "UNKNOWN_RULE_COMPETENCY");
      default:
        return on(problem, problem.code);
    }
  };
}

/** The framework as the model expects it, from the framework row and the tree of competency rows. */
function definitionOf(
  framework: FrameworkRowContent,
  codes: readonly string[],
  roots: readonly CompetenceNode[],
  options: MoodleCsvImportOptions,
): Record<string, unknown> {
  const { configuration } = framework;
  const defaultLevel =
    configuration?.defaultId !== undefined ? codes[configuration.defaultId - 1] : undefined;
  return {
    key: options.key ?? framework.key,
    version: options.version ?? DEFAULT_MOODLE_IMPORT_VERSION,
    ...(framework.idNumber !== "" ? { idNumber: framework.idNumber } : {}),
    title: { fr: framework.title },
    ...(framework.description.text !== undefined ? { description: { fr: framework.description.text } } : {}),
    ...(framework.description.format ? { descriptionFormat: framework.description.format } : {}),
    source: options.source ?? {
      citation: `Référentiel de compétences Moodle « ${framework.title} » (${framework.idNumber}), export CSV`,
      note:
        "Importé d'un fichier CSV de référentiel de compétences Moodle (tool_lpimportcsv) : toutes les " +
        "colonnes sont conservées telles que dans le fichier (descriptions HTML comprises, affichées " +
        "nettoyées) ; seuls les identifiants d'export de Moodle sont renumérotés à l'export.",
    },
    scale: {
      levels: codes.map((code, index) => ({
        code,
        label: { fr: framework.labels[index] ?? "" },
        proficient: configuration?.proficientIds.has(index + 1) ?? false,
      })),
      ...(defaultLevel !== undefined ? { defaultLevel } : {}),
      ...(configuration?.externalId !== undefined ? { externalId: configuration.externalId } : {}),
    },
    taxonomies: framework.taxonomies,
    competences: roots,
    situationFamilies: [],
  };
}
