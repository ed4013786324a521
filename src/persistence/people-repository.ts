// People and courses as Carnet knows them from launches and rosters, always read within a tenant.
import type { CourseDoc, LtiModels, MembershipDoc, UserDoc } from "./models/lti-models.js";
import type { CourseScope } from "../domain/course.js";
import {
  displayName,
  type Course,
  type CourseMember,
  type PeopleDirectory,
  type Person,
} from "../domain/people/people.js";
import { pickFields } from "../domain/pick-fields.js";
import { TtlCache } from "./ttl-cache.js";

export { displayName, type CourseMember, type Person };
export type { CourseScope };

/** The person's claims; when Carnet first and last saw them stays in persistence. */
function toPerson(user: UserDoc): Person {
  const claims = pickFields(user, "name", "givenName", "familyName", "email", "picture", "sub", "locale");
  return { ...claims, id: user._id };
}

// Names are read on almost every page (headers, queues, the cohort matrix) and change only when a
// launch or a roster brings new claims: both forget the person here, so the cache is never stale in
// this process; another instance may show an old name for at most a minute.
const peopleCache = new TtlCache<Person>(60_000, 10_000);
/**
 * Counts forgets: a read sent before a forget may bring the old name back after it, so it keeps its
 * copy out of the cache (the next read fetches again).
 */
let forgets = 0;

export function forgetPerson(platformId: string, userId: string): void {
  forgets += 1;
  peopleCache.delete(`${platformId} ${userId}`);
}

/** A launch just wrote this person: its copy is the freshest there is. */
export function rememberPerson(user: UserDoc): void {
  peopleCache.set(`${user.platformId} ${user._id}`, toPerson(user));
}

export class PeopleRepository implements PeopleDirectory {
  constructor(private readonly models: Pick<LtiModels, "User" | "Course" | "Membership">) {}

  async person(platformId: string, userId: string): Promise<Person | null> {
    return (await this.people(platformId, [userId])).get(userId) ?? null;
  }

  async people(platformId: string, userIds: readonly string[]): Promise<Map<string, Person>> {
    const found = new Map<string, Person>();
    const missing: string[] = [];
    for (const id of new Set(userIds)) {
      const cached = peopleCache.get(`${platformId} ${id}`);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    // By _id alone, the tenant checked below: mongo-java-server uses an index only for a filter made
    // of exactly its keys, and {platformId, _id} scanned every person on each page's header.
    const forgetsBefore = forgets;
    const users = await this.models.User.find({ _id: { $in: missing } }).lean<UserDoc[]>();
    const current = forgetsBefore === forgets;
    for (const user of users) {
      if (user.platformId !== platformId) continue;
      const person = toPerson(user);
      if (current) peopleCache.set(`${platformId} ${user._id}`, person);
      found.set(user._id, person);
    }
    return found;
  }

  async course(scope: CourseScope): Promise<(Course & CourseDoc) | null> {
    return this.models.Course.findOne(scope).lean<CourseDoc>();
  }

  async members(scope: CourseScope, role?: string): Promise<CourseMember[]> {
    const filter: Record<string, unknown> = { ...scope, status: { $ne: "Deleted" } };
    if (role) filter.roles = role;
    const memberships = await this.models.Membership.find(filter).lean<MembershipDoc[]>();
    const users = await this.people(
      scope.platformId,
      memberships.map((membership) => membership.userId),
    );
    const members: CourseMember[] = [];
    for (const membership of memberships) {
      const user = users.get(membership.userId);
      if (!user) continue;
      members.push({
        ...user,
        roles: membership.roles,
        source: membership.source,
        status: membership.status,
        lastLaunchAt: membership.lastLaunchAt,
      });
    }
    return members.sort((a, b) => displayName(a).localeCompare(displayName(b), "fr"));
  }

  /**
   * Who each key may designate: the person with that LMS user id, or with that e-mail (as typed or in
   * lower case; LMSs send e-mails as their users wrote them, files mostly in lower case).
   */
  async byLogins(platformId: string, keys: readonly string[]): Promise<Map<string, Person[]>> {
    const wanted = [...new Set(keys.map((key) => key.trim()).filter((key) => key !== ""))];
    const result = new Map<string, Person[]>(keys.map((key) => [key, []]));
    if (wanted.length === 0) return result;
    const emails = [...new Set(wanted.flatMap((key) => (key.includes("@") ? [key, key.toLowerCase()] : [])))];
    const users = await this.models.User.find({
      platformId,
      $or: [{ sub: { $in: wanted } }, ...(emails.length > 0 ? [{ email: { $in: emails } }] : [])],
    }).lean<UserDoc[]>();
    for (const key of keys) {
      const folded = key.trim().toLowerCase();
      const matches = users.filter(
        (user) => user.sub === key.trim() || (folded.includes("@") && user.email?.toLowerCase() === folded),
      );
      result.set(key, matches.map(toPerson));
    }
    return result;
  }

  /** How the person came to the course (a launch or the LMS roster), whatever their status now. */
  async membership(
    scope: CourseScope,
    userId: string,
  ): Promise<{ source: "launch" | "roster"; lastLaunchAt?: Date } | null> {
    const found = await this.models.Membership.findOne({ ...scope, userId }).lean<MembershipDoc>();
    return found
      ? { source: found.source, ...(found.lastLaunchAt ? { lastLaunchAt: found.lastLaunchAt } : {}) }
      : null;
  }

  /** The courses where this person holds one of the roles, across deployments of the platform. */
  async coursesOf(platformId: string, userId: string, roles: readonly string[]): Promise<CourseScope[]> {
    const memberships = await this.models.Membership.find({
      platformId,
      userId,
      roles: { $in: [...roles] },
    }).lean<MembershipDoc[]>();
    return memberships.map((m) => ({
      platformId: m.platformId,
      deploymentId: m.deploymentId,
      contextId: m.contextId,
    }));
  }
}
