// Tutoring relations (tutor ↔ learner, per platform, so they span courses, with their history) and
// tutoring groups, plus who teaches in which course: what the validation rules and the portfolio's
// sharing rules ask.
import { randomUUID } from "node:crypto";
import type { CourseRef } from "../domain/course.js";
import { pickFields } from "../domain/pick-fields.js";
import type { TutoringDirectory } from "../domain/portfolio/ports.js";
import {
  END_REASONS,
  RELATION_SOURCES,
  tutorshipsOf,
  type NewRelation,
  type PersonRelations,
  type RelationEnd,
  type TutoringGroup,
  type TutoringKind,
  type TutoringRelation,
  type TutoringStore,
  type Tutorships,
} from "../domain/tutoring/relations.js";
import type { CourseScope, TeachingDirectory } from "../domain/validation/ports.js";
import { isDuplicateKey } from "./errors.js";
import type { LtiModels, MembershipDoc } from "./models/lti-models.js";
import type { TutoringGroupDoc, TutoringModels, TutoringRelationDoc } from "./models/tutoring-models.js";
import { RecordCollection } from "./records.js";
import { RequestScope, type RequestMemo } from "./request-scope.js";

export const TEACHING_ROLES = ["teacher", "admin"] as const;
export type { CourseRef };

/** Relations that hold: no end recorded. */
const CURRENT = { to: { $exists: false } } as const;
/** Tutor relations (older records have no kind): peers are never counted as tutors. */
const TUTOR_KIND = { kind: { $ne: "peer" } } as const;
/** The unique index of relations before their history was kept (one record per pair, ever). */
const LEGACY_PAIR_INDEX = "platformId_1_tutorId_1_learnerId_1";

function activeKey(platformId: string, tutorId: string, learnerId: string): string {
  return `${platformId}\u0000${tutorId}\u0000${learnerId}`;
}

/** Older relations and groups have no kind: they are a tutor's. */
function kindOf(stored: string | undefined): TutoringKind {
  return stored === "peer" ? "peer" : "tutor";
}

function pick<T extends string>(values: readonly T[], value: string | undefined, fallback: T): T {
  return values.find((candidate) => candidate === value) ?? fallback;
}

export function toRelation(doc: TutoringRelationDoc): TutoringRelation {
  return {
    id: doc._id,
    platformId: doc.platformId,
    tutorId: doc.tutorId,
    learnerId: doc.learnerId,
    kind: kindOf(doc.kind),
    groupId: doc.groupId ?? null,
    source: pick(RELATION_SOURCES, doc.source, "carnet"),
    assignedBy: doc.createdBy ?? null,
    assignedIn: doc.createdIn?.contextId
      ? { deploymentId: doc.createdIn.deploymentId, contextId: doc.createdIn.contextId }
      : null,
    from: doc.from ?? doc.createdAt,
    to: doc.to ?? null,
    endedBy: doc.endedBy ?? null,
    endReason: doc.to ? pick(END_REASONS, doc.endReason, "ended") : null,
  };
}

function toGroup(doc: TutoringGroupDoc): TutoringGroup {
  return {
    ...pickFields(doc, "platformId", "name", "tutorId", "createdBy", "createdAt"),
    id: doc._id,
    kind: kindOf(doc.kind),
    createdIn: { deploymentId: doc.createdIn.deploymentId, contextId: doc.createdIn.contextId },
    removedAt: doc.removedAt ?? null,
  };
}

export class TutoringRepository implements TutoringStore, TutoringDirectory, TeachingDirectory {
  private readonly relations: RecordCollection<TutoringRelationDoc, TutoringRelation>;
  private readonly groups: RecordCollection<TutoringGroupDoc, TutoringGroup>;
  /** A person's current relations (as tutor and as learner), read once per request. */
  private readonly personal: RequestMemo<TutoringRelation[]>;
  /** The current relations of a learner's tutoring groups, read once per request. */
  private readonly inGroups: RequestMemo<TutoringRelation[]>;

  /** Without a request scope (tests of the repository alone) every question is a read. */
  constructor(
    private readonly models: TutoringModels & Pick<LtiModels, "Membership">,
    requests: RequestScope = new RequestScope(),
  ) {
    this.relations = new RecordCollection(models.TutoringRelation, toRelation);
    this.groups = new RecordCollection(models.TutoringGroup, toGroup);
    this.personal = requests.memo();
    this.inGroups = requests.memo();
  }

  /** A write changes relations: this request's later questions read them again. */
  private changed(): void {
    this.personal.forget();
    this.inGroups.forget();
  }

