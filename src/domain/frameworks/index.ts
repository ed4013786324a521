// Competence frameworks: the model, Carnet's JSON format and Moodle's competency-framework CSV.
export * from "./framework.js";
export * from "./problems.js";
export { parseFrameworkJson, serializeFrameworkJson } from "./json-format.js";
export { frameworkJsonSchema } from "./json-schema.js";
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
