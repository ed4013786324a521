// Carnet's own framework file format (JSON, described by data/frameworks/framework.schema.json).
import type { FrameworkDefinition } from "./framework.js";
import { parseJsonWithPositions, type TextPosition } from "./json-positions.js";
import { sortProblems, type ImportProblem, type ImportResult } from "./problems.js";
import { badEncodingLine } from "./text.js";
import { formatPath, validateFrameworkValue, type ValuePath } from "./validate.js";

/**
 * Parses and validates a framework file. Unknown fields are refused (a misspelt field would
 * otherwise be lost without a word); every problem is listed with its line; nothing is returned
 * unless the whole file is valid.
 */
export function parseFrameworkJson(text: string): ImportResult {
  const encodingLine = badEncodingLine(text);
  if (encodingLine !== undefined)
    return { ok: false, problems: [{ line: encodingLine, code: "BAD_ENCODING" }] };
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) {
    return {
      ok: false,
      problems: [
        {
          line: parsed.position.line,
          code: parsed.code,
          params: {
            character: parsed.position.character,
            ...(parsed.found !== undefined ? { found: parsed.found } : {}),
          },
        },
      ],
    };
  }

  // The nearest recorded position: a missing field is reported on its parent object's line.
  const lineOf = (path: ValuePath): number | undefined => {
    for (let length = path.length; length >= 0; length -= 1) {
      const position: TextPosition | undefined = parsed.positionOf(path.slice(0, length));
      if (position) return position.line;
    }
    return undefined;
  };

  const problems: ImportProblem[] = parsed.duplicateKeys.map((duplicate) => ({
    line: duplicate.position.line,
    column: formatPath(duplicate.path),
    code: "JSON_DUPLICATE_KEY",
    params: { key: duplicate.key, firstLine: duplicate.firstPosition.line },
  }));

  const validated = validateFrameworkValue(parsed.value);
  if (validated.ok && problems.length === 0) return { ok: true, framework: validated.framework };
  if (!validated.ok) {
    for (const problem of validated.problems) {
      const params = { ...problem.params };
      const firstLine = problem.relatedPath ? lineOf(problem.relatedPath) : undefined;
      if (firstLine !== undefined) params["firstLine"] = firstLine;
      const line = lineOf(problem.path);
      const column = formatPath(problem.path);
      problems.push({
        ...(line !== undefined ? { line } : {}),
        ...(column !== "" ? { column } : {}),
        code: problem.code,
        ...(Object.keys(params).length > 0 ? { params } : {}),
      });
    }
  }
  return { ok: false, problems: sortProblems(problems) };
}

/** Our JSON format for a framework, with a `$schema` pointer for editors when given. */
export function serializeFrameworkJson(
  def: FrameworkDefinition,
  options: { schemaUrl?: string } = {},
): string {
  const document = options.schemaUrl === undefined ? def : { $schema: options.schemaUrl, ...def };
  return `${JSON.stringify(document, null, 2)}\n`;
}
