// Validation of a framework value, independent of its file format: structure (zod) and meaning
// (unique codes, a usable scale). Problems carry a path; each format turns paths into lines.
import type { ZodIssue } from "zod";
import { FrameworkDefinitionSchema, type FrameworkDefinition } from "./framework.js";
import { isProblemCode, type ProblemCode } from "./problems.js";

export type ValuePath = readonly (string | number)[];

export interface PathProblem {
  path: ValuePath;
  code: ProblemCode;
  params?: Record<string, string | number>;
  /** Another place the problem involves (the first occurrence of a duplicate). */
  relatedPath?: ValuePath;
}

export type ValidationResult =
  { ok: true; framework: FrameworkDefinition } | { ok: false; problems: PathProblem[] };

/** `competences[0].children[2].title.fr` */
export function formatPath(path: ValuePath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

export function validateFrameworkValue(value: unknown): ValidationResult {
  const parsed = FrameworkDefinitionSchema.safeParse(value);
  // Meaning is checked on the raw value too, so a file with a type error and a duplicate code
  // gets both reported at once.
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap(issueToProblems)),
    ...semanticProblems(value),
  ];
  if (parsed.success && problems.length === 0) return { ok: true, framework: parsed.data };
  return { ok: false, problems };
}

function issueToProblems(issue: ZodIssue): PathProblem[] {
  const path = issue.path;
  const ownCode = isProblemCode(issue.message) ? issue.message : undefined;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: [...path, key], code: "UNKNOWN_FIELD" }));
    case "invalid_type":
      if (issue.received === "undefined") return [{ path, code: "MISSING_FIELD" }];
      return [{ path, code: "WRONG_TYPE", params: { expected: issue.expected, received: issue.received } }];
    case "too_small":
      // "Empty" needs no number; other minimums (levels, items) say how many are needed.
      if (ownCode === "EMPTY_TEXT") return [{ path, code: ownCode }];
      return [{ path, code: ownCode ?? "INVALID_VALUE", params: { min: Number(issue.minimum) } }];
    case "too_big":
      return [{ path, code: ownCode ?? "INVALID_VALUE", params: { max: Number(issue.maximum) } }];
    default:
      return [{ path, code: ownCode ?? "INVALID_VALUE" }];
  }
}

// ---------------------------------------------------------------------------------------------
// Meaning, checked on whatever shape the value has (no assumption that the structure is valid).

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringAt(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === "string" ? field.trim() : undefined;
}

/** Codes are compared without case: "D1" and "d1" in one framework would confuse people. */
function codeKey(code: string): string {
  return code.trim().toLowerCase();
}

export function semanticProblems(value: unknown): PathProblem[] {
  if (!isRecord(value)) return [];
  return [
    ...duplicateCodes(value),
    ...scaleProblems(value["scale"]),
    ...selfAssessmentProblems(value["selfAssessment"]),
    ...duplicatesIn(value["situationFamilies"], ["situationFamilies"], "DUPLICATE_SITUATION_CODE"),
    ...referenceProblems(value),
  ];
}

/** Every node of the raw tree with its path, whatever its shape. */
function* rawNodes(nodes: unknown, path: ValuePath): Generator<{ node: unknown; path: ValuePath }> {
  if (!Array.isArray(nodes)) return;
  for (const [index, node] of nodes.entries()) {
    const nodePath = [...path, index];
    yield { node, path: nodePath };
    if (isRecord(node)) yield* rawNodes(node["children"], [...nodePath, "children"]);
  }
}

function levelCodesOf(scale: unknown): Set<string> {
  const levels = isRecord(scale) && Array.isArray(scale["levels"]) ? scale["levels"] : [];
  return new Set(
    levels.map((level: unknown) => stringAt(level, "code")).filter((code) => code !== undefined),
  );
}

const POINTS_RULE = /(?:^|\\)competency_rule_points$/;

/**
 * Cross-references, rule references and default levels must name something of this framework:
 * Moodle would drop a dangling cross-reference silently and fail on a dangling rule reference.
 */
function referenceProblems(value: Record<string, unknown>): PathProblem[] {
  const nodes = [...rawNodes(value["competences"], ["competences"])];
  const codes = new Set(nodes.map(({ node }) => stringAt(node, "code")).filter((code) => code !== undefined));
  const levels = levelCodesOf(value["scale"]);
  const problems: PathProblem[] = [];
  const checkLevel = (holder: unknown, path: ValuePath): void => {
    const level = stringAt(holder, "defaultLevel");
    if (level !== undefined && levels.size > 0 && !levels.has(level))
      problems.push({ path: [...path, "defaultLevel"], code: "UNKNOWN_LEVEL", params: { level } });
  };
  const checkReference = (target: unknown, self: string | undefined, path: ValuePath): void => {
    if (typeof target !== "string") return;
    if (target === self) problems.push({ path, code: "SELF_REFERENCE", params: { code: target } });
    else if (!codes.has(target)) problems.push({ path, code: "UNKNOWN_REFERENCE", params: { code: target } });
  };
  checkLevel(value["scale"], ["scale"]);
  for (const { node, path } of nodes) {
    if (!isRecord(node)) continue;
    const self = stringAt(node, "code");
    const related = node["related"];
    if (Array.isArray(related)) {
      related.forEach((target: unknown, index) => checkReference(target, self, [...path, "related", index]));
    }
    if (isRecord(node["ownScale"])) checkLevel(node["ownScale"], [...path, "ownScale"]);
    problems.push(
      ...ruleProblems(node["rule"], [...path, "rule"], (target, at) => checkReference(target, self, at)),
    );
  }
  return problems;
}

