// A FrameworkDefinition → Moodle's competency-framework CSV, as Moodle's framework_exporter writes
// it (commas, "\n", PHP's fputcsv quoting), so Moodle's importer reads back what was imported.
import { writeCsvRow } from "./csv.js";
import {
  walkCompetences,
  type CompetenceNode,
  type CompetenceRule,
  type DescriptionFormat,
  type FrameworkDefinition,
  type LocalizedText,
  type ProficiencyScale,
} from "./framework.js";
import {
  FORMAT_NUMBERS,
  MOODLE_CSV_COLUMNS,
  RELATED_COMMA,
  RULE_OUTCOME_NUMBERS,
} from "./moodle-csv-columns.js";
import type { MoodleCsvDelimiter } from "./moodle-csv-import.js";

export interface MoodleCsvExportOptions {
  /** Moodle's exporter always writes commas. */
  delimiter?: MoodleCsvDelimiter;
  /** A UTF-8 byte-order mark helps spreadsheet software; Moodle's importer strips it. */
  bom?: boolean;
}

/** Moodle's taxonomy terms per depth for a framework that has none: domains first, then competencies. */
export function defaultTaxonomies(depth: number): string[] {
  if (depth <= 1) return ["competency"];
  return ["domain", ...Array.from({ length: depth - 1 }, () => "competency")];
}

/**
 * `[{"scaleid":"2"},{"id":1,"scaledefault":1,"proficient":0},…]`: Moodle's scale dialog writes only
 * the items that are default or proficient. Without a default of its own, the lowest proficient
 * level is the default (Moodle requires one).
 */
function scaleConfiguration(
  scale: ProficiencyScale,
  own?: { defaultLevel?: string; externalId?: string },
): string {
  const levels = scale.levels;
  const wantedDefault = own?.defaultLevel ?? scale.defaultLevel;
  const byCode = wantedDefault !== undefined ? levels.findIndex((level) => level.code === wantedDefault) : -1;
  const defaultIndex = byCode !== -1 ? byCode : levels.findIndex((level) => level.proficient);
  const items = levels
    .map((level, index) => ({
      id: index + 1,
      scaledefault: index === defaultIndex ? 1 : 0,
      proficient: level.proficient ? 1 : 0,
    }))
    .filter((item) => item.scaledefault === 1 || item.proficient === 1);
  // Moodle finds or creates a scale from the values on import and replaces this id.
  return JSON.stringify([{ scaleid: own?.externalId ?? scale.externalId ?? "0" }, ...items]);
}

function formatNumber(format: DescriptionFormat | undefined, description: LocalizedText | undefined): string {
  if (format) return String(FORMAT_NUMBERS[format]);
  // Carnet's own descriptions are plain text; no description and no format: an empty cell.
  return description ? String(FORMAT_NUMBERS.plain) : "";
}

/** Rule columns; the points rule names competencies by the exported ids of this file. */
function ruleCells(rule: CompetenceRule | undefined, exportIdOf: ReadonlyMap<string, number>): string[] {
  // What Moodle writes for a competency without a rule.
  if (!rule) return ["", "0", "null"];
  const outcome = String(RULE_OUTCOME_NUMBERS[rule.outcome]);
  if (!rule.points) return [rule.type, outcome, rule.config ?? "null"];
  const config = {
    base: { points: rule.points.required },
    competencies: rule.points.competences.map((entry) => ({
      id: exportIdOf.get(entry.code) ?? 0,
      points: entry.points,
      required: entry.required ? 1 : 0,
    })),
  };
  return [rule.type, outcome, JSON.stringify(config)];
}

/**
 * The framework as Moodle's exporter would write it, ready for Moodle's importer. Only French
 * text is written; situation families, version, source and the self-assessment scale have no
 * column and are left out. Exported ids are 1, 2, 3… in row order.
 */
