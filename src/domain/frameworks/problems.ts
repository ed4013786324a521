// Import problems: stable UPPER_SNAKE codes with params, rendered through `frameworks:problems.<CODE>`.
import type { FrameworkDefinition } from "./framework.js";

/** Every problem an import can report; each has a message in fr and en `frameworks.json`. */
export const PROBLEM_CODES = [
  // JSON syntax
  "JSON_UNEXPECTED_END",
  "JSON_UNEXPECTED_CHARACTER",
  "JSON_DUPLICATE_KEY",
  "JSON_TOO_DEEP",
  // Structure (our JSON format)
  "MISSING_FIELD",
  "WRONG_TYPE",
  "UNKNOWN_FIELD",
  "EMPTY_TEXT",
  "TEXT_TOO_LONG",
  "INVALID_CODE",
  "CODE_TOO_LONG",
  "INVALID_KEY",
  "INVALID_URL",
  "INVALID_VALUE",
  "NO_COMPETENCES",
  // Meaning (both formats)
  "DUPLICATE_CODE",
  "DUPLICATE_LEVEL_CODE",
  "DUPLICATE_LEVEL_LABEL",
  "DUPLICATE_SITUATION_CODE",
  "SCALE_TOO_FEW_LEVELS",
  "SCALE_NO_PROFICIENT",
  "SCALE_PROFICIENT_NOT_AT_TOP",
  "LEVEL_LABEL_HAS_COMMA",
  "UNKNOWN_LEVEL",
  "UNKNOWN_REFERENCE",
  "SELF_REFERENCE",
  "INVALID_RULE_TYPE",
  "RULE_POINTS_UNREACHABLE",
  // Moodle CSV
  "EMPTY_FILE",
  "MISSING_HEADER",
  "WRONG_HEADER",
  "WRONG_HEADER_COLUMN",
  "UNBALANCED_QUOTES",
  "WRONG_COLUMN_COUNT",
  "MISSING_FRAMEWORK_ROW",
  "MULTIPLE_FRAMEWORK_ROWS",
  "EMPTY_ID_NUMBER",
  "EMPTY_SHORTNAME",
  "UNKNOWN_PARENT",
  "PARENT_CYCLE",
  "MISSING_SCALE_VALUES",
  "EMPTY_LEVEL_LABEL",
  "INVALID_SCALE_CONFIGURATION",
  "SCALE_CONFIGURATION_UNKNOWN_LEVEL",
  "SCALE_CONFIGURATION_NO_DEFAULT",
  "INVALID_DESCRIPTION_FORMAT",
  "COMPETENCY_SCALE_UNSUPPORTED",
  "INVALID_TAXONOMY",
  "RULE_WITHOUT_TYPE",
  "INVALID_RULE_OUTCOME",
  "INVALID_RULE_CONFIG",
  "UNKNOWN_RULE_COMPETENCY",
  "DUPLICATE_EXPORT_ID",
  // 1EdTech CASE and encodings
  "BAD_ENCODING",
  "DUPLICATE_IDENTIFIER",
  "MULTIPLE_PARENTS",
  "ORPHAN_ITEM",
  // Catalog: a published version is never changed
  "VERSION_EXISTS",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export function isProblemCode(value: string): value is ProblemCode {
  return (PROBLEM_CODES as readonly string[]).includes(value);
}

export interface ImportProblem {
  /** 1-based line of the source: the line of the JSON member, or where the CSV record starts. */
  line?: number;
  /** JSON field path (`competences[0].title.fr`) or Moodle CSV column name. */
  column?: string;
  code: ProblemCode;
  params?: Record<string, string | number>;
}

/** An import is all or nothing: either a whole valid framework, or every problem found. */
export type ImportResult =
  { ok: true; framework: FrameworkDefinition } | { ok: false; problems: ImportProblem[] };

export const FRAMEWORKS_NAMESPACE = "frameworks";

/**
 * The i18next key and values for one problem. Wrap the message with `frameworks:problemAtLine`
 * when `line` is set: messages themselves never repeat the line.
 */
export function problemI18n(problem: ImportProblem): {
  key: string;
  params: Record<string, string | number>;
} {
  const params: Record<string, string | number> = { ...problem.params };
  if (problem.line !== undefined) params["line"] = problem.line;
  if (problem.column !== undefined) params["column"] = problem.column;
  return { key: `${FRAMEWORKS_NAMESPACE}:problems.${problem.code}`, params };
}

/** Reading order: by line, problems without a line last; stable otherwise. */
export function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const id = JSON.stringify([problem.line, problem.column, problem.code, problem.params]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return unique
    .map((problem, order) => ({ problem, order }))
    .sort(
      (a, b) =>
        (a.problem.line ?? Number.MAX_SAFE_INTEGER) - (b.problem.line ?? Number.MAX_SAFE_INTEGER) ||
        a.order - b.order,
    )
    .map(({ problem }) => problem);
}
