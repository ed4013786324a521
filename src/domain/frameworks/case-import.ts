// A 1EdTech CASE 1.1 package (CFDocument, CFItems, CFAssociations, CFDefinitions) → a framework.
// The tree comes from isChildOf associations, cross-references from isRelatedTo; everything else the
// package says is kept for the way back. Refused whole, each problem with its line and JSON path.
import type { ZodIssue } from "zod";
import {
  CARNET_EXTENSION,
  CarnetCaseExtension,
  CasePackageInput,
  CHILD_OF,
  DEFAULT_CASE_SCALE,
  RELATED_TO,
  type CaseAssociationInput,
  type CaseItemInput,
} from "./case-model.js";
import type { CompetenceNode, FrameworkSource, JsonValue } from "./framework.js";
import { parseJsonWithPositions, type TextPosition } from "./json-positions.js";
import { sortProblems, type ImportProblem, type ImportResult, type ProblemCode } from "./problems.js";
import { badEncodingLine, slugify } from "./text.js";
import { formatPath, validateFrameworkValue, type ValuePath } from "./validate.js";

export interface CaseImportOptions {
  key?: string;
  /** Which version this is; by default CFDocument.version, else "1". */
  version?: string;
}

type Path = (string | number)[];
interface Located {
  path: Path;
  code: ProblemCode;
  params?: Record<string, string | number>;
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The package's own JSON value (parsed by us, so it is JSON) without the named properties. */
function without(value: Record<string, unknown>, names: readonly string[]): Record<string, JsonValue> {
  const kept: Record<string, JsonValue> = {};
  for (const [name, member] of Object.entries(value)) {
    if (!names.includes(name)) kept[name] = member as JsonValue; // parsed from JSON text: a JsonValue
  }
  return kept;
}

function issueProblem(issue: ZodIssue): Located {
  const path = [...issue.path];
  if (issue.code === "invalid_type" && issue.received === "undefined") return { path, code: "MISSING_FIELD" };
  if (issue.code === "invalid_type")
    return { path, code: "WRONG_TYPE", params: { expected: issue.expected, received: issue.received } };
  return { path, code: "INVALID_VALUE" };
}

interface TreeLinks {
  /** Items named as the child of an isChildOf association, valid or not. */
  claimed: Set<string>;
  parentOf: Map<string, { parent: string; index: number; association: CaseAssociationInput }>;
  relatedOf: Map<string, { target: string; association: CaseAssociationInput }[]>;
  others: Record<string, JsonValue>[];
  problems: Located[];
}

/** Reads the associations: one parent per item, both ends known; other types are kept verbatim. */
function readAssociations(
  associations: readonly CaseAssociationInput[],
  items: ReadonlyMap<string, number>,
  documentId: string,
): TreeLinks {
  const links: TreeLinks = {
    claimed: new Set(),
    parentOf: new Map(),
    relatedOf: new Map(),
    others: [],
    problems: [],
  };
  associations.forEach((association, index) => {
    const at = (end: "originNodeURI" | "destinationNodeURI"): Path => [
      "CFAssociations",
      index,
      end,
      "identifier",
    ];
    const origin = association.originNodeURI.identifier;
    const target = association.destinationNodeURI.identifier;
    if (association.associationType === CHILD_OF) {
      links.claimed.add(origin);
      if (!items.has(origin))
        links.problems.push({
          path: at("originNodeURI"),
          code: "UNKNOWN_REFERENCE",
          params: { code: origin },
        });
      else if (target !== documentId && !items.has(target))
        links.problems.push({
          path: at("destinationNodeURI"),
          code: "UNKNOWN_PARENT",
          params: { code: origin, parent: target },
        });
      else if (links.parentOf.has(origin))
        links.problems.push({
          path: ["CFAssociations", index],
          code: "MULTIPLE_PARENTS",
          params: { code: origin },
        });
      else links.parentOf.set(origin, { parent: target, index, association });
      return;
    }
    if (association.associationType === RELATED_TO && (items.has(origin) || items.has(target))) {
      // A cross-reference between the package's items; one end outside it is dangling.
      const missing = !items.has(origin)
        ? "originNodeURI"
        : !items.has(target)
          ? "destinationNodeURI"
          : undefined;
      if (missing) {
        const code = missing === "originNodeURI" ? origin : target;
        links.problems.push({ path: at(missing), code: "UNKNOWN_REFERENCE", params: { code } });
        return;
      }
      links.relatedOf.set(origin, [...(links.relatedOf.get(origin) ?? []), { target, association }]);
      return;
    }
    links.others.push(association as Record<string, JsonValue>); // parsed from JSON text
  });
  return links;
}

/** Items whose parent chain never reaches the document: a cycle, reported on each of its links. */
function cycleProblems(links: TreeLinks, documentId: string): Located[] {
  const problems: Located[] = [];
  const settled = new Set<string>();
  for (const start of links.parentOf.keys()) {
    const chain: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && current !== documentId && !settled.has(current)) {
      const seenAt = chain.indexOf(current);
      if (seenAt !== -1) {
        for (const member of chain.slice(seenAt)) {
          const link = links.parentOf.get(member);
          if (link)
            problems.push({
              path: ["CFAssociations", link.index],
              code: "PARENT_CYCLE",
              params: { code: member, parent: link.parent },
            });
        }
        break;
      }
      chain.push(current);
      current = links.parentOf.get(current)?.parent;
    }
    for (const member of chain) settled.add(member);
  }
  return problems;
}

