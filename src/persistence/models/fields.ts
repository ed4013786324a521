// Field declarations many collections share, declared once.

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
