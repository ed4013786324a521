// Names and Role Provisioning Services 2.0: the whole course roster, including learners who never
// launched Carnet. Cached on the course and refreshed when older than a limit.
import { z } from "zod";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { RosterMember, RosterSource } from "../persistence/course-rosters.js";
import type { CourseScope } from "../persistence/people-repository.js";
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
    private readonly rosters: RosterSource,
    private readonly platforms: PlatformRegistry,
    private readonly tokens: PlatformTokens,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  async refreshIfStale(scope: CourseScope, maxAgeMs: number): Promise<RosterResult> {
    const course = await this.rosters.rosterOf(scope);
    const syncedAt = course?.syncedAt?.getTime() ?? 0;
    if (this.clock.now().getTime() - syncedAt < maxAgeMs) return { refreshed: false, members: -1 };
    return this.refresh(scope);
  }

  /** Never throws: a roster that cannot be fetched leaves the last one in place and says why. */
  async refresh(scope: CourseScope): Promise<RosterResult> {
    try {
      const course = await this.rosters.rosterOf(scope);
      const platform = await this.platforms.findById(scope.platformId);
      if (!course?.nrpsUrl || !platform) return { refreshed: false, members: 0, error: "NRPS_NOT_AVAILABLE" };
      const members = await this.fetchAll(platform, course.nrpsUrl);
      await this.rosters.replaceRoster(scope, members.map(toRosterMember));
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
}

function toRosterMember(member: Member): RosterMember {
  return {
    sub: member.user_id,
    ltiRoles: member.roles,
    roles: carnetRolesFrom(member.roles),
    status: member.status,
    ...(member.name ? { name: member.name } : {}),
    ...(member.given_name ? { givenName: member.given_name } : {}),
    ...(member.family_name ? { familyName: member.family_name } : {}),
    ...(member.email ? { email: member.email } : {}),
    ...(member.picture ? { picture: member.picture } : {}),
  };
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
