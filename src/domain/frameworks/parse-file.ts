// The one entry point for parsing an imported framework file, JSON or Moodle CSV: plain data in and
// out, so that it can run in a worker thread (a 5 MB file keeps a CPU busy for a second or more).
import { parseCaseJson } from "./case-import.js";
import { parseFrameworkJson } from "./json-format.js";
import { parseMoodleCsv } from "./moodle-csv.js";
import type { ImportResult } from "./problems.js";

export interface FrameworkFileInput {
  text: string;
  format: "json" | "moodle-csv" | "case";
  version?: string;
}

/** `version` names the version: Moodle's CSV has none, it overrides a JSON file's own (CASE decides). */
export function parseFrameworkFile(input: FrameworkFileInput): ImportResult {
  const options = input.version ? { version: input.version } : {};
  if (input.format === "moodle-csv") return parseMoodleCsv(input.text, options);
  if (input.format === "case") return parseCaseJson(input.text, options);
  const parsed = parseFrameworkJson(input.text);
  if (!parsed.ok || !input.version) return parsed;
  return { ok: true, framework: { ...parsed.framework, version: input.version } };
}
