// Reading the cells of one Moodle CSV row: the framework row (scale, taxonomies) and competency rows
// (description and its format, cross-references, completion rule, own scale). Problems are reported
// on the row and column they come from; nothing here builds the tree.
import type { CsvRecord } from "./csv.js";
import { RULE_OUTCOMES, TAXONOMY_TERMS, type DescriptionFormat, type TaxonomyTerm } from "./framework.js";
import {
  COL,
  FORMAT_BY_NUMBER,
  POINTS_RULE_PATTERN,
  RELATED_COMMA,
  RULE_OUTCOME_NUMBERS,
  field,
  isRecord,
  jsonTruthy,
  phpInt,
  type Report,
} from "./moodle-csv-columns.js";
import { slugify } from "./text.js";

export interface ScaleConfiguration {
  /** Moodle's scale id, as written in the first element. */
  externalId: string | undefined;
  /** 1-based position of the default item (the first one marked, as Moodle reads it). */
  defaultId: number | undefined;
  proficientIds: Set<number>;
}

export interface Description {
  text: string | undefined;
  format: DescriptionFormat | undefined;
}

export interface FrameworkRowContent {
  idNumber: string;
  key: string;
  title: string;
  description: Description;
  labels: string[];
  scaleMissing: boolean;
  configuration: ScaleConfiguration | undefined;
  taxonomies: TaxonomyTerm[];
}

export interface PointsEntry {
  exportId: string;
  points: number;
  required: boolean;
}

export interface RawRule {
  type: string;
  outcome: (typeof RULE_OUTCOMES)[number];
  points?: { required: number; entries: PointsEntry[] };
  config?: string;
}

export interface CompetencyRow {
  line: number;
  code: string;
  parent: string;
  title: string;
  description: Description;
  related: string[];
  rule: RawRule | undefined;
  exportId: string;
  /** The row's own scale cells (Moodle: a competency with its own scale), checked against the framework's. */
  scaleValues: string;
  scaleConfiguration: string;
}

export function readFrameworkRow(row: CsvRecord, at: Report): FrameworkRowContent {
  const idNumber = field(row, COL.idNumber).trim();
  const title = field(row, COL.shortname);
  if (idNumber === "") at(row, "EMPTY_ID_NUMBER", COL.idNumber);
  if (title.trim() === "") at(row, "EMPTY_SHORTNAME", COL.shortname);
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
  // The key is a slug of the id number ("OECD-CORE" → "oecd-core"); the id number itself is kept.
  return {
    idNumber,
    key: slugify(idNumber),
    title,
    description,
    labels,
    scaleMissing,
    configuration,
    taxonomies: readTaxonomies(row, at),
  };
}

/** "domain,competency": one term per depth; an empty term reads as "competency", as in Moodle. */
function readTaxonomies(row: CsvRecord, at: Report): TaxonomyTerm[] {
  const cell = field(row, COL.taxonomy).trim();
  if (cell === "") return [];
  const terms: TaxonomyTerm[] = [];
  for (const raw of cell.split(",")) {
    const term = raw.trim() === "" ? "competency" : raw.trim();
    const known = TAXONOMY_TERMS.find((candidate) => candidate === term);
    if (known) terms.push(known);
    else at(row, "INVALID_TAXONOMY", COL.taxonomy, { term });
  }
  return terms;
}

export function readDescription(row: CsvRecord, at: Report): Description {
  const raw = field(row, COL.description);
  const formatText = field(row, COL.descriptionFormat).trim();
  const text = raw.trim() === "" ? undefined : raw;
  // Moodle reads the format with PARAM_INT, so an empty cell means FORMAT_MOODLE; it is only kept
  // when it says something (a description, or a cell that was filled).
  const number = formatText === "" ? 0 : phpInt(formatText);
  const format = number === undefined ? undefined : FORMAT_BY_NUMBER.get(number);
  if (!format) {
    at(row, "INVALID_DESCRIPTION_FORMAT", COL.descriptionFormat, { value: formatText });
    return { text, format: undefined };
  }
  return { text, format: text === undefined && formatText === "" ? undefined : format };
}

/**
 * `[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1}]`: the first element names the scale
 * (Moodle replaces it on import); the others configure scale items by 1-based position. Moodle
 * refuses a configuration without a default and without a proficient item.
 */
