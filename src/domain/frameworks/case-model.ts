// 1EdTech CASE 1.1 packages as Carnet reads them: the few properties it needs checked (zod, the rest
// kept as it is), the Carnet extension it writes in CFDocument.extensions, and stable identifiers.
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  FrameworkSourceSchema,
  ProficiencyScaleSchema,
  SelfAssessmentScaleSchema,
  SituationFamilySchema,
  TaxonomyTermSchema,
  type ProficiencyScale,
} from "./framework.js";

const Text = z.string({ required_error: "MISSING_FIELD" });

const NodeLink = z.object({ identifier: Text }).passthrough();

export const CaseItemInput = z
  .object({
    identifier: Text,
    fullStatement: Text,
    humanCodingScheme: z.string().optional(),
    notes: z.string().optional(),
  })
  .passthrough();
export type CaseItemInput = z.infer<typeof CaseItemInput>;

export const CaseAssociationInput = z
  .object({
    associationType: Text,
    originNodeURI: NodeLink,
    destinationNodeURI: NodeLink,
    sequenceNumber: z.number().int().optional(),
  })
  .passthrough();
export type CaseAssociationInput = z.infer<typeof CaseAssociationInput>;

export const CaseDocumentInput = z
  .object({
    identifier: Text,
    title: Text,
    description: z.string().optional(),
    version: z.string().optional(),
    extensions: z.record(z.unknown()).optional(),
  })
  .passthrough();

export const CasePackageInput = z
  .object({
    CFDocument: CaseDocumentInput,
    CFItems: z.array(CaseItemInput).default([]),
    CFAssociations: z.array(CaseAssociationInput).default([]),
    CFDefinitions: z.record(z.unknown()).optional(),
    CFRubrics: z.array(z.unknown()).optional(),
    extensions: z.record(z.unknown()).optional(),
  })
  .passthrough();
export type CasePackageInput = z.infer<typeof CasePackageInput>;

/**
 * What Carnet writes in CFDocument.extensions.carnet so its own fields come back: CASE has no place
 * for a proficiency scale, a self-assessment scale or families of situations.
 */
export const CarnetCaseExtension = z
  .object({
    key: z.string().optional(),
    idNumber: z.string().optional(),
    source: FrameworkSourceSchema.optional(),
    scale: ProficiencyScaleSchema.optional(),
    selfAssessment: SelfAssessmentScaleSchema.optional(),
    situationFamilies: z.array(SituationFamilySchema).optional(),
    taxonomies: z.array(TaxonomyTermSchema).optional(),
    /** Description formats other than plain text, by item identifier ("" for the document). */
    descriptionFormats: z.record(z.enum(["html", "moodle", "markdown"])).optional(),
    /** English text, by item identifier ("" for the document): a CASE package has one language. */
    english: z
      .record(z.object({ title: z.string().optional(), description: z.string().optional() }).strict())
      .optional(),
  })
  .passthrough();
export type CarnetCaseExtension = z.infer<typeof CarnetCaseExtension>;

export const CARNET_EXTENSION = "carnet";

/** A CASE file without Carnet's extension says nothing of levels: validated or not yet. */
export const DEFAULT_CASE_SCALE: ProficiencyScale = {
  levels: [
    { code: "non-acquis", label: { fr: "non acquis", en: "not yet acquired" }, proficient: false },
    { code: "acquis", label: { fr: "acquis", en: "acquired" }, proficient: true },
  ],
};

/** Association types Carnet reads into its tree and cross-references; others are kept as they are. */
export const CHILD_OF = "isChildOf";
export const RELATED_TO = "isRelatedTo";

// Carnet's namespace for name-based identifiers (RFC 4122 §4.3): the same framework always gets
// the same CASE identifiers, so exports are stable.
const CARNET_NAMESPACE = Buffer.from("6f0c1f4e8a2b4d5c9e3f7a1b2c3d4e5f", "hex");

/** A version-5 UUID for `name`: deterministic, and valid where CASE asks for a UUID. */
export function nameUuid(name: string): string {
  const hash = createHash("sha1").update(CARNET_NAMESPACE).update(name, "utf8").digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
