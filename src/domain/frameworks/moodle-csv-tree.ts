// From Moodle CSV rows to a competence tree: parents by id number (rows in any order), cycles and
// unknown parents reported, rule references resolved from exported ids to codes; and the way back
// from a problem found on the built framework to the row and column it comes from.
import type { CompetenceNode, CompetenceRule } from "./framework.js";
import { COL, columnName, isRecord, type ColumnIndex, type Report } from "./moodle-csv-columns.js";
import type { CompetencyRow, RawRule } from "./moodle-csv-rows.js";
import type { ImportProblem, ProblemCode } from "./problems.js";
import { formatPath, type PathProblem, type ValuePath } from "./validate.js";

type TreeState = "rooted" | "broken";

/** Rows whose parent chain reaches the framework ("rooted"), or not (unknown parent, cycle). */
function rootedness(rows: readonly CompetencyRow[], at: Report): Map<CompetencyRow, TreeState> {
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const state = new Map<CompetencyRow, TreeState>();
  for (const row of rows) {
    if (row.parent !== "" && !byCode.has(row.parent)) {
      at(row.line, "UNKNOWN_PARENT", COL.parent, { code: row.code, parent: row.parent });
      state.set(row, "broken");
    }
  }
  for (const row of rows) {
    const chain: CompetencyRow[] = [];
    let current: CompetencyRow | undefined = row;
    let outcome: TreeState = "rooted";
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
  return state;
}

/** Exported id → code. Moodle keeps the last row of a repeated id; Carnet refuses the file. */
function exportIds(rows: readonly CompetencyRow[], at: Report): Map<string, string> {
  const codes = new Map<string, string>();
  const lines = new Map<string, number>();
  for (const row of rows) {
    if (row.exportId === "") continue;
    const firstLine = lines.get(row.exportId);
    if (firstLine !== undefined) {
      at(row.line, "DUPLICATE_EXPORT_ID", COL.exportId, { id: row.exportId, firstLine });
      continue;
    }
    lines.set(row.exportId, row.line);
    codes.set(row.exportId, row.code);
  }
  return codes;
}

function resolveRule(
  rule: RawRule,
  row: CompetencyRow,
  codeOf: ReadonlyMap<string, string>,
  at: Report,
): CompetenceRule {
  if (!rule.points)
    return { type: rule.type, outcome: rule.outcome, ...(rule.config ? { config: rule.config } : {}) };
  const competences = rule.points.entries.map((entry) => {
    const code = codeOf.get(entry.exportId);
    // Moodle's importer stops with an error on a rule naming a competency the file does not have.
    if (code === undefined) at(row.line, "UNKNOWN_RULE_COMPETENCY", COL.ruleConfig, { id: entry.exportId });
    return { code: code ?? entry.exportId, points: entry.points, required: entry.required };
  });
  return { type: rule.type, outcome: rule.outcome, points: { required: rule.points.required, competences } };
}

export interface BuiltTree {
  roots: CompetenceNode[];
  /** The CSV line of each node object, to place problems found on the built framework. */
  nodeLines: Map<object, number>;
}

/**
 * Links rows to their parents (rows may come in any order, as in Moodle exports ordered by id).
 * Only rows that reach the framework are kept; children keep the file's order.
 */
export function buildTree(
  rows: readonly CompetencyRow[],
  ownScaleOf: (row: CompetencyRow) => CompetenceNode["ownScale"],
  at: Report,
): BuiltTree {
  const state = rootedness(rows, at);
  const codeOf = exportIds(rows, at);
  const nodes = new Map<string, CompetenceNode>();
  const nodeLines = new Map<object, number>();
  for (const row of rows) {
    if (state.get(row) !== "rooted") continue;
    const ownScale = ownScaleOf(row);
    const node: CompetenceNode = {
      code: row.code,
      title: { fr: row.title },
      ...(row.description.text !== undefined ? { description: { fr: row.description.text } } : {}),
      ...(row.description.format ? { descriptionFormat: row.description.format } : {}),
      ...(row.related.length > 0 ? { related: row.related } : {}),
      ...(row.rule ? { rule: resolveRule(row.rule, row, codeOf, at) } : {}),
      ...(ownScale ? { ownScale } : {}),
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

// ---------------------------------------------------------------------------------------------
// Placing problems found on the built framework

/** The value one step down a path, without assuming the shape. */
function childAt(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value) && typeof segment === "number") return value[segment];
  if (isRecord(value) && typeof segment === "string") return value[segment];
  return undefined;
}

const NODE_COLUMNS: Record<string, ColumnIndex> = {
  code: COL.idNumber,
  title: COL.shortname,
  description: COL.description,
  descriptionFormat: COL.descriptionFormat,
  related: COL.related,
  rule: COL.ruleConfig,
  ownScale: COL.scaleConfiguration,
};

const SCALE_CONFIGURATION_CODES: readonly ProblemCode[] = [
  "SCALE_NO_PROFICIENT",
  "SCALE_PROFICIENT_NOT_AT_TOP",
  "UNKNOWN_LEVEL",
];

export interface Placement {
  definition: Record<string, unknown>;
  nodeLines: Map<object, number>;
  frameworkLine: number;
}

/** Which row and column a problem on the built definition belongs to. */
function locate(
  path: ValuePath,
  code: ProblemCode,
  place: Placement,
): { line: number | undefined; column: string | undefined } {
  const [head] = path;
  // version and source come from the options, not from the file.
  if (head === "version" || head === "source") return { line: undefined, column: formatPath(path) };
  if (head === "competences") {
    let current: unknown = place.definition;
    let line: number | undefined;
    let fieldOfNode: string | number | undefined;
    let subField: string | number | undefined;
    for (const segment of path) {
      current = childAt(current, segment);
      const nodeLine = isRecord(current) ? place.nodeLines.get(current) : undefined;
      if (nodeLine !== undefined) {
        line = nodeLine;
        fieldOfNode = undefined;
        subField = undefined;
      } else if (fieldOfNode === undefined) {
        fieldOfNode = segment;
      } else if (subField === undefined) {
        subField = segment;
      }
    }
    const column =
      fieldOfNode === "rule" && subField === "type"
        ? COL.ruleType
        : typeof fieldOfNode === "string"
          ? NODE_COLUMNS[fieldOfNode]
          : undefined;
    return {
      line: line ?? place.frameworkLine,
      column: column !== undefined ? columnName(column) : undefined,
    };
  }
  const frameworkColumns: Record<string, ColumnIndex> = {
    key: COL.idNumber,
    idNumber: COL.idNumber,
    title: COL.shortname,
    description: COL.description,
    descriptionFormat: COL.descriptionFormat,
    taxonomies: COL.taxonomy,
    scale: SCALE_CONFIGURATION_CODES.includes(code) ? COL.scaleConfiguration : COL.scaleValues,
  };
  const column = typeof head === "string" ? frameworkColumns[head] : undefined;
  return { line: place.frameworkLine, column: column !== undefined ? columnName(column) : undefined };
}

export function placeProblem(problem: PathProblem, place: Placement): ImportProblem {
  const { line, column } = locate(problem.path, problem.code, place);
  const params: Record<string, string | number> = { ...problem.params };
  const firstLine = problem.relatedPath ? locate(problem.relatedPath, problem.code, place).line : undefined;
  if (firstLine !== undefined) params["firstLine"] = firstLine;
  return {
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    code: problem.code,
    ...(Object.keys(params).length > 0 ? { params } : {}),
  };
}
