// Moodle's competency-framework CSV (admin/tool/lpimportcsv): import into a FrameworkDefinition
// and export one so Moodle can import it. The format follows Moodle's framework_importer and
// framework_exporter: 14 columns read by position, a first data row describing the framework
// ("Is framework" = 1) and one row per competency linked to its parent by id number.
import {
  type CompetenceNode,
  type FrameworkDefinition,
  type FrameworkSource,
  type LocalizedText,
  walkCompetences,
} from "./framework.js";
import { countFirstRecordFields, normalizeCsvText, readCsv, writeCsvRow, type CsvRecord } from "./csv.js";
import { sortProblems, type ImportProblem, type ImportResult, type ProblemCode } from "./problems.js";
import { htmlToText, slugify } from "./text.js";
import { formatPath, validateFrameworkValue, type PathProblem, type ValuePath } from "./validate.js";

/** Header names as Moodle's exporter writes them (English language strings of tool_lpimportcsv). */
export const MOODLE_CSV_COLUMNS = [
  "Parent ID number",
  "ID number",
  "Short name",
  "Description",
  "Description format",
  "Scale values",
  "Scale configuration",
  "Rule type (optional)",
  "Rule outcome (optional)",
  "Rule config (optional)",
  "Cross-referenced competency ID numbers",
  "Exported ID (optional)",
  "Is framework",
  "Taxonomy",
] as const;

const COL = {
  parent: 0,
  idNumber: 1,
  shortname: 2,
  description: 3,
  descriptionFormat: 4,
  scaleValues: 5,
  scaleConfiguration: 6,
  ruleType: 7,
  ruleOutcome: 8,
  ruleConfig: 9,
  related: 10,
  exportId: 11,
  isFramework: 12,
  taxonomy: 13,
} as const;
type ColumnIndex = (typeof COL)[keyof typeof COL];

const columnName = (index: ColumnIndex): string => MOODLE_CSV_COLUMNS[index];

/** Moodle's description formats (lib/weblib.php). */
const FORMAT_MOODLE = 0;
const FORMAT_HTML = 1;
const FORMAT_PLAIN = 2;
const FORMAT_MARKDOWN = 4;

/** Both the current ("Short name") and the older ("Shortname") headers reduce to the same key. */
function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}
const HEADER_KEYS = MOODLE_CSV_COLUMNS.map(headerKey);

/** PHP truthiness of a CSV string, as in `if ($isframework)`. */
function phpTruthy(value: string): boolean {
  return value !== "" && value !== "0";
}

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

export interface MoodleCsvExportOptions {
  /** Moodle's exporter always writes commas. */
  delimiter?: MoodleCsvDelimiter;
  /** A UTF-8 byte-order mark helps spreadsheet software; Moodle's importer strips it. */
  bom?: boolean;
}

export const DEFAULT_MOODLE_IMPORT_VERSION = "1";

// ---------------------------------------------------------------------------------------------
// Import

interface CompetencyRow {
  line: number;
  code: string;
  parent: string;
  title: string;
  description: string | undefined;
}

interface ScaleConfiguration {
  proficientIds: Set<number>;
}

type Report = (
  record: CsvRecord | number,
  code: ProblemCode,
  column?: ColumnIndex,
  params?: ImportProblem["params"],
) => void;

const field = (row: CsvRecord, column: ColumnIndex): string => row.fields[column] ?? "";

