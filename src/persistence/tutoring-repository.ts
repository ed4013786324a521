// Tutoring relations (tutor ↔ learner, per platform, so they span courses) and tutoring groups, plus
// who teaches in which course: what the validation rules and the portfolio's sharing rules ask.
import { randomUUID } from "node:crypto";
import type { TutoringDirectory } from "../domain/portfolio/ports.js";
import type { CourseScope, TeachingDirectory } from "../domain/validation/ports.js";
import type { LtiModels, MembershipDoc } from "./models/lti-models.js";
import type { TutoringGroupDoc, TutoringModels, TutoringRelationDoc } from "./models/tutoring-models.js";
import { isDuplicateKey } from "./errors.js";

export const TEACHING_ROLES = ["teacher", "admin"] as const;

export interface CourseRef {
  deploymentId: string;
  contextId: string;
}

export class TutoringRepository implements TutoringDirectory, TeachingDirectory {
  constructor(private readonly models: TutoringModels & Pick<LtiModels, "Membership">) {}

  async tutorsOf(platformId: string, learnerId: string): Promise<string[]> {
    const relations = await this.models.TutoringRelation.find({ platformId, learnerId })
      .sort({ createdAt: 1 })
      .lean<TutoringRelationDoc[]>();
    return relations.map((relation) => relation.tutorId);
  }

  async tuteesOf(platformId: string, tutorId: string): Promise<string[]> {
    const relations = await this.models.TutoringRelation.find({ platformId, tutorId }).lean<
      TutoringRelationDoc[]
    >();
    return [...new Set(relations.map((relation) => relation.learnerId))];
  }

  async groupPeersOf(platformId: string, learnerId: string): Promise<string[]> {
    const own = await this.models.TutoringRelation.find({
      platformId,
      learnerId,
      groupId: { $exists: true },
    }).lean<TutoringRelationDoc[]>();
    const groupIds = [...new Set(own.flatMap((relation) => (relation.groupId ? [relation.groupId] : [])))];
    if (groupIds.length === 0) return [];
    const peers = await this.models.TutoringRelation.find({ platformId, groupId: { $in: groupIds } }).lean<
      TutoringRelationDoc[]
    >();
    return [...new Set(peers.map((relation) => relation.learnerId))].filter((id) => id !== learnerId);
  }

  async isTutorOf(platformId: string, tutorId: string, learnerId: string): Promise<boolean> {
    return (await this.models.TutoringRelation.countDocuments({ platformId, tutorId, learnerId })) > 0;
  }

  async isMemberOf(scope: CourseScope, userId: string): Promise<boolean> {
    const count = await this.models.Membership.countDocuments({
      ...scope,
      userId,
      status: { $ne: "Deleted" },
    });
    return count > 0;
  }

  async teachesIn(platformId: string, userId: string, scope: CourseScope): Promise<boolean> {
    if (scope.platformId !== platformId) return false;
    const count = await this.models.Membership.countDocuments({
      platformId,
      deploymentId: scope.deploymentId,
      contextId: scope.contextId,
      userId,
      roles: { $in: [...TEACHING_ROLES] },
      status: { $ne: "Deleted" },
    });
    return count > 0;
  }

  async courseValidators(scope: CourseScope): Promise<string[]> {
    const memberships = await this.models.Membership.find({
      ...scope,
      roles: { $in: [...TEACHING_ROLES] },
      status: "Active",
    }).lean<MembershipDoc[]>();
    return memberships.map((membership) => membership.userId);
  }

  /** The courses of the platform where the person teaches (memberships teacher/admin). */
  async coursesTaught(platformId: string, userId: string): Promise<CourseRef[]> {
    const memberships = await this.models.Membership.find({
      platformId,
      userId,
      roles: { $in: [...TEACHING_ROLES] },
      status: { $ne: "Deleted" },
    }).lean<MembershipDoc[]>();
    return memberships.map((membership) => ({
      deploymentId: membership.deploymentId,
      contextId: membership.contextId,
    }));
  }

  async relationsOf(platformId: string, learnerIds: readonly string[]): Promise<TutoringRelationDoc[]> {
    if (learnerIds.length === 0) return [];
    return this.models.TutoringRelation.find({ platformId, learnerId: { $in: [...learnerIds] } })
      .sort({ createdAt: 1 })
      .lean<TutoringRelationDoc[]>();
  }

  async createGroup(input: {
    platformId: string;
    name: string;
    tutorId: string;
    createdIn: CourseRef;
    createdBy: string;
    at: Date;
  }): Promise<string> {
    const id = randomUUID();
    await this.models.TutoringGroup.create({
      _id: id,
      platformId: input.platformId,
      name: input.name,
      tutorId: input.tutorId,
      createdIn: input.createdIn,
      createdBy: input.createdBy,
      createdAt: input.at,
    });
    return id;
  }

  async group(platformId: string, groupId: string): Promise<TutoringGroupDoc | null> {
    return this.models.TutoringGroup.findOne({ _id: groupId, platformId }).lean<TutoringGroupDoc>();
  }

  async groupsIn(platformId: string, course: CourseRef): Promise<TutoringGroupDoc[]> {
    return this.models.TutoringGroup.find({
      platformId,
      "createdIn.deploymentId": course.deploymentId,
      "createdIn.contextId": course.contextId,
    })
      .sort({ name: 1 })
      .lean<TutoringGroupDoc[]>();
  }

  async groupsOfTutor(platformId: string, tutorId: string): Promise<TutoringGroupDoc[]> {
    return this.models.TutoringGroup.find({ platformId, tutorId })
      .sort({ name: 1 })
      .lean<TutoringGroupDoc[]>();
  }

  /** Makes (or moves) the relation; one relation per tutor and learner. */
  async assign(input: {
    platformId: string;
    tutorId: string;
    learnerId: string;
    groupId?: string;
    createdIn: CourseRef;
    createdBy: string;
    at: Date;
  }): Promise<void> {
    const filter = { platformId: input.platformId, tutorId: input.tutorId, learnerId: input.learnerId };
    const update = {
      ...(input.groupId ? { $set: { groupId: input.groupId } } : {}),
      $setOnInsert: {
        _id: randomUUID(),
        createdIn: input.createdIn,
        createdBy: input.createdBy,
        createdAt: input.at,
      },
    };
    try {
      await this.models.TutoringRelation.updateOne(filter, update, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.models.TutoringRelation.updateOne(
        filter,
        input.groupId ? { $set: { groupId: input.groupId } } : {},
      );
    }
  }

  async unassign(platformId: string, tutorId: string, learnerId: string): Promise<void> {
    await this.models.TutoringRelation.deleteOne({ platformId, tutorId, learnerId });
  }
}
