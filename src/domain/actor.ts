// Who is acting, in which tenant: built from a verified launch, passed to every use case.
export const CARNET_ROLES = ["learner", "teacher", "mentor", "admin"] as const;
export type CarnetRole = (typeof CARNET_ROLES)[number];

export interface Actor {
  readonly platformId: string;
  readonly deploymentId: string;
  /** The LMS course the launch came from; null for launches without a context. */
  readonly contextId: string | null;
  readonly resourceLinkId: string | null;
  readonly userId: string;
  readonly roles: readonly CarnetRole[];
  readonly launchId: string;
  /**
   * Set on the first page after the launch that created this person (Carnet had never met them):
   * nothing of theirs exists yet (traces, notifications, tutoring relations, requests), so that page
   * does not look. Shared things (the course, its settings, the queue of who teaches) are still read.
   */
  readonly newcomer?: true;
}

export function hasRole(actor: Actor, role: CarnetRole): boolean {
  return actor.roles.includes(role);
}

/** Teaching in the launch's course: LTI Instructor-like roles, or an administrator. */
export function teachesHere(actor: Actor): boolean {
  return actor.contextId !== null && (hasRole(actor, "teacher") || hasRole(actor, "admin"));
}
