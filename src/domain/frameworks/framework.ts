// The competence-framework model (zod schemas + inferred types) and pure helpers over the tree.
import { z } from "zod";

/** Problem codes used as zod messages, so issues map to `frameworks:problems.<CODE>` without prose. */
const EMPTY_TEXT = "EMPTY_TEXT";
const TEXT_TOO_LONG = "TEXT_TOO_LONG";

/** Longest Moodle id number (Moodle's importer shortens id numbers to 100 characters). */
export const MAX_CODE_LENGTH = 100;
export const MAX_TEXT_LENGTH = 5000;

// A code is stable and unique in its framework: no surrounding spaces, no control characters.
// Spaces and punctuation inside are allowed because Moodle id numbers allow them.
const CODE_PATTERN = /^[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u;
// The framework key is a slug: it names the framework across its versions (URLs, exports, files).
export const FRAMEWORK_KEY_PATTERN = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

export const TextSchema = z
  .string()
  .trim()
  .min(1, { message: EMPTY_TEXT })
  .max(MAX_TEXT_LENGTH, { message: TEXT_TOO_LONG });

export const CodeSchema = z
  .string()
  .max(MAX_CODE_LENGTH, { message: "CODE_TOO_LONG" })
  .regex(CODE_PATTERN, { message: "INVALID_CODE" });

export const LocalizedTextSchema = z
  .object({
    fr: TextSchema,
    en: TextSchema.optional(),
  })
  .strict();
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const ProficiencyLevelSchema = z
  .object({
    code: CodeSchema,
    label: LocalizedTextSchema,
    /** Reaching this level means the competence is acquired ("validé", "compétent"). */
    proficient: z.boolean(),
  })
  .strict();
export type ProficiencyLevel = z.infer<typeof ProficiencyLevelSchema>;

/** Levels are ordered from the lowest to the highest. */
export const ProficiencyScaleSchema = z
  .object({
    levels: z.array(ProficiencyLevelSchema).min(2, { message: "SCALE_TOO_FEW_LEVELS" }),
  })
  .strict();
export type ProficiencyScale = z.infer<typeof ProficiencyScaleSchema>;

/**
 * A node of the competence tree. Roots are domains; a node without children is an assessable
 * competence (a "leaf"). Only leaves are requested and validated in Carnet.
 */
export interface CompetenceNode {
  code: string;
  title: LocalizedText;
  description?: LocalizedText | undefined;
  children: CompetenceNode[];
}
/** What a file may contain: `children` may be left out on leaves. */
export interface CompetenceNodeInput {
  code: string;
  title: LocalizedText;
  description?: LocalizedText | undefined;
  children?: CompetenceNodeInput[] | undefined;
}

export const CompetenceNodeSchema: z.ZodType<CompetenceNode, z.ZodTypeDef, CompetenceNodeInput> = z.lazy(() =>
  z
    .object({
      code: CodeSchema,
      title: LocalizedTextSchema,
      description: LocalizedTextSchema.optional(),
      children: z.array(CompetenceNodeSchema).default([]),
    })
    .strict(),
);

export const SituationFamilySchema = z
  .object({
    code: CodeSchema,
    title: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
  })
  .strict();
export type SituationFamily = z.infer<typeof SituationFamilySchema>;

export const FrameworkSourceSchema = z
  .object({
    /** Bibliographic reference of the text the wording comes from. */
    citation: TextSchema,
    url: z
      .string()
      .url({ message: "INVALID_URL" })
      .regex(/^https?:\/\//, { message: "INVALID_URL" })
      .optional(),
    /** How faithful the wording is to the source, and what was left out. */
    note: TextSchema,
  })
  .strict();
export type FrameworkSource = z.infer<typeof FrameworkSourceSchema>;

export const FrameworkDefinitionSchema = z
  .object({
    /** Lets editors validate a file against data/frameworks/framework.schema.json; dropped on parse. */
    $schema: z.string().optional(),
    key: z
      .string()
      .max(64, { message: "INVALID_KEY" })
      .regex(FRAMEWORK_KEY_PATTERN, { message: "INVALID_KEY" }),
    version: z.string().trim().min(1, { message: EMPTY_TEXT }).max(40, { message: TEXT_TOO_LONG }),
    title: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    source: FrameworkSourceSchema,
    scale: ProficiencyScaleSchema,
    competences: z.array(CompetenceNodeSchema).min(1, { message: "NO_COMPETENCES" }),
    situationFamilies: z.array(SituationFamilySchema).default([]),
  })
  .strict()
  .transform(({ $schema: _schema, ...definition }) => definition);
export type FrameworkDefinition = z.output<typeof FrameworkDefinitionSchema>;
export type FrameworkDefinitionInput = z.input<typeof FrameworkDefinitionSchema>;

// ---------------------------------------------------------------------------------------------
// Tree helpers

/** A competence with the codes of its ancestors, root first. */
export interface LocatedCompetence {
  node: CompetenceNode;
  path: string[];
}

/** Depth-first walk in tree order (parents before children, siblings in file order). */
export function* walkCompetences(
  nodes: readonly CompetenceNode[],
  path: readonly string[] = [],
): Generator<LocatedCompetence> {
  for (const node of nodes) {
    yield { node, path: [...path] };
    yield* walkCompetences(node.children, [...path, node.code]);
  }
}

/** Carnet's rule: only leaves are assessable (requested, evidenced, validated). */
export function isAssessable(node: CompetenceNode): boolean {
  return node.children.length === 0;
}

/** The assessable competences, in tree order, each with its ancestors' codes. */
export function leafCompetences(def: Pick<FrameworkDefinition, "competences">): LocatedCompetence[] {
  return [...walkCompetences(def.competences)].filter(({ node }) => isAssessable(node));
}

export function findCompetence(
  def: Pick<FrameworkDefinition, "competences">,
  code: string,
): LocatedCompetence | undefined {
  for (const located of walkCompetences(def.competences)) {
    if (located.node.code === code) return located;
  }
  return undefined;
}

export interface CompetenceCounts {
  /** Every node of the tree, domains included. */
  total: number;
  /** Assessable competences. */
  leaves: number;
  /** Top-level nodes (domains, or competences when the tree is flat). */
  roots: number;
  /** Number of levels of the tree (1 when flat). */
  depth: number;
}

export function countCompetences(def: Pick<FrameworkDefinition, "competences">): CompetenceCounts {
  let total = 0;
  let leaves = 0;
  let depth = 0;
  for (const { node, path } of walkCompetences(def.competences)) {
    total += 1;
    if (isAssessable(node)) leaves += 1;
    depth = Math.max(depth, path.length + 1);
  }
  return { total, leaves, roots: def.competences.length, depth };
}

export function proficientLevels(scale: ProficiencyScale): ProficiencyLevel[] {
  return scale.levels.filter((level) => level.proficient);
}

// ---------------------------------------------------------------------------------------------
// Versions

export interface RetitledCompetence {
  code: string;
  before: LocalizedText;
  after: LocalizedText;
}

export interface MovedCompetence {
  code: string;
  /** Parent code, or null for a root. */
  parentBefore: string | null;
  parentAfter: string | null;
}

/**
 * What a new version of a framework changes, by code. Evidence and decisions given against the
 * old version stay attached to it: this diff is what people are shown, it rewrites nothing.
 */
export interface FrameworkDiff {
  added: string[];
  removed: string[];
  retitled: RetitledCompetence[];
  moved: MovedCompetence[];
  /** Leaves that got children: they can no longer be requested in the new version. */
  noLongerAssessable: string[];
  /** Inner nodes whose children were all removed: they become requestable. */
  newlyAssessable: string[];
  /** Level codes, labels or proficiency changed. */
  scaleChanged: boolean;
}

function sameText(a: LocalizedText | undefined, b: LocalizedText | undefined): boolean {
  return a?.fr === b?.fr && a?.en === b?.en;
}

export function diffFrameworks(
  before: Pick<FrameworkDefinition, "competences" | "scale">,
  after: Pick<FrameworkDefinition, "competences" | "scale">,
): FrameworkDiff {
  const index = (def: Pick<FrameworkDefinition, "competences">): Map<string, LocatedCompetence> =>
    new Map([...walkCompetences(def.competences)].map((located) => [located.node.code, located]));
  const old = index(before);
  const next = index(after);
  const diff: FrameworkDiff = {
    added: [],
    removed: [],
    retitled: [],
    moved: [],
    noLongerAssessable: [],
    newlyAssessable: [],
    scaleChanged: JSON.stringify(before.scale.levels) !== JSON.stringify(after.scale.levels),
  };
  for (const [code] of old) {
    if (!next.has(code)) diff.removed.push(code);
  }
  for (const [code, located] of next) {
    const previous = old.get(code);
    if (!previous) {
      diff.added.push(code);
      continue;
    }
    if (!sameText(previous.node.title, located.node.title)) {
      diff.retitled.push({ code, before: previous.node.title, after: located.node.title });
    }
    const parentBefore = previous.path.at(-1) ?? null;
    const parentAfter = located.path.at(-1) ?? null;
    if (parentBefore !== parentAfter) diff.moved.push({ code, parentBefore, parentAfter });
    const wasLeaf = isAssessable(previous.node);
    const isLeaf = isAssessable(located.node);
    if (wasLeaf && !isLeaf) diff.noLongerAssessable.push(code);
    if (!wasLeaf && isLeaf) diff.newlyAssessable.push(code);
  }
  return diff;
}
