// What a verified launch writes: the person (one per platform and LMS user id), the course, the
// membership and the placement. Every write is an upsert on its unique key, so it reaches one document
// through an index (mongo-java-server, too, answers unique-key lookups without a collection scan).
import { randomUUID } from "node:crypto";
import { systemClock, type Clock } from "../clock.js";
import type { CourseScope } from "../domain/course.js";
import { isDuplicateKey } from "./errors.js";
import type { CourseDoc, LtiModels, MembershipDoc, PlacementDoc, UserDoc } from "./models/lti-models.js";
import { rememberPerson } from "./people-repository.js";
import { TtlCache } from "./ttl-cache.js";

/**
 * How long this process trusts that a course holds what it last wrote there. Launches into a known
 * course repeat its claims (title, label, types, NRPS URL): most would rewrite the same values. A
 * change in the LMS differs from what was written, so it is written at once.
 */
const KNOWN_COURSE_MS = 10 * 60_000;

/** The person as stored, after their launch. */
export type LaunchedPerson = UserDoc & {
  /** Inserted by this launch: Carnet had never met them, so nothing of theirs can exist yet. */
  firstSeen: boolean;
};

/** The person's claims a platform shared in this launch (absent ones are left as they were). */
export type PersonClaims = Partial<
  Pick<UserDoc, "name" | "givenName" | "familyName" | "email" | "picture" | "locale">
>;

export type CourseClaims = Pick<CourseDoc, "title" | "label" | "types" | "nrpsUrl">;

export type PlacementChanges = Partial<
  Pick<PlacementDoc, "title" | "view" | "frameworkId" | "ags" | "graded">
>;

/** Set only when the placement is created (choices made at deep linking; later edits in Carnet win). */
export type PlacementSeed = Partial<Pick<PlacementDoc, "grading">>;

export class LaunchRecords {
  /** Per course, the claims this process last wrote (see KNOWN_COURSE_MS). */
  private readonly writtenCourses: TtlCache<string>;

  constructor(
    private readonly models: Pick<LtiModels, "User" | "Course" | "Membership" | "Placement">,
    clock: Clock = systemClock,
  ) {
    this.writtenCourses = new TtlCache<string>(KNOWN_COURSE_MS, 10_000, clock);
  }

  async upsertPerson(
    platformId: string,
    sub: string,
    claims: PersonClaims,
    now: Date,
  ): Promise<LaunchedPerson> {
    // A fresh random id: when the stored person carries it, this upsert inserted them. People created
    // before (other launches, NRPS rosters, a mentor's launch) keep the id they had.
    const insertedId = randomUUID();
    const user = await this.upsertOnce(platformId, sub, {
      $set: { ...claims, lastLaunchAt: now },
      $setOnInsert: { _id: insertedId, createdAt: now },
    });
    if (!user) throw new Error("user upsert returned nothing");
    // The first page shows this name: the launch's own copy spares it a read.
    rememberPerson(user);
    return { ...user, firstSeen: user._id === insertedId };
  }

  /** The person with this LMS user id, created without claims when Carnet has not met them yet. */
  ensurePerson(platformId: string, sub: string, now: Date): Promise<UserDoc | null> {
    return this.upsertOnce(platformId, sub, { $setOnInsert: { _id: randomUUID(), createdAt: now } });
  }

  /** Written when the course is new to this process or its claims changed; a repeat is no command. */
  async upsertCourse(scope: CourseScope, claims: CourseClaims, now: Date): Promise<void> {
    const { nrpsUrl, ...fields } = claims;
    const set = { ...fields, ...(nrpsUrl ? { nrpsUrl } : {}) };
    const key = `${scope.platformId} ${scope.deploymentId} ${scope.contextId}`;
    const written = JSON.stringify(set);
    if (this.writtenCourses.get(key) === written) return;
    await this.models.Course.updateOne(
      scope,
      { $set: set, $setOnInsert: { _id: randomUUID(), createdAt: now } },
      { upsert: true },
    );
    this.writtenCourses.set(key, written);
  }

  async upsertMembership(
    scope: CourseScope,
    userId: string,
    roles: Pick<MembershipDoc, "ltiRoles" | "roles">,
    now: Date,
  ): Promise<void> {
    await this.models.Membership.updateOne(
      { ...scope, userId },
      {
        $set: { ...roles, source: "launch", status: "Active", lastLaunchAt: now, updatedAt: now },
        $setOnInsert: { _id: randomUUID() },
      },
      { upsert: true },
    );
  }

  async upsertPlacement(
    scope: CourseScope,
    resourceLinkId: string,
    changes: PlacementChanges,
    seed: PlacementSeed,
    now: Date,
  ): Promise<void> {
    await this.models.Placement.updateOne(
      { ...scope, resourceLinkId },
      {
        $set: { ...changes, updatedAt: now },
        $setOnInsert: { ...seed, _id: randomUUID(), createdAt: now },
      },
      { upsert: true },
    );
  }

  private async upsertOnce(platformId: string, sub: string, update: object): Promise<UserDoc | null> {
    const upsert = () =>
      this.models.User.findOneAndUpdate({ platformId, sub }, update, {
        upsert: true,
        new: true,
      }).lean<UserDoc>();
    try {
      return await upsert();
    } catch (error) {
      // Two first launches of one person at once (or a mentor's launch listing them): the unique index
      // lets one insert win; the other reads the winner back.
      if (isDuplicateKey(error)) return upsert();
      throw error;
    }
  }
}
