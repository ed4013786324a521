// Field declarations many collections share, declared once, and required fields named against their document.
import type { SchemaDefinition, SchemaDefinitionType } from "mongoose";

/**
 * The tenant of a course-scoped document: the platform, its deployment, the course (LTI context).
 * A function, so that no two schemas share (and mongoose never mutates) one options object.
 */
export function courseScopeFields() {
  return {
    platformId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
  };
}

/** The `_id` of a collection's one document per course: saving twice (or at once) updates the same one. */
export function courseDocumentId(scope: {
  platformId: string;
  deploymentId: string;
  contextId: string;
}): string {
  return JSON.stringify([scope.platformId, scope.deploymentId, scope.contextId]);
}

interface RequiredString {
  type: StringConstructor;
  required: true;
}

/** A platform's document about one person (`learnerId`, `ownerId`…): the tenant and that person, both required. */
export function personScopeFields<Person extends string>(
  person: Person,
): Record<"platformId" | Person, RequiredString> {
  const required = (): RequiredString => ({ type: String, required: true });
  // A computed key types as a string index; it is exactly `person`, so the record holds both keys.
  const personField = { [person]: required() } as Record<Person, RequiredString>;
  return { ...personField, platformId: required() };
}

type FieldType = StringConstructor | DateConstructor | NumberConstructor;

/** Field declarations of a document, as `collection<Doc>` takes them. */
type Fields<Doc> = SchemaDefinition<SchemaDefinitionType<Doc>>;

/** The names of the document's fields that always hold a `Value` (never optional, never null). */
type FieldsHolding<Doc, Value> = { [K in keyof Doc]-?: Doc[K] extends Value ? K : never }[keyof Doc];

/**
 * Required fields of one type, named once: `...required<PlatformDoc>(String, "issuer", "clientId")`. A name
 * the document type lacks, or whose type is not always that one, does not compile.
 */
export function required<Doc>(type: StringConstructor, ...names: FieldsHolding<Doc, string>[]): Fields<Doc>;
export function required<Doc>(type: DateConstructor, ...names: FieldsHolding<Doc, Date>[]): Fields<Doc>;
export function required<Doc>(type: NumberConstructor, ...names: FieldsHolding<Doc, number>[]): Fields<Doc>;
export function required<Doc>(type: FieldType, ...names: (keyof Doc)[]): Fields<Doc> {
  const fields = Object.fromEntries(names.map((name) => [name, { type, required: true }]));
  // Each named field is declared as the overload's type, which the overloads check against the document.
  return fields as Fields<Doc>;
}