const MAPPED_ITEM_PROPERTIES = ["fullStatement", "humanCodingScheme", "notes"] as const;
const ASSOCIATION_ENDS = ["originNodeURI", "destinationNodeURI"] as const;

function buildNodes(
  pkg: CasePackageInput,
  links: TreeLinks,
  carnet: CarnetCaseExtension,
): { roots: CompetenceNode[]; itemIndexOf: Map<object, number> } {
  const codeOf = new Map(
    pkg.CFItems.map((item) => [item.identifier, item.humanCodingScheme?.trim() || item.identifier]),
  );
  const nodes = new Map<string, CompetenceNode>();
  const itemIndexOf = new Map<object, number>();
  pkg.CFItems.forEach((item: CaseItemInput, index) => {
    const related = links.relatedOf.get(item.identifier) ?? [];
    const childOf = links.parentOf.get(item.identifier)?.association;
    const format = carnet.descriptionFormats?.[item.identifier];
    const english = carnet.english?.[item.identifier];
    const notes = item.notes !== undefined && item.notes.trim() !== "" ? item.notes : undefined;
    const node: CompetenceNode = {
      code: codeOf.get(item.identifier) ?? item.identifier,
      title: { fr: item.fullStatement, ...(english?.title !== undefined ? { en: english.title } : {}) },
      ...(notes !== undefined
        ? {
            description: {
              fr: notes,
              ...(english?.description !== undefined ? { en: english.description } : {}),
            },
          }
        : {}),
      ...(format ? { descriptionFormat: format } : {}),
      ...(related.length > 0 ? { related: related.map(({ target }) => codeOf.get(target) ?? target) } : {}),
      case: {
        item: without(item, MAPPED_ITEM_PROPERTIES),
        ...(childOf ? { childOf: without(childOf, [...ASSOCIATION_ENDS, "associationType"]) } : {}),
        ...(related.length > 0
          ? {
              related: related.map(({ association }) =>
                without(association, [...ASSOCIATION_ENDS, "associationType"]),
              ),
            }
          : {}),
      },
      children: [],
    };
    nodes.set(item.identifier, node);
    itemIndexOf.set(node, index);
  });
  // Children in sequenceNumber order, then in the package's order.
  const ordered = [...links.parentOf.entries()].sort(
    ([, a], [, b]) =>
      (a.association.sequenceNumber ?? Number.MAX_SAFE_INTEGER) -
        (b.association.sequenceNumber ?? Number.MAX_SAFE_INTEGER) || a.index - b.index,
  );
  const roots: CompetenceNode[] = [];
  for (const [child, { parent }] of ordered) {
    const node = nodes.get(child);
    if (!node) continue;
    if (nodes.has(parent)) nodes.get(parent)?.children.push(node);
    else roots.push(node);
  }
  return { roots, itemIndexOf };
}

