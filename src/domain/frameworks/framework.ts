// The competence-framework model (zod schemas + inferred types) and pure helpers over the tree.
import { z } from "zod";

/** Problem codes used as zod messages, so issues map to `frameworks:problems.<CODE>` without prose. */
const EMPTY_TEXT = "EMPTY_TEXT";
const TEXT_TOO_LONG = "TEXT_TOO_LONG";

/** Longest Moodle id number (Moodle's importer shortens id numbers to 100 characters). */
export const MAX_CODE_LENGTH = 100;
export const MAX_TEXT_LENGTH = 5000;
/** Moodle keeps descriptions in TEXT columns: rich HTML descriptions run longer than titles. */
export const MAX_DESCRIPTION_LENGTH = 65_535;

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

/** A text kept as written, refused when blank or longer than `max`. */
function nonBlankText(max: number) {
  return z
    .string()
    .max(max, { message: TEXT_TOO_LONG })
    .refine((text) => text.trim() !== "", { message: EMPTY_TEXT });
}

/** A text in French, and in English when the framework has it. */
function localized<Text extends z.ZodTypeAny>(text: Text) {
  return z.object({ fr: text, en: text.optional() }).strict();
}

/**
 * Titles and labels are kept as written (Moodle keeps a short name's trailing space, and an export
 * must give it back); blank ones are refused.
 */
export const TitleTextSchema = nonBlankText(MAX_TEXT_LENGTH);
export const LocalizedTextSchema = localized(TitleTextSchema);
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/**
 * Descriptions are kept exactly as written (HTML included: it is sanitized when shown, never when
 * stored), so an export gives back what was imported. Blank ones are refused.
 */
export const DescriptionTextSchema = nonBlankText(MAX_DESCRIPTION_LENGTH);
export const LocalizedDescriptionSchema = localized(DescriptionTextSchema);

/** How a description is written: Moodle's FORMAT_PLAIN, FORMAT_HTML, FORMAT_MOODLE, FORMAT_MARKDOWN. */
export const DESCRIPTION_FORMATS = ["plain", "html", "moodle", "markdown"] as const;
export const DescriptionFormatSchema = z.enum(DESCRIPTION_FORMATS);
export type DescriptionFormat = z.infer<typeof DescriptionFormatSchema>;

export const LevelCodeSchema = CodeSchema;

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
    /** The level given by default (Moodle's "scaledefault"); a level code of this scale. */
    defaultLevel: LevelCodeSchema.optional(),
    /** The scale's id in the system it came from (Moodle's "scaleid"), written back on export. */
    externalId: z.string().trim().min(1).max(40).optional(),
  })
  .strict();
export type ProficiencyScale = z.infer<typeof ProficiencyScaleSchema>;

/**
 * The scale learners assess themselves on: their own words about where they stand ("novice",
 * "en cours"), never a validation state — a learner is not asked whether they are "validé".
 */
export const SelfAssessmentScaleSchema = z
  .object({
    levels: z
      .array(z.object({ code: LevelCodeSchema, label: LocalizedTextSchema }).strict())
      .min(2, { message: "SCALE_TOO_FEW_LEVELS" }),
  })
  .strict();
export type SelfAssessmentScale = z.infer<typeof SelfAssessmentScaleSchema>;
export type SelfAssessmentLevel = SelfAssessmentScale["levels"][number];

/** Moodle's taxonomy terms (core_competency\competency_framework), one per depth of the tree. */
export const TAXONOMY_TERMS = [
  "behaviour",
  "competency",
  "concept",
  "domain",
  "indicator",
  "level",
  "outcome",
  "practice",
  "proficiency",
  "skill",
  "value",
] as const;
export const TaxonomyTermSchema = z.enum(TAXONOMY_TERMS);
export type TaxonomyTerm = z.infer<typeof TaxonomyTermSchema>;

/** What a Moodle completion rule does when it matches (competency::OUTCOME_*). */
export const RULE_OUTCOMES = ["none", "evidence", "complete", "recommend"] as const;

/**
 * A Moodle completion rule, kept so the framework goes back to Moodle as it came. Carnet does not
 * apply rules: validation stays a person's decision. The points rule refers to competences by code
 * (Moodle's file refers to them by exported id, which changes with every export).
 */
export const CompetenceRuleSchema = z
  .object({
    /** The rule's PHP class, e.g. `core_competency\competency_rule_all`. */
    type: z
      .string()
      .max(255, { message: TEXT_TOO_LONG })
      .regex(/^\\?[A-Za-z_][A-Za-z0-9_]*(?:\\[A-Za-z_][A-Za-z0-9_]*)*$/, { message: "INVALID_RULE_TYPE" }),
    outcome: z.enum(RULE_OUTCOMES),
    points: z
      .object({
        required: z.number().int().min(1),
        competences: z
          .array(
            z.object({ code: CodeSchema, points: z.number().int().min(0), required: z.boolean() }).strict(),
          )
          .min(1),
      })
      .strict()
      .optional(),
    /** The configuration of another rule type, kept verbatim (JSON text). */
    config: z.string().max(MAX_DESCRIPTION_LENGTH, { message: TEXT_TOO_LONG }).optional(),
  })
  .strict();