export function parseMoodleCsv(source: string, options: MoodleCsvImportOptions = {}): ImportResult {
  const text = normalizeCsvText(source);
  if (text.trim() === "") return refuse([{ code: "EMPTY_FILE" }]);

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
  const competencyRows = wellFormed.filter((row) => !frameworkRows.includes(row));
  const competencies = readCompetencyRows(competencyRows, framework.labels, framework.configuration, at);
  const { roots, nodeLines } = buildTree(competencies, at);

  const definition: Record<string, unknown> = {
    key: options.key ?? framework.key,
    version: options.version ?? DEFAULT_MOODLE_IMPORT_VERSION,
    title: { fr: framework.title },
    ...(framework.description !== undefined ? { description: { fr: framework.description } } : {}),
    source: options.source ?? {
      citation: `Référentiel de compétences Moodle « ${framework.title} » (${framework.idNumber}), export CSV`,
      note:
        "Importé d'un fichier CSV de référentiel de compétences Moodle (tool_lpimportcsv) : libellés tels " +
        "que dans le fichier ; les règles, les références croisées et les taxonomies ne sont pas reprises.",
    },
    scale: {
      levels: levelCodes(framework.labels).map((code, index) => ({
        code,
        label: { fr: framework.labels[index] ?? "" },
        proficient: framework.configuration?.proficientIds.has(index + 1) ?? false,
      })),
    },
    competences: roots,
    situationFamilies: [],
  };

  // The model's own rules (lengths, scale, codes) run on the result, placed on the right rows.
  const validated = validateFrameworkValue(definition);
  if (!validated.ok) {
    const place: Placement = { definition, nodeLines, frameworkLine: frameworkRow.line };
    const skip = alreadyReported(problems, framework.scaleMissing, framework.configuration === undefined);
    problems.push(
      ...validated.problems
        .map((problem) => placeProblem(problem, place))
        .filter((problem) => !skip(problem)),
    );
  }
  if (problems.length > 0 || !validated.ok) return refuse(problems);
  return { ok: true, framework: validated.framework };
}

interface FrameworkRowContent {
  idNumber: string;
  key: string;
  title: string;
  description: string | undefined;
  labels: string[];
  scaleMissing: boolean;
  configuration: ScaleConfiguration | undefined;
}

function readFrameworkRow(row: CsvRecord, at: Report): FrameworkRowContent {
  const idNumber = field(row, COL.idNumber).trim();
  const title = field(row, COL.shortname).trim();
  if (idNumber === "") at(row, "EMPTY_ID_NUMBER", COL.idNumber);
  if (title === "") at(row, "EMPTY_SHORTNAME", COL.shortname);
  // The key is a slug of the id number ("OECD-CORE" → "oecd-core"); the model checks it.
  const key = slugify(idNumber);
  const description = readDescription(row, at);

  // Moodle's grade_scale splits scale values on commas and trims each item.
  const labels = field(row, COL.scaleValues)
    .split(",")
    .map((label) => label.trim());
  const scaleMissing = field(row, COL.scaleValues).trim() === "";
  if (scaleMissing) {
    at(row, "MISSING_SCALE_VALUES", COL.scaleValues);
  } else {
    labels.forEach((label, index) => {
      if (label === "") at(row, "EMPTY_LEVEL_LABEL", COL.scaleValues, { position: index + 1 });
    });
  }
  // Without scale values, the configuration cannot be checked against anything.
  const configuration = scaleMissing
    ? undefined
    : readScaleConfiguration(row, field(row, COL.scaleConfiguration), labels.length, at);
  return { idNumber, key, title, description, labels, scaleMissing, configuration };
}

function readCompetencyRows(
  rows: readonly CsvRecord[],
  frameworkLabels: readonly string[],
  frameworkConfiguration: ScaleConfiguration | undefined,
  at: Report,
): CompetencyRow[] {
  const competencies: CompetencyRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const code = field(row, COL.idNumber).trim();
    const title = field(row, COL.shortname).trim();
    if (code === "") at(row, "EMPTY_ID_NUMBER", COL.idNumber);
    if (title === "") at(row, "EMPTY_SHORTNAME", COL.shortname);
    const description = readDescription(row, at);
    const ownScale = field(row, COL.scaleValues).trim();
    if (
      ownScale !== "" &&
      !sameScale(ownScale, field(row, COL.scaleConfiguration), frameworkLabels, frameworkConfiguration)
    ) {
      // Carnet rates every competence of a framework on the framework's scale.
      at(row, "COMPETENCY_SCALE_UNSUPPORTED", COL.scaleValues);
    }
    if (code === "") continue;
    // Codes are compared without case, as in Carnet's own format.
    const firstLine = firstLineOf.get(code.toLowerCase());
    if (firstLine !== undefined) {
      at(row, "DUPLICATE_CODE", COL.idNumber, { code, firstLine });
      continue;
    }
    firstLineOf.set(code.toLowerCase(), row.line);
    competencies.push({ line: row.line, code, parent: field(row, COL.parent).trim(), title, description });
  }
  return competencies;
}