function ruleProblems(
  rule: unknown,
  path: ValuePath,
  checkReference: (target: unknown, path: ValuePath) => void,
): PathProblem[] {
  if (!isRecord(rule)) return [];
  const type = stringAt(rule, "type") ?? "";
  const points = rule["points"];
  if (POINTS_RULE.test(type) && !isRecord(points))
    return [{ path: [...path, "points"], code: "MISSING_FIELD" }];
  if (!isRecord(points) || !Array.isArray(points["competences"])) return [];
  let total = 0;
  points["competences"].forEach((entry: unknown, index) => {
    if (!isRecord(entry)) return;
    checkReference(entry["code"], [...path, "points", "competences", index, "code"]);
    if (typeof entry["points"] === "number") total += entry["points"];
  });
  const required = points["required"];
  return typeof required === "number" && required > total
    ? [
        {
          path: [...path, "points", "required"],
          code: "RULE_POINTS_UNREACHABLE",
          params: { required, total },
        },
      ]
    : [];
}

function selfAssessmentProblems(scale: unknown): PathProblem[] {
  if (!isRecord(scale) || !Array.isArray(scale["levels"])) return [];
  const path = ["selfAssessment", "levels"];
  return [
    ...duplicatesIn(scale["levels"], path, "DUPLICATE_LEVEL_CODE"),
    ...duplicateLabels(scale["levels"], path),
  ];
}

function duplicateCodes(value: Record<string, unknown>): PathProblem[] {
  const problems: PathProblem[] = [];
  const first = new Map<string, ValuePath>();
  const visit = (nodes: unknown, path: ValuePath): void => {
    if (!Array.isArray(nodes)) return;
    nodes.forEach((node: unknown, index) => {
      const nodePath = [...path, index];
      const code = stringAt(node, "code");
      if (code !== undefined && code !== "") {
        const previous = first.get(codeKey(code));
        if (previous) {
          problems.push({
            path: [...nodePath, "code"],
            code: "DUPLICATE_CODE",
            params: { code },
            relatedPath: previous,
          });
        } else {
          first.set(codeKey(code), [...nodePath, "code"]);
        }
      }
      if (isRecord(node)) visit(node["children"], [...nodePath, "children"]);
    });
  };
  visit(value["competences"], ["competences"]);
  return problems;
}

function duplicatesIn(items: unknown, path: ValuePath, code: ProblemCode): PathProblem[] {
  if (!Array.isArray(items)) return [];
  const problems: PathProblem[] = [];
  const first = new Map<string, ValuePath>();
  items.forEach((item: unknown, index) => {
    const value = stringAt(item, "code");
    if (value === undefined || value === "") return;
    const previous = first.get(codeKey(value));
    if (previous)
      problems.push({ path: [...path, index, "code"], code, params: { code: value }, relatedPath: previous });
    else first.set(codeKey(value), [...path, index, "code"]);
  });
  return problems;
}

function duplicateLabels(levels: readonly unknown[], levelsPath: ValuePath): PathProblem[] {
  const problems: PathProblem[] = [];
  const labels = new Map<string, ValuePath>();
  levels.forEach((level, index) => {
    const label = isRecord(level) ? stringAt(level["label"], "fr") : undefined;
    if (label === undefined || label === "") return;
    const path = [...levelsPath, index, "label", "fr"];
    const previous = labels.get(label.toLowerCase());
    if (previous)
      problems.push({ path, code: "DUPLICATE_LEVEL_LABEL", params: { label }, relatedPath: previous });
    else labels.set(label.toLowerCase(), path);
  });
  return problems;
}

function scaleProblems(scale: unknown): PathProblem[] {
  if (!isRecord(scale) || !Array.isArray(scale["levels"])) return [];
  const levels: unknown[] = scale["levels"];
  const levelsPath = ["scale", "levels"];
  const problems = [
    ...duplicatesIn(levels, levelsPath, "DUPLICATE_LEVEL_CODE"),
    ...duplicateLabels(levels, levelsPath),
  ];
  levels.forEach((level, index) => {
    const label = isRecord(level) ? stringAt(level["label"], "fr") : undefined;
    // Moodle stores a scale as comma-separated values: a comma would split the level in two.
    if (label?.includes(","))
      problems.push({
        path: [...levelsPath, index, "label", "fr"],
        code: "LEVEL_LABEL_HAS_COMMA",
        params: { label },
      });
  });
  const proficient = levels.map((level) => isRecord(level) && level["proficient"] === true);
  const allBooleans = levels.every((level) => isRecord(level) && typeof level["proficient"] === "boolean");
  if (levels.length > 0 && allBooleans) {
    const firstProficient = proficient.indexOf(true);
    if (firstProficient === -1) {
      problems.push({ path: levelsPath, code: "SCALE_NO_PROFICIENT" });
    } else if (proficient.slice(firstProficient).includes(false)) {
      // Levels are ordered: once a level is proficient, every higher one must be too.
      problems.push({ path: levelsPath, code: "SCALE_PROFICIENT_NOT_AT_TOP" });
    }
  }
  return problems;
}