export function readScaleConfiguration(
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
  const head: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  if (!Array.isArray(parsed) || !isRecord(head) || !("scaleid" in head)) {
    at(row, "INVALID_SCALE_CONFIGURATION", COL.scaleConfiguration);
    return undefined;
  }
  const scaleId = head["scaleid"];
  const externalId =
    (typeof scaleId === "string" || typeof scaleId === "number") && String(scaleId).trim() !== ""
      ? String(scaleId).trim()
      : undefined;
  const proficientIds = new Set<number>();
  let defaultId: number | undefined;
  let valid = true;
  for (const item of parsed.slice(1)) {
    const id = isRecord(item) ? phpInt(item["id"]) : undefined;
    if (!isRecord(item) || id === undefined) {
      at(row, "INVALID_SCALE_CONFIGURATION", COL.scaleConfiguration);
      valid = false;
      continue;
    }
    if (id < 1 || id > levelCount) {
      at(row, "SCALE_CONFIGURATION_UNKNOWN_LEVEL", COL.scaleConfiguration, { id, levels: levelCount });
      valid = false;
      continue;
    }
    if (jsonTruthy(item["scaledefault"]) && defaultId === undefined) defaultId = id;
    if (jsonTruthy(item["proficient"])) proficientIds.add(id);
  }
  if (valid && defaultId === undefined) at(row, "SCALE_CONFIGURATION_NO_DEFAULT", COL.scaleConfiguration);
  return valid ? { externalId, defaultId, proficientIds } : undefined;
}

/**
 * Rule type, outcome and configuration. A points rule names competencies by exported id; the ids
 * are resolved to codes once every row is read. Other rule types keep their configuration as is.
 */
export function readRule(row: CsvRecord, at: Report): RawRule | undefined {
  const type = field(row, COL.ruleType).trim();
  const outcomeText = field(row, COL.ruleOutcome).trim();
  const configText = field(row, COL.ruleConfig).trim();
  const noConfig = configText === "" || configText === "null";
  if (type === "") {
    // Moodle drops an outcome or a configuration without a rule type without a word.
    if (!(outcomeText === "" || outcomeText === "0") || !noConfig) at(row, "RULE_WITHOUT_TYPE", COL.ruleType);
    return undefined;
  }
  const outcomeNumber = outcomeText === "" ? 0 : phpInt(outcomeText);
  const outcome = RULE_OUTCOMES.find((name) => RULE_OUTCOME_NUMBERS[name] === outcomeNumber);
  if (!outcome) at(row, "INVALID_RULE_OUTCOME", COL.ruleOutcome, { value: outcomeText });
  if (!POINTS_RULE_PATTERN.test(type)) {
    return { type, outcome: outcome ?? "none", ...(noConfig ? {} : { config: configText }) };
  }
  const points = readPointsConfig(configText);
  if (!points) {
    at(row, "INVALID_RULE_CONFIG", COL.ruleConfig);
    return undefined;
  }
  return { type, outcome: outcome ?? "none", points };
}

/** `{"base":{"points":2},"competencies":[{"id":12,"points":1,"required":0}]}` (competency_rule_points). */
function readPointsConfig(text: string): RawRule["points"] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !isRecord(parsed["base"]) || !Array.isArray(parsed["competencies"]))
    return undefined;
  const required = phpInt(parsed["base"]["points"]);
  const entries: PointsEntry[] = [];
  for (const entry of parsed["competencies"]) {
    const id = isRecord(entry) ? entry["id"] : undefined;
    const points = isRecord(entry) ? phpInt(entry["points"]) : undefined;
    if (!isRecord(entry) || (typeof id !== "string" && typeof id !== "number") || points === undefined)
      return undefined;
    entries.push({ exportId: String(id).trim(), points, required: jsonTruthy(entry["required"]) });
  }
  return required === undefined ? undefined : { required, entries };
}

/** Id numbers of cross-referenced competencies; Moodle writes a comma inside one as %2C. */
export function readRelated(row: CsvRecord): string[] {
  return field(row, COL.related)
    .split(",")
    .map((code) => code.split(RELATED_COMMA).join(",").trim())
    .filter((code) => code !== "");
}