export type CompetenceRule = z.infer<typeof CompetenceRuleSchema>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(JsonValueSchema),
  ]),
);
const JsonObjectSchema = z.record(JsonValueSchema);

/**
 * What a 1EdTech CASE package says about one item that Carnet has no field for, kept so an export
 * gives it back: the CFItem's other properties (identifier, uri, CFItemType…), the properties of
 * its isChildOf association, and those of its isRelatedTo associations (in `related` order).
 */
export const CaseItemDataSchema = z
  .object({
    item: JsonObjectSchema,
    childOf: JsonObjectSchema.optional(),
    related: z.array(JsonObjectSchema).optional(),
  })
  .strict();
export type CaseItemData = z.infer<typeof CaseItemDataSchema>;

/** The package-level counterpart: CFDocument's other properties, definitions, rubrics, other associations. */
export const CaseDocumentDataSchema = z
  .object({
    document: JsonObjectSchema,
    definitions: JsonObjectSchema.optional(),
    rubrics: z.array(JsonValueSchema).optional(),
    associations: z.array(JsonObjectSchema).optional(),
    extensions: JsonObjectSchema.optional(),
  })
  .strict();
export type CaseDocumentData = z.infer<typeof CaseDocumentDataSchema>;

/**
 * Moodle kept its own copy of the framework's scale on this competency (its scale columns were
 * filled): same values and proficiency, possibly another default and scale id.
 */
export const OwnScaleSchema = z
  .object({
    defaultLevel: LevelCodeSchema.optional(),
    externalId: z.string().trim().min(1).max(40).optional(),
  })
  .strict();
export type OwnScale = z.infer<typeof OwnScaleSchema>;

/**
 * A node of the competence tree. Roots are domains; a node without children is an assessable
 * competence (a "leaf"). Only leaves are requested and validated in Carnet.
 */
export interface CompetenceNode {
  code: string;
  title: LocalizedText;
  description?: LocalizedText | undefined;
  descriptionFormat?: DescriptionFormat | undefined;
  /** Codes of cross-referenced competences (Moodle's related competencies), as given. */
  related?: string[] | undefined;
  rule?: CompetenceRule | undefined;
  ownScale?: OwnScale | undefined;
  case?: CaseItemData | undefined;
  children: CompetenceNode[];
}
/** What a file may contain: `children` may be left out on leaves. */
export interface CompetenceNodeInput extends Omit<CompetenceNode, "children"> {
  children?: CompetenceNodeInput[] | undefined;
}

export const CompetenceNodeSchema: z.ZodType<CompetenceNode, z.ZodTypeDef, CompetenceNodeInput> = z.lazy(() =>
  z
    .object({
      code: CodeSchema,
      title: LocalizedTextSchema,
      description: LocalizedDescriptionSchema.optional(),
      descriptionFormat: DescriptionFormatSchema.optional(),
      related: z.array(CodeSchema).optional(),
      rule: CompetenceRuleSchema.optional(),
      ownScale: OwnScaleSchema.optional(),
      case: CaseItemDataSchema.optional(),
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
    /** The framework's identifier where it came from (Moodle's id number), exactly as given. */
    idNumber: CodeSchema.optional(),
    title: LocalizedTextSchema,
    description: LocalizedDescriptionSchema.optional(),
    descriptionFormat: DescriptionFormatSchema.optional(),
    source: FrameworkSourceSchema,
    scale: ProficiencyScaleSchema,
    selfAssessment: SelfAssessmentScaleSchema.optional(),
    /** Moodle's taxonomy term per depth, root first (may be empty: Moodle then says "competency"). */
    taxonomies: z.array(TaxonomyTermSchema).optional(),
    /** Kept from a 1EdTech CASE package for the way back (see docs/frameworks.md). */
    case: CaseDocumentDataSchema.optional(),
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

/**
 * The levels learners self-assess on: the framework's own self-assessment scale, else the labels of
 * its proficiency scale (an imported Moodle scale: "non acquis / en cours / acquis").
 */
export function selfAssessmentLevels(
  def: Pick<FrameworkDefinition, "scale" | "selfAssessment">,
): SelfAssessmentLevel[] {
  return def.selfAssessment?.levels ?? def.scale.levels.map(({ code, label }) => ({ code, label }));
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
