// An LMS course as Carnet keys it: a context of one deployment of one platform (the tenant keys).
export interface CourseRef {
  deploymentId: string;
  contextId: string;
}

export interface CourseScope extends CourseRef {
  platformId: string;
}

export function sameCourse(a: CourseRef, b: CourseRef): boolean {
  return a.deploymentId === b.deploymentId && a.contextId === b.contextId;
}

/** Only the tenant keys of a record that carries them (what an audit entry or a query is scoped by). */
export function courseScopeOf({ platformId, deploymentId, contextId }: CourseScope): CourseScope {
  return { platformId, deploymentId, contextId };
}