export function toMoodleCsv(def: FrameworkDefinition, options: MoodleCsvExportOptions = {}): string {
  const delimiter = options.delimiter ?? ",";
  const located = [...walkCompetences(def.competences)];
  const exportIdOf = new Map(located.map(({ node }, index) => [node.code, index + 1]));
  const depth = located.reduce((max, { path }) => Math.max(max, path.length + 1), 0);
  const competencyRows = located.map(({ node, path }, index) => [
    path.at(-1) ?? "",
    node.code,
    node.title.fr,
    node.description?.fr ?? "",
    formatNumber(node.descriptionFormat, node.description),
    node.ownScale ? def.scale.levels.map((level) => level.label.fr).join(",") : "",
    node.ownScale ? scaleConfiguration(def.scale, node.ownScale) : "",
    ...ruleCells(node.rule, exportIdOf),
    (node.related ?? []).map((code) => code.split(",").join(RELATED_COMMA)).join(","),
    String(index + 1),
    "",
    "",
  ]);
  const frameworkRow = [
    "",
    def.idNumber ?? def.key,
    def.title.fr,
    def.description?.fr ?? "",
    formatNumber(def.descriptionFormat, def.description),
    def.scale.levels.map((level) => level.label.fr).join(","),
    scaleConfiguration(def.scale),
    "",
    "",
    "",
    "",
    "",
    "1",
    (def.taxonomies ?? defaultTaxonomies(depth)).join(","),
  ];
  const rows = [[...MOODLE_CSV_COLUMNS], frameworkRow, ...competencyRows];
  return (options.bom ? "\uFEFF" : "") + rows.map((row) => writeCsvRow(row, delimiter)).join("");
}

// ---------------------------------------------------------------------------------------------
// What survives a round trip

export type MoodleCsvNode = Omit<CompetenceNode, "title" | "description" | "children"> & {
  title: string;
  description?: string;
  children: MoodleCsvNode[];
};

export interface MoodleCsvContent {
  key: string;
  idNumber: string;
  title: string;
  description?: string;
  descriptionFormat?: DescriptionFormat;
  scale: ProficiencyScale & { levels: { code: string; label: { fr: string }; proficient: boolean }[] };
  taxonomies: string[];
  competences: MoodleCsvNode[];
}

/**
 * The part of a framework the Moodle CSV carries, in the form a re-import gives it back: French
 * text, codes, tree, descriptions and formats, scale with its configuration, rules,
 * cross-references and taxonomies. Not carried: English text, situation families, version, source
 * and the self-assessment scale.
 */
export function moodleCsvContent(def: FrameworkDefinition): MoodleCsvContent {
  // The export always writes a default level and a scale id: a re-import has them.
  const defaultLevel = def.scale.defaultLevel ?? def.scale.levels.find((level) => level.proficient)?.code;
  const externalId = def.scale.externalId ?? "0";
  let depth = 0;
  for (const { path } of walkCompetences(def.competences)) depth = Math.max(depth, path.length + 1);
  const format = (
    value: DescriptionFormat | undefined,
    description: LocalizedText | undefined,
  ): { descriptionFormat?: DescriptionFormat } =>
    value ? { descriptionFormat: value } : description ? { descriptionFormat: "plain" } : {};
  const node = (competence: CompetenceNode): MoodleCsvNode => {
    const { title, description, descriptionFormat, children, ownScale, ...rest } = competence;
    return {
      ...rest,
      ...(ownScale
        ? {
            ownScale: {
              ...((ownScale.defaultLevel ?? defaultLevel) !== undefined
                ? { defaultLevel: ownScale.defaultLevel ?? defaultLevel }
                : {}),
              externalId: ownScale.externalId ?? externalId,
            },
          }
        : {}),
      title: title.fr,
      ...(description ? { description: description.fr } : {}),
      ...format(descriptionFormat, description),
      children: children.map(node),
    };
  };
  return {
    key: def.key,
    idNumber: def.idNumber ?? def.key,
    title: def.title.fr,
    ...(def.description ? { description: def.description.fr } : {}),
    ...format(def.descriptionFormat, def.description),
    scale: {
      levels: def.scale.levels.map((level) => ({
        code: level.code,
        label: { fr: level.label.fr },
        proficient: level.proficient,
      })),
      ...(defaultLevel !== undefined ? { defaultLevel } : {}),
      externalId,
    },
    taxonomies: def.taxonomies ?? defaultTaxonomies(depth),
    competences: def.competences.map(node),
  };
}