  // --- relations -------------------------------------------------------------------------------

  async open(relation: NewRelation): Promise<"opened" | "already"> {
    const { platformId, tutorId, learnerId } = relation;
    const current = await this.models.TutoringRelation.countDocuments({
      platformId,
      tutorId,
      learnerId,
      ...CURRENT,
    });
    if (current > 0) return "already";
    const doc: TutoringRelationDoc = {
      _id: randomUUID(),
      platformId,
      tutorId,
      learnerId,
      kind: relation.kind,
      source: relation.source,
      ...(relation.groupId ? { groupId: relation.groupId } : {}),
      ...(relation.assignedIn ? { createdIn: relation.assignedIn } : {}),
      ...(relation.assignedBy ? { createdBy: relation.assignedBy } : {}),
      createdAt: relation.from,
      from: relation.from,
      activeKey: activeKey(platformId, tutorId, learnerId),
    };
    try {
      await this.insert(doc);
      this.changed();
      return "opened";
    } catch (error) {
      // Two appointments of the same pair at once: the unique key lets one win; the other is a repeat.
      if (isDuplicateKey(error)) return "already";
      throw error;
    }
  }

  /** Inserts; a database from before relations kept their history may still refuse a second record. */
  private async insert(doc: TutoringRelationDoc): Promise<void> {
    try {
      await this.models.TutoringRelation.create(doc);
    } catch (error) {
      if (!isDuplicateKey(error) || !(await this.dropLegacyPairIndex())) throw error;
      await this.models.TutoringRelation.create(doc);
    }
  }

  private async dropLegacyPairIndex(): Promise<boolean> {
    const indexes = await this.models.TutoringRelation.collection.indexes();
    if (!indexes.some((index) => index.name === LEGACY_PAIR_INDEX)) return false;
    await this.models.TutoringRelation.collection.dropIndex(LEGACY_PAIR_INDEX);
    return true;
  }

  async end(platformId: string, relationId: string, end: RelationEnd): Promise<boolean> {
    const result = await this.models.TutoringRelation.updateOne(
      { _id: relationId, platformId, ...CURRENT },
      {
        $set: { to: end.at, endReason: end.reason, ...(end.by ? { endedBy: end.by } : {}) },
        $unset: { activeKey: "" },
      },
    );
    this.changed();
    return result.modifiedCount > 0;
  }

  async relation(platformId: string, relationId: string): Promise<TutoringRelation | null> {
    return this.relations.byId(platformId, relationId);
  }

  async currentOfLearners(platformId: string, learnerIds: readonly string[]): Promise<TutoringRelation[]> {
    if (learnerIds.length === 0) return [];
    const filter = { platformId, learnerId: { $in: [...learnerIds] }, ...CURRENT };
    return this.relations.list(filter, { sort: { createdAt: 1 } });
  }

  async currentOfTutor(platformId: string, tutorId: string): Promise<TutoringRelation[]> {
    return (await this.currentOfPerson(platformId, tutorId)).asTutor;
  }

  /**
   * The person's current relations as tutor and as learner, oldest first: one query (each `$or` branch
   * on its own index on MongoDB), once per request whoever asks (badges, teaching scope, referent).
   */
  async currentOfPerson(platformId: string, personId: string): Promise<PersonRelations> {
    const current = await this.personal.once(`${platformId}\u0000${personId}`, () =>
      this.relations.list(
        {
          $or: [
            { platformId, tutorId: personId, ...CURRENT },
            { platformId, learnerId: personId, ...CURRENT },
          ],
        },
        { sort: { createdAt: 1 } },
      ),
    );
    return {
      asTutor: current.filter((relation) => relation.tutorId === personId),
      asLearner: current.filter((relation) => relation.learnerId === personId),
    };
  }

  /** Everyone who tutors someone now (tutors and peer tutors), once per platform. */
  async currentTutors(): Promise<{ platformId: string; tutorId: string }[]> {
    const rows = await this.models.TutoringRelation.aggregate<{
      _id: { platformId: string; tutorId: string };
    }>([{ $match: CURRENT }, { $group: { _id: { platformId: "$platformId", tutorId: "$tutorId" } } }]);
    return rows.map((row) => row._id);
  }

  async historyOfLearner(platformId: string, learnerId: string): Promise<TutoringRelation[]> {
    return this.relations.list({ platformId, learnerId }, { sort: { createdAt: -1 }, limit: 200 });
  }

  async setGroup(platformId: string, relationId: string, groupId: string | null): Promise<void> {
    await this.models.TutoringRelation.updateOne(
      { _id: relationId, platformId, ...CURRENT },
      groupId ? { $set: { groupId } } : { $unset: { groupId: "" } },
    );
    this.changed();
  }