function refuse(problems: ImportProblem[]): ImportResult {
  return { ok: false, problems: sortProblems(problems) };
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

function readDescription(row: CsvRecord, at: Report): string | undefined {
  const raw = field(row, COL.description);
  const formatText = field(row, COL.descriptionFormat).trim();
  // Moodle reads the format with PARAM_INT, so an empty cell means FORMAT_MOODLE.
  const format = formatText === "" ? FORMAT_MOODLE : /^\d+$/.test(formatText) ? Number(formatText) : NaN;
  if (![FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN].includes(format)) {
    at(row, "INVALID_DESCRIPTION_FORMAT", COL.descriptionFormat, { value: formatText });
    return undefined;
  }
  const text =
    format === FORMAT_HTML
      ? htmlToText(raw, "html")
      : format === FORMAT_MOODLE
        ? htmlToText(raw, "moodle")
        : raw.trim();
  return text === "" ? undefined : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** 1, "1", true… as PHP's `if ($config->proficient)` would read them. */
function jsonTruthy(value: unknown): boolean {
  if (typeof value === "string") return phpTruthy(value);
  return Boolean(value);
}

/**
 * `[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1}]`: the first element names the scale
 * (Moodle replaces it on import); the others configure scale items by 1-based position. Moodle
 * refuses a configuration without a default and without a proficient item.
 */
function readScaleConfiguration(
  row: CsvRecord,
  raw: string,
  levelCount: number,
  at: Report,
): ScaleConfiguration | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !isRecord(parsed[0]) || !("scaleid" in parsed[0])) {
    at(row, "INVALID_SCALE_CONFIGURATION", COL.scaleConfiguration);
    return undefined;
  }
  const proficientIds = new Set<number>();
  let hasDefault = false;
  let valid = true;
  for (const item of parsed.slice(1)) {
    const id = isRecord(item) ? Number(item["id"]) : NaN;
    if (!isRecord(item) || !Number.isInteger(id)) {
      at(row, "INVALID_SCALE_CONFIGURATION", COL.scaleConfiguration);
      valid = false;
      continue;
    }
    if (id < 1 || id > levelCount) {
      at(row, "SCALE_CONFIGURATION_UNKNOWN_LEVEL", COL.scaleConfiguration, { id, levels: levelCount });
      valid = false;
      continue;
    }
    if (jsonTruthy(item["scaledefault"])) hasDefault = true;
    if (jsonTruthy(item["proficient"])) proficientIds.add(id);
  }
  if (valid && !hasDefault) at(row, "SCALE_CONFIGURATION_NO_DEFAULT", COL.scaleConfiguration);
  return valid ? { proficientIds } : undefined;
}