/** Where a problem of the built framework sits in the package: a JSON path. */
function sourcePath(
  path: ValuePath,
  definition: Record<string, unknown>,
  itemIndexOf: Map<object, number>,
): Path {
  const [head] = path;
  if (head !== "competences") {
    const fields: Record<string, Path> = {
      title: ["CFDocument", "title"],
      description: ["CFDocument", "description"],
      version: ["CFDocument", "version"],
      key: ["CFDocument", "extensions", CARNET_EXTENSION, "key"],
    };
    const mapped = typeof head === "string" ? fields[head] : undefined;
    return mapped ?? ["CFDocument", "extensions", CARNET_EXTENSION, ...path];
  }
  let current: unknown = definition;
  let item: number | undefined;
  let rest: ValuePath = [];
  for (const [index, segment] of path.entries()) {
    current =
      Array.isArray(current) && typeof segment === "number"
        ? current[segment]
        : isObject(current)
          ? current[String(segment)]
          : undefined;
    const found = typeof current === "object" && current !== null ? itemIndexOf.get(current) : undefined;
    if (found !== undefined) {
      item = found;
      rest = path.slice(index + 1);
    }
  }
  const field: Record<string, string> = {
    title: "fullStatement",
    code: "humanCodingScheme",
    description: "notes",
  };
  const [first] = rest;
  const property = typeof first === "string" ? (field[first] ?? first) : undefined;
  return item === undefined ? ["CFItems"] : ["CFItems", item, ...(property ? [property] : [])];
}

/** CFDocument's properties Carnet has no field for; Carnet's own extension is rebuilt on export. */
function documentData(document: Record<string, unknown>): Record<string, JsonValue> {
  // CFPackageURI belongs to a standalone CFDocument, not to one inside its package.
  const kept = without(document, ["title", "description", "version", "CFPackageURI"]);
  const extensions = kept["extensions"];
  if (isObject(extensions)) {
    const { [CARNET_EXTENSION]: _carnet, ...others } = extensions;
    if (Object.keys(others).length > 0) kept["extensions"] = others;
    else delete kept["extensions"];
  }
  return kept;
}

/** Where each JSON path of the file starts: problems are reported with the line. */
interface Source {
  value: unknown;
  lineOf(path: ValuePath): number | undefined;
}

function readSource(text: string): Source | ImportProblem {
  const encodingLine = badEncodingLine(text);
  if (encodingLine !== undefined) return { line: encodingLine, code: "BAD_ENCODING" };
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) {
    const params = {
      character: parsed.position.character,
      ...(parsed.found !== undefined ? { found: parsed.found } : {}),
    };
    return { line: parsed.position.line, code: parsed.code, params };
  }
  return {
    value: parsed.value,
    lineOf: (path) => {
      for (let length = path.length; length >= 0; length -= 1) {
        const position: TextPosition | undefined = parsed.positionOf(path.slice(0, length));
        if (position) return position.line;
      }
      return undefined;
    },
  };
}

/** The package's shape and Carnet's extension, or what is wrong with them. */
function readPackage(value: unknown): { pkg: CasePackageInput; carnet: CarnetCaseExtension } | Located[] {
  const shape = CasePackageInput.safeParse(value);
  if (!shape.success) return shape.error.issues.map(issueProblem);
  const extension = CarnetCaseExtension.safeParse(shape.data.CFDocument.extensions?.[CARNET_EXTENSION] ?? {});
  if (!extension.success)
    return extension.error.issues.map((issue) => ({
      ...issueProblem(issue),
      path: ["CFDocument", "extensions", CARNET_EXTENSION, ...issue.path],
    }));
  return { pkg: shape.data, carnet: extension.data };
}

/** Identifiers, parents and cross-references: every item under the document, once. */
function readStructure(pkg: CasePackageInput): { links: TreeLinks; problems: Located[] } {
  const problems: Located[] = [];
  const items = new Map<string, number>();
  pkg.CFItems.forEach((item, index) => {
    if (items.has(item.identifier))
      problems.push({
        path: ["CFItems", index, "identifier"],
        code: "DUPLICATE_IDENTIFIER",
        params: { code: item.identifier },
      });
    else items.set(item.identifier, index);
  });
  const documentId = pkg.CFDocument.identifier;
  const links = readAssociations(pkg.CFAssociations, items, documentId);
  problems.push(...links.problems, ...cycleProblems(links, documentId));
  pkg.CFItems.forEach((item, index) => {
    // An item whose isChildOf was refused is already reported; this is one that has none.
    if (!links.claimed.has(item.identifier) && items.get(item.identifier) === index)
      problems.push({ path: ["CFItems", index], code: "ORPHAN_ITEM", params: { code: item.identifier } });
  });
  return { links, problems };
}

