// What a verified launch writes: the person (one per platform and LMS user id), the course, the
// membership and the placement. Every write is an upsert on its unique key, so it reaches one document
// through an index (mongo-java-server, too, answers unique-key lookups without a collection scan).
import { randomUUID } from "node:crypto";
import { systemClock, type Clock } from "../clock.js";
import type { CourseScope } from "../domain/course.js";
import { isDuplicateKey } from "./errors.js";
import { personIdFor } from "./person-ids.js";
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
  /**
   * Stored ids that are not the derived one (people stored before derived ids), by "platformId sub",
   * as their launches in this process found them: everyone else's id needs no memory.
   */
  private readonly knownIds: TtlCache<string>;

  constructor(
    private readonly models: Pick<LtiModels, "User" | "Course" | "Membership" | "Placement">,
    clock: Clock = systemClock,
  ) {
    this.writtenCourses = new TtlCache<string>(KNOWN_COURSE_MS, 10_000, clock);
    this.knownIds = new TtlCache<string>(60 * 60_000, 10_000, clock);
  }

  /** How many stored ids this process keeps (memory accounting, tests). */
  get knownIdCount(): number {
    return this.knownIds.size;
  }

  /**
   * The id the person of (platform, sub) most likely has, before any read: the one this process saw
   * last, else the derived one (person-ids.ts). Only a guess: the person's upsert says which it is.
   */
  expectedPersonId(platformId: string, sub: string): string {
    return this.knownIds.get(`${platformId} ${sub}`) ?? personIdFor(platformId, sub);
  }

  async upsertPerson(
    platformId: string,
    sub: string,
    claims: PersonClaims,
    now: Date,
  ): Promise<LaunchedPerson> {
    const { user, inserted } = await this.upsertOnce(platformId, sub, {
      $set: { ...claims, lastLaunchAt: now },
      $setOnInsert: { _id: personIdFor(platformId, sub), createdAt: now },
    });
    // The first page shows this name: the launch's own copy spares it a read.
    rememberPerson(user);
    const key = `${platformId} ${sub}`;
    if (user._id === personIdFor(platformId, sub)) this.knownIds.delete(key);
    else this.knownIds.set(key, user._id);
    return { ...user, firstSeen: inserted };
  }

  /** The person with this LMS user id, created without claims when Carnet has not met them yet. */
  async ensurePerson(platformId: string, sub: string, now: Date): Promise<UserDoc | null> {
    const { user } = await this.upsertOnce(platformId, sub, {
      $setOnInsert: { _id: personIdFor(platformId, sub), createdAt: now },
    });
    return user;
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

  /** Removes a membership written under an id that turned out not to be the person's. */
  async removeMembership(scope: CourseScope, userId: string): Promise<void> {
    await this.models.Membership.deleteOne({ ...scope, userId });
  }

  private async upsertOnce(
    platformId: string,
    sub: string,
    update: object,
  ): Promise<{ user: UserDoc; inserted: boolean }> {
    // The driver's own call: it says whether the upsert inserted (mongoose 7 only through a deprecated
    // option). mongo-java-server leaves out lastErrorObject when it inserts; MongoDB sets it always.
    const upsert = async () => {
      const result = await this.models.User.collection.findOneAndUpdate({ platformId, sub }, update, {
        upsert: true,
        returnDocument: "after",
        includeResultMetadata: true,
      });
      const user = result.value;
      if (!isUserDoc(user)) throw new Error("user upsert returned no person");
      return { user, inserted: result.lastErrorObject?.updatedExisting !== true };
    };
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

/** The driver's document, checked where the launch relies on it (ids and tenant). */
function isUserDoc(value: unknown): value is UserDoc {
  if (typeof value !== "object" || value === null) return false;
  const fields: Record<string, unknown> = { ...value };
  return (
    typeof fields._id === "string" &&
    typeof fields.platformId === "string" &&
    typeof fields.sub === "string" &&
    fields.createdAt instanceof Date
  );
}
