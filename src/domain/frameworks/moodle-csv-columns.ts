// The shape of Moodle's competency-framework CSV (admin/tool/lpimportcsv): its 14 columns, read by
// position, and the PHP conventions the importer and exporter share.
import type { DescriptionFormat } from "./framework.js";
import type { ImportProblem, ProblemCode } from "./problems.js";
import type { CsvRecord } from "./csv.js";

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

export const COL = {
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
export type ColumnIndex = (typeof COL)[keyof typeof COL];

export const columnName = (index: ColumnIndex): string => MOODLE_CSV_COLUMNS[index];

/** Moodle's description formats (lib/weblib.php: FORMAT_MOODLE 0, HTML 1, PLAIN 2, MARKDOWN 4). */
export const FORMAT_NUMBERS: Record<DescriptionFormat, number> = {
  moodle: 0,
  html: 1,
  plain: 2,
  markdown: 4,
};
export const FORMAT_BY_NUMBER = new Map<number, DescriptionFormat>(
  Object.entries(FORMAT_NUMBERS).map(([format, number]) => [number, format as DescriptionFormat]),
);

/** competency::OUTCOME_* in Moodle's core_competency. */
export const RULE_OUTCOME_NUMBERS = { none: 0, evidence: 1, complete: 2, recommend: 3 } as const;

/** Moodle's exporter writes commas in related id numbers as %2C (the list itself is comma-separated). */
export const RELATED_COMMA = "%2C";

/** The rule whose configuration names competencies (by exported id in the file). */
export const POINTS_RULE_PATTERN = /(?:^|\\)competency_rule_points$/;

/** Both the current ("Short name") and the older ("Shortname") headers reduce to the same key. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}
export const HEADER_KEYS = MOODLE_CSV_COLUMNS.map(headerKey);

/** PHP truthiness of a CSV string, as in `if ($isframework)`. */
export function phpTruthy(value: string): boolean {
  return value !== "" && value !== "0";
}

/** 1, "1", true… as PHP's `if ($config->proficient)` would read them. */
export function jsonTruthy(value: unknown): boolean {
  if (typeof value === "string") return phpTruthy(value);
  return Boolean(value);
}

/** An integer as PHP's PARAM_INT would accept it (a number or a string of digits). */
export function phpInt(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const field = (row: CsvRecord, column: ColumnIndex): string => row.fields[column] ?? "";

export type Report = (
  record: CsvRecord | number,
  code: ProblemCode,
  column?: ColumnIndex,
  params?: ImportProblem["params"],
) => void;
