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