  /** Makes the relation (or moves it into the group): kept for callers that predate appointments. */
  async assign(input: {
    platformId: string;
    tutorId: string;
    learnerId: string;
    groupId?: string;
    createdIn: CourseRef;
    createdBy: string;
    at: Date;
  }): Promise<void> {
    const opened = await this.open({
      platformId: input.platformId,
      tutorId: input.tutorId,
      learnerId: input.learnerId,
      kind: "tutor",
      groupId: input.groupId ?? null,
      source: "carnet",
      assignedBy: input.createdBy,
      assignedIn: input.createdIn,
      from: input.at,
    });
    if (opened === "already" && input.groupId) {
      await this.models.TutoringRelation.updateOne(
        { platformId: input.platformId, tutorId: input.tutorId, learnerId: input.learnerId, ...CURRENT },
        { $set: { groupId: input.groupId } },
      );
      this.changed();
    }
  }

  // --- what other areas ask ----------------------------------------------------------------------

  async tutorsOf(platformId: string, learnerId: string): Promise<string[]> {
    return this.tutorIdsOf(platformId, learnerId, "tutor");
  }

  async peerTutorsOf(platformId: string, learnerId: string): Promise<string[]> {
    return this.tutorIdsOf(platformId, learnerId, "peer");
  }

  private async tutorIdsOf(platformId: string, learnerId: string, kind: TutoringKind): Promise<string[]> {
    const { asLearner } = await this.currentOfPerson(platformId, learnerId);
    return [
      ...new Set(asLearner.filter((relation) => relation.kind === kind).map((relation) => relation.tutorId)),
    ];
  }

  async tuteesOf(platformId: string, tutorId: string): Promise<string[]> {
    return (await this.tutorships(platformId, tutorId)).tutees;
  }

  async peerTuteesOf(platformId: string, tutorId: string): Promise<string[]> {
    return (await this.tutorships(platformId, tutorId)).peerTutees;
  }

  /** Whom the person tutors and whom they accompany as a peer tutor, now. */
  async tutorships(platformId: string, tutorId: string): Promise<Tutorships> {
    return tutorshipsOf(await this.currentOfTutor(platformId, tutorId));
  }

  async groupPeersOf(platformId: string, learnerId: string): Promise<string[]> {
    const { asLearner } = await this.currentOfPerson(platformId, learnerId);
    const groupIds = [...new Set(asLearner.flatMap((relation) => relation.groupId ?? []))].sort();
    if (groupIds.length === 0) return [];
    const members = await this.inGroups.once(`${platformId}\u0000${groupIds.join("\u0000")}`, () =>
      this.relations.list({ platformId, groupId: { $in: groupIds }, ...CURRENT }, { sort: { createdAt: 1 } }),
    );
    return [...new Set(members.map((relation) => relation.learnerId))].filter((id) => id !== learnerId);
  }

  async isTutorOf(platformId: string, tutorId: string, learnerId: string): Promise<boolean> {
    const count = await this.models.TutoringRelation.countDocuments({
      platformId,
      tutorId,
      learnerId,
      ...CURRENT,
      ...TUTOR_KIND,
    });
    return count > 0;
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

  // --- groups ----------------------------------------------------------------------------------

  async createGroup(group: Omit<TutoringGroup, "id" | "removedAt">): Promise<TutoringGroup> {
    const doc: TutoringGroupDoc = { _id: randomUUID(), ...group };
    await this.models.TutoringGroup.create(doc);
    return toGroup(doc);
  }

  async group(platformId: string, groupId: string): Promise<TutoringGroup | null> {
    return this.groups.byId(platformId, groupId);
  }

  async groupsIn(platformId: string, course: CourseRef): Promise<TutoringGroup[]> {
    const filter = {
      platformId,
      "createdIn.deploymentId": course.deploymentId,
      "createdIn.contextId": course.contextId,
      removedAt: { $exists: false },
    };
    return this.groups.list(filter, { sort: { name: 1 } });
  }

  async groupsById(platformId: string, groupIds: readonly string[]): Promise<TutoringGroup[]> {
    return [...(await this.groups.byIds(platformId, groupIds)).values()];
  }

  async removeGroup(platformId: string, groupId: string, at: Date): Promise<boolean> {
    const result = await this.models.TutoringGroup.updateOne(
      { _id: groupId, platformId, removedAt: { $exists: false } },
      { $set: { removedAt: at } },
    );
    return result.modifiedCount > 0;
  }
}