/** A competency may repeat the framework's scale; anything else cannot be represented. */
function sameScale(
  values: string,
  rawConfiguration: string,
  frameworkLabels: readonly string[],
  frameworkConfiguration: ScaleConfiguration | undefined,
): boolean {
  const labels = values.split(",").map((label) => label.trim());
  if (labels.join(",") !== frameworkLabels.join(",") || !frameworkConfiguration) return false;
  if (rawConfiguration.trim() === "") return true;
  const ignore: Report = () => undefined;
  const own = readScaleConfiguration({ line: 0, fields: [] }, rawConfiguration, labels.length, ignore);
  return (
    own !== undefined &&
    own.proficientIds.size === frameworkConfiguration.proficientIds.size &&
    [...own.proficientIds].every((id) => frameworkConfiguration.proficientIds.has(id))
  );
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
 * Links rows to their parents (rows may come in any order, as in Moodle exports ordered by id)
 * and reports unknown parents and cycles. Only rows that reach the framework are kept.
 */
function buildTree(
  rows: readonly CompetencyRow[],
  at: Report,
): { roots: CompetenceNode[]; nodeLines: Map<object, number> } {
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const state = new Map<CompetencyRow, "rooted" | "broken">();

  for (const row of rows) {
    if (row.parent !== "" && !byCode.has(row.parent)) {
      at(row.line, "UNKNOWN_PARENT", COL.parent, { code: row.code, parent: row.parent });
      state.set(row, "broken");
    }
  }
  for (const row of rows) {
    const chain: CompetencyRow[] = [];
    let current: CompetencyRow | undefined = row;
    let outcome: "rooted" | "broken" = "rooted";
    while (current) {
      const known = state.get(current);
      if (known) {
        outcome = known;
        break;
      }
      const seenAt = chain.indexOf(current);
      if (seenAt !== -1) {
        for (const member of chain.slice(seenAt)) {
          at(member.line, "PARENT_CYCLE", COL.parent, { code: member.code, parent: member.parent });
        }
        outcome = "broken";
        break;
      }
      chain.push(current);
      if (current.parent === "") break;
      current = byCode.get(current.parent);
    }
    for (const member of chain) state.set(member, outcome);
  }

  const nodes = new Map<string, CompetenceNode>();
  const nodeLines = new Map<object, number>();
  for (const row of rows) {
    if (state.get(row) !== "rooted") continue;
    const node: CompetenceNode = {
      code: row.code,
      title: { fr: row.title },
      ...(row.description !== undefined ? { description: { fr: row.description } } : {}),
      children: [],
    };
    nodes.set(row.code, node);
    nodeLines.set(node, row.line);
  }
  const roots: CompetenceNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.code);
    if (!node) continue;
    if (row.parent === "") roots.push(node);
    else nodes.get(row.parent)?.children.push(node);
  }
  return { roots, nodeLines };
}

/** The value one step down a path, without assuming the shape. */
function childAt(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value) && typeof segment === "number") return value[segment];
  if (isRecord(value) && typeof segment === "string") return value[segment];
  return undefined;
}

/** Which row and column a validation problem on the built definition belongs to. */
function locate(
  path: ValuePath,
  code: ProblemCode,
  definition: Record<string, unknown>,
  nodeLines: Map<object, number>,
  frameworkLine: number,
): { line: number | undefined; column: string | undefined } {
  const [head] = path;
  // version and source come from the options, not from the file.
  if (head === "version" || head === "source") return { line: undefined, column: formatPath(path) };
  if (head === "competences") {
    let current: unknown = definition;
    let line: number | undefined;
    let fieldOfNode: string | number | undefined;
    for (const segment of path) {
      current = childAt(current, segment);
      const nodeLine = isRecord(current) ? nodeLines.get(current) : undefined;
      if (nodeLine !== undefined) {
        line = nodeLine;
        fieldOfNode = undefined;
      } else if (fieldOfNode === undefined) {
        fieldOfNode = segment;
      }
    }
    const nodeColumns: Record<string, ColumnIndex> = {
      title: COL.shortname,
      description: COL.description,
      code: COL.idNumber,
    };
    const column = typeof fieldOfNode === "string" ? nodeColumns[fieldOfNode] : undefined;
    return { line: line ?? frameworkLine, column: column !== undefined ? columnName(column) : undefined };
  }
  const proficiency = code === "SCALE_NO_PROFICIENT" || code === "SCALE_PROFICIENT_NOT_AT_TOP";
  const frameworkColumns: Record<string, ColumnIndex> = {
    key: COL.idNumber,
    title: COL.shortname,
    description: COL.description,
    scale: proficiency ? COL.scaleConfiguration : COL.scaleValues,
  };
  const column = typeof head === "string" ? frameworkColumns[head] : undefined;
  return { line: frameworkLine, column: column !== undefined ? columnName(column) : undefined };
}

interface Placement {
  definition: Record<string, unknown>;
  nodeLines: Map<object, number>;
  frameworkLine: number;
}

