// A course's roster as the LMS's Names and Role Provisioning Service last gave it: people upserted by
// their LMS id, memberships marked in or out of the roster, the time of the last refresh.
import { randomUUID } from "node:crypto";
import { personIdFor } from "./person-ids.js";
import type { Clock } from "../clock.js";
import type { CourseDoc, LtiModels } from "./models/lti-models.js";
import { forgetPerson, type CourseScope } from "./people-repository.js";

/** One member as the LMS lists them, with Carnet's roles already derived from the LTI ones. */
export interface RosterMember {
  sub: string;
  ltiRoles: string[];
  roles: string[];
  status: "Active" | "Inactive" | "Deleted";
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  /** Only https pictures are kept. */
  picture?: string;
}

export interface RosterSource {
  /** The course's NRPS endpoint and when its roster was last refreshed (undefined: never). */
  rosterOf(scope: CourseScope): Promise<{ nrpsUrl?: string; syncedAt?: Date } | null>;
  replaceRoster(scope: CourseScope, members: readonly RosterMember[]): Promise<void>;
}

export class CourseRosterRepository implements RosterSource {
  constructor(
    private readonly models: Pick<LtiModels, "Course" | "User" | "Membership">,
    private readonly clock: Clock,
  ) {}

  async rosterOf(scope: CourseScope): Promise<{ nrpsUrl?: string; syncedAt?: Date } | null> {
    const course = await this.models.Course.findOne(scope).lean<CourseDoc>();
    if (!course) return null;
    return {
      ...(course.nrpsUrl ? { nrpsUrl: course.nrpsUrl } : {}),
      ...(course.rosterSyncedAt ? { syncedAt: course.rosterSyncedAt } : {}),
    };
  }

  async replaceRoster(scope: CourseScope, members: readonly RosterMember[]): Promise<void> {
    const now = this.clock.now();
    const seen: string[] = [];
    for (const member of members) {
      const userId = await this.upsertPerson(scope.platformId, member, now);
      if (!userId) continue;
      seen.push(userId);
      await this.models.Membership.updateOne(
        { ...scope, userId },
        {
          $set: {
            ltiRoles: member.ltiRoles,
            roles: member.roles,
            status: member.status,
            updatedAt: now,
            inRoster: true,
          },
          $setOnInsert: { _id: randomUUID(), source: "roster" },
        },
        { upsert: true },
      );
    }
    // Someone no longer in the roster has left the course; their portfolio stays theirs.
    await this.models.Membership.updateMany(
      { ...scope, userId: { $nin: seen }, inRoster: true },
      { $set: { status: "Inactive", inRoster: false, updatedAt: now } },
    );
    await this.models.Course.updateOne(scope, { $set: { rosterSyncedAt: now } });
  }

  private async upsertPerson(
    platformId: string,
    member: RosterMember,
    now: Date,
  ): Promise<string | undefined> {
    const set: Record<string, string> = {};
    if (member.name) set.name = member.name;
    if (member.givenName) set.givenName = member.givenName;
    if (member.familyName) set.familyName = member.familyName;
    if (member.email) set.email = member.email;
    if (member.picture?.startsWith("https://")) set.picture = member.picture;
    const user = await this.models.User.findOneAndUpdate(
      { platformId, sub: member.sub },
      // The id a launch derives too: their first launch writes everything at once (person-ids.ts).
      { $set: set, $setOnInsert: { _id: personIdFor(platformId, member.sub), createdAt: now } },
      { upsert: true, new: true },
    ).lean<{ _id: string }>();
    if (user) forgetPerson(platformId, user._id);
    return user?._id;
  }
}