function defaultSource(document: CasePackageInput["CFDocument"]): FrameworkSource {
  const publisher = typeof document["publisher"] === "string" ? ` — ${document["publisher"]}` : "";
  const url = document["officialSourceURL"];
  return {
    citation: `${document.title}${publisher} (CASE ${document.identifier})`,
    ...(typeof url === "string" && /^https?:\/\//.test(url) ? { url } : {}),
    note:
      "Importé d'un paquet 1EdTech CASE 1.1 : énoncés tels que dans le paquet ; les propriétés CASE sans " +
      "équivalent sont conservées pour l'export.",
  };
}

function localized(fr: string, en: string | undefined): { fr: string; en?: string } {
  return { fr, ...(en !== undefined ? { en } : {}) };
}

function buildDefinition(
  pkg: CasePackageInput,
  carnet: CarnetCaseExtension,
  links: TreeLinks,
  options: CaseImportOptions,
): { definition: Record<string, unknown>; itemIndexOf: Map<object, number> } {
  const { roots, itemIndexOf } = buildNodes(pkg, links, carnet);
  const english = carnet.english?.[""];
  const document = pkg.CFDocument;
  const description = document.description?.trim() ? document.description : undefined;
  const definition: Record<string, unknown> = {
    key: options.key ?? carnet.key ?? (slugify(document.title).slice(0, 64).replace(/-+$/, "") || "case"),
    version: options.version ?? document.version ?? "1",
    idNumber: carnet.idNumber ?? document.identifier,
    title: localized(document.title, english?.title),
    ...(description !== undefined ? { description: localized(description, english?.description) } : {}),
    ...(carnet.descriptionFormats?.[""] ? { descriptionFormat: carnet.descriptionFormats[""] } : {}),
    source: carnet.source ?? defaultSource(document),
    scale: carnet.scale ?? DEFAULT_CASE_SCALE,
    ...(carnet.selfAssessment ? { selfAssessment: carnet.selfAssessment } : {}),
    ...(carnet.taxonomies ? { taxonomies: carnet.taxonomies } : {}),
    case: {
      document: documentData(document),
      ...(pkg.CFDefinitions ? { definitions: pkg.CFDefinitions as Record<string, JsonValue> } : {}),
      ...(pkg.CFRubrics ? { rubrics: pkg.CFRubrics as JsonValue[] } : {}),
      ...(links.others.length > 0 ? { associations: links.others } : {}),
      ...(pkg.extensions ? { extensions: pkg.extensions as Record<string, JsonValue> } : {}),
    },
    competences: roots,
    situationFamilies: carnet.situationFamilies ?? [],
  };
  return { definition, itemIndexOf };
}

export function parseCaseJson(text: string, options: CaseImportOptions = {}): ImportResult {
  const source = readSource(text);
  if (!("value" in source)) return { ok: false, problems: [source] };
  const place = (problem: Located): ImportProblem => {
    const line = source.lineOf(problem.path);
    return {
      ...(line !== undefined ? { line } : {}),
      column: formatPath(problem.path),
      code: problem.code,
      ...(problem.params ? { params: problem.params } : {}),
    };
  };
  const refuse = (located: Located[]): ImportResult => ({
    ok: false,
    problems: sortProblems(located.map(place)),
  });

  const read = readPackage(source.value);
  if (Array.isArray(read)) return refuse(read);
  const { links, problems } = readStructure(read.pkg);
  if (problems.length > 0) return refuse(problems);
  const { definition, itemIndexOf } = buildDefinition(read.pkg, read.carnet, links, options);
  const validated = validateFrameworkValue(definition);
  if (validated.ok) return { ok: true, framework: validated.framework };
  return refuse(
    validated.problems.map((problem) => {
      const firstLine = problem.relatedPath
        ? source.lineOf(sourcePath(problem.relatedPath, definition, itemIndexOf))
        : undefined;
      const params = { ...problem.params, ...(firstLine !== undefined ? { firstLine } : {}) };
      return {
        path: sourcePath(problem.path, definition, itemIndexOf),
        code: problem.code,
        ...(Object.keys(params).length > 0 ? { params } : {}),
      };
    }),
  );
}
