// Who a batch of learners are for grading: the LTI `sub` the LMS knows them by, and their membership
// (roles, status) in the course, which decides whether they are posted at all.
import type { CourseKey } from "../domain/grading/ports.js";
import type { CourseDoc, LtiModels, MembershipDoc, UserDoc } from "./models/lti-models.js";

export interface GradedPerson {
  sub: string;
  membership: { roles: string[]; status: string } | null;
}

export class GradeRoster {
  constructor(private readonly models: Pick<LtiModels, "Course" | "Membership" | "User">) {}

  /** Learners of one course, in two reads; people unknown to Carnet are left out. */
  async people(scope: CourseKey, learnerIds: readonly string[]): Promise<Map<string, GradedPerson>> {
    const ids = [...learnerIds];
    const [memberships, users] = await Promise.all([
      this.models.Membership.find(
        { ...scope, userId: { $in: ids } },
        { userId: 1, roles: 1, status: 1 },
      ).lean<Pick<MembershipDoc, "userId" | "roles" | "status">[]>(),
      this.models.User.find({ platformId: scope.platformId, _id: { $in: ids } }, { sub: 1 }).lean<
        Pick<UserDoc, "_id" | "sub">[]
      >(),
    ]);
    const membershipOf = new Map(memberships.map((membership) => [membership.userId, membership]));
    const people = new Map<string, GradedPerson>();
    for (const user of users) {
      const membership = membershipOf.get(user._id);
      people.set(user._id, {
        sub: user.sub,
        membership: membership ? { roles: membership.roles, status: membership.status } : null,
      });
    }
    return people;
  }

  /** Titles of some courses of a platform, keyed by "deploymentId contextId" (the parked-grades list). */
  async courseTitles(platformId: string, contextIds: readonly string[]): Promise<Map<string, string>> {
    const courses = await this.models.Course.find(
      { platformId, contextId: { $in: [...new Set(contextIds)] } },
      { deploymentId: 1, contextId: 1, title: 1 },
    ).lean<Pick<CourseDoc, "deploymentId" | "contextId" | "title">[]>();
    return new Map(
      courses.map((course) => [
        `${course.deploymentId} ${course.contextId}`,
        course.title ?? course.contextId,
      ]),
    );
  }
}