function placeProblem(problem: PathProblem, place: Placement): ImportProblem {
  const locateIn = (path: ValuePath) =>
    locate(path, problem.code, place.definition, place.nodeLines, place.frameworkLine);
  const { line, column } = locateIn(problem.path);
  const params: Record<string, string | number> = { ...problem.params };
  const firstLine = problem.relatedPath ? locateIn(problem.relatedPath).line : undefined;
  if (firstLine !== undefined) params["firstLine"] = firstLine;
  return {
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    code: problem.code,
    ...(Object.keys(params).length > 0 ? { params } : {}),
  };
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
        return on(problem, "EMPTY_ID_NUMBER");
      case "SCALE_TOO_FEW_LEVELS":
        return scaleMissing;
      case "SCALE_NO_PROFICIENT":
        // Without a readable configuration no level is proficient: that is the same problem.
        return scaleMissing || configurationUnreadable;
      default:
        return on(problem, problem.code);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Export

/** Moodle's taxonomy terms per depth: domains first, then competencies. */
function taxonomies(depth: number): string {
  if (depth <= 1) return "competency";
  return ["domain", ...Array.from({ length: depth - 1 }, () => "competency")].join(",");
}

/**
 * The framework as Moodle's exporter would write it, ready for Moodle's importer. Only French
 * text is written; situation families, version and source have no column and are left out.
 */
export function toMoodleCsv(def: FrameworkDefinition, options: MoodleCsvExportOptions = {}): string {
  const delimiter = options.delimiter ?? ",";
  const levels = def.scale.levels;
  const defaultIndex = levels.findIndex((level) => level.proficient);
  const configuration = [
    // Moodle finds or creates a scale from the values on import and replaces this placeholder id.
    { scaleid: "0" },
    ...levels
      .map((level, index) => ({
        id: index + 1,
        scaledefault: index === defaultIndex ? 1 : 0,
        proficient: level.proficient ? 1 : 0,
      }))
      // Moodle's own scale dialog writes only the items that are default or proficient.
      .filter((item) => item.scaledefault === 1 || item.proficient === 1),
  ];
  let depth = 0;
  const competencyRows: string[][] = [];
  for (const { node, path } of walkCompetences(def.competences)) {
    depth = Math.max(depth, path.length + 1);
    competencyRows.push([
      path.at(-1) ?? "",
      node.code,
      node.title.fr,
      node.description?.fr ?? "",
      String(FORMAT_PLAIN),
      "",
      "",
      "",
      "0",
      "null",
      "",
      String(competencyRows.length + 1),
      "",
      "",
    ]);
  }
  const frameworkRow = [
    "",
    def.key,
    def.title.fr,
    def.description?.fr ?? "",
    String(FORMAT_PLAIN),
    levels.map((level) => level.label.fr).join(","),
    JSON.stringify(configuration),
    "",
    "",
    "",
    "",
    "",
    "1",
    taxonomies(depth),
  ];
  const rows = [[...MOODLE_CSV_COLUMNS], frameworkRow, ...competencyRows];
  return (options.bom ? "\uFEFF" : "") + rows.map((row) => writeCsvRow(row, delimiter)).join("");
}

// ---------------------------------------------------------------------------------------------
// What survives a round trip

export interface MoodleCsvContent {
  key: string;
  title: { fr: string };
  description?: { fr: string };
  levels: { code: string; label: string; proficient: boolean }[];
  competences: MoodleCsvNode[];
}
export interface MoodleCsvNode {
  code: string;
  title: string;
  description?: string;
  children: MoodleCsvNode[];
}

/**
 * The part of a framework the Moodle CSV carries: French text, codes, tree, scale labels and
 * proficiency. Not carried: English text, situation families, version, source.
 */
export function moodleCsvContent(def: FrameworkDefinition): MoodleCsvContent {
  const node = (competence: CompetenceNode): MoodleCsvNode => ({
    code: competence.code,
    title: competence.title.fr,
    ...(competence.description ? { description: competence.description.fr } : {}),
    children: competence.children.map(node),
  });
  const frenchOnly = (text: LocalizedText): { fr: string } => ({ fr: text.fr });
  return {
    key: def.key,
    title: frenchOnly(def.title),
    ...(def.description ? { description: frenchOnly(def.description) } : {}),
    levels: def.scale.levels.map((level) => ({
      code: level.code,
      label: level.label.fr,
      proficient: level.proficient,
    })),
    competences: def.competences.map(node),
  };
}
