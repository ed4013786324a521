// Names and Role Provisioning Services 2.0: the whole course roster, including learners who never
// launched Carnet. Cached on the course and refreshed when older than a limit.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { CourseDoc, LtiModels } from "../persistence/models/lti-models.js";
import { forgetPerson, type CourseScope } from "../persistence/people-repository.js";
import type { PlatformRegistry } from "../persistence/platform-registry.js";
import { callPlatform, type FetchLike } from "./platform-http.js";
import type { PlatformTokens } from "./platform-tokens.js";
import { carnetRolesFrom } from "./roles.js";

export const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const MAX_PAGES = 200;

const Member = z
  .object({
    user_id: z.union([z.string(), z.number()]).transform(String),
    roles: z.array(z.string()).default([]),
    status: z.enum(["Active", "Inactive", "Deleted"]).default("Active"),
    name: z.string().optional(),
    given_name: z.string().optional(),
    family_name: z.string().optional(),
    email: z.string().optional(),
    picture: z.string().optional(),
  })
  .passthrough();
type Member = z.infer<typeof Member>;

const Container = z.object({ members: z.array(z.unknown()) }).passthrough();

export interface RosterResult {
  refreshed: boolean;
  members: number;
  error?: string;
}

export class RosterSync {
  constructor(
    private readonly models: Pick<LtiModels, "Course" | "User" | "Membership">,
    private readonly platforms: PlatformRegistry,
    private readonly tokens: PlatformTokens,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  async refreshIfStale(scope: CourseScope, maxAgeMs: number): Promise<RosterResult> {
    const course = await this.models.Course.findOne(scope).lean<CourseDoc & { rosterSyncedAt?: Date }>();
    const syncedAt = course?.rosterSyncedAt?.getTime() ?? 0;
    if (this.clock.now().getTime() - syncedAt < maxAgeMs) return { refreshed: false, members: -1 };
    return this.refresh(scope);
  }

  /** Never throws: a roster that cannot be fetched leaves the last one in place and says why. */
  async refresh(scope: CourseScope): Promise<RosterResult> {
    try {
      const course = await this.models.Course.findOne(scope).lean<CourseDoc>();
      const platform = await this.platforms.findById(scope.platformId);
      if (!course?.nrpsUrl || !platform) return { refreshed: false, members: 0, error: "NRPS_NOT_AVAILABLE" };
      const members = await this.fetchAll(platform, course.nrpsUrl);
      await this.store(scope, members);
      return { refreshed: true, members: members.length };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ platformId: scope.platformId, err: message }, "roster refresh failed");
      return { refreshed: false, members: 0, error: "NRPS_FAILED" };
    }
  }

  private async fetchAll(
    platform: Parameters<PlatformTokens["token"]>[0],
    firstUrl: string,
  ): Promise<Member[]> {
    const token = await this.tokens.token(platform, [NRPS_SCOPE]);
    const members: Member[] = [];
    let url: string | undefined = firstUrl;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const response = await callPlatform(
        this.fetchImpl,
        url,
        {
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
          },
        },
        this.clock.now().getTime(),
      );
      const container = Container.parse(await response.json());
      for (const raw of container.members) {
        const parsed = Member.safeParse(raw);
        if (parsed.success) members.push(parsed.data);
      }
      url = nextLink(response.headers.get("link"));
    }
    return members;
  }

  private async store(scope: CourseScope, members: Member[]): Promise<void> {
    const now = this.clock.now();
    const seen: string[] = [];
    for (const member of members) {
      const set: Record<string, string> = {};
      if (member.name) set.name = member.name;
      if (member.given_name) set.givenName = member.given_name;
      if (member.family_name) set.familyName = member.family_name;
      if (member.email) set.email = member.email;
      if (member.picture && member.picture.startsWith("https://")) set.picture = member.picture;
      const user = await this.models.User.findOneAndUpdate(
        { platformId: scope.platformId, sub: member.user_id },
        { $set: set, $setOnInsert: { _id: randomUUID(), createdAt: now } },
        { upsert: true, new: true },
      ).lean<{ _id: string }>();
      if (!user) continue;
      forgetPerson(scope.platformId, user._id);
      seen.push(user._id);
      await this.models.Membership.updateOne(
        { ...scope, userId: user._id },
        {
          $set: {
            ltiRoles: member.roles,
            roles: carnetRolesFrom(member.roles),
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
}

/** RFC 8288 Link header: <url>; rel="next". */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[2]?.split(/\s+/).includes("next")) return match[1];
  }
  return undefined;
}
