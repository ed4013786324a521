// Competence frameworks: the model, Carnet's JSON format, Moodle's competency-framework CSV and 1EdTech CASE.
export * from "./framework.js";
export * from "./problems.js";
export { parseFrameworkJson, serializeFrameworkJson } from "./json-format.js";
export {
  DEFAULT_MOODLE_IMPORT_VERSION,
  MOODLE_CSV_COLUMNS,
  moodleCsvContent,
  parseMoodleCsv,
  toMoodleCsv,
  type MoodleCsvContent,
  type MoodleCsvDelimiter,
  type MoodleCsvExportOptions,
  type MoodleCsvImportOptions,
  type MoodleCsvNode,
} from "./moodle-csv.js";
export { SHIPPED_FRAMEWORK_FILES } from "./shipped.js";
export { parseCaseJson, type CaseImportOptions } from "./case-import.js";
export { toCaseJson, toCasePackage, type CaseExportOptions } from "./case-export.js";
