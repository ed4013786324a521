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
