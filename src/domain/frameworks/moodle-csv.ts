// Moodle's competency-framework CSV (admin/tool/lpimportcsv): import and export, lossless both ways.
export { MOODLE_CSV_COLUMNS } from "./moodle-csv-columns.js";
export {
  DEFAULT_MOODLE_IMPORT_VERSION,
  levelCodes,
  parseMoodleCsv,
  type MoodleCsvDelimiter,
  type MoodleCsvImportOptions,
} from "./moodle-csv-import.js";
export {
  defaultTaxonomies,
  moodleCsvContent,
  toMoodleCsv,
  type MoodleCsvContent,
  type MoodleCsvExportOptions,
  type MoodleCsvNode,
} from "./moodle-csv-export.js";
