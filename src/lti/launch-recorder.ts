// Turns a verified launch into Carnet's records: the person (one per platform and sub), the course,
// the membership, the placement, and the launch the browser continues with.
import type { Clock } from "../clock.js";
import type { CourseScope } from "../domain/course.js";
import type { Launch } from "../persistence/session-store.js";
import type {
  LaunchRecords,
  LaunchedPerson,
  PersonClaims,
  PlacementChanges,
  PlacementSeed,
} from "../persistence/launch-records.js";
import type { PlatformRecord } from "../persistence/platform-registry.js";
import { CLAIM, customParameters, type LaunchClaims } from "./claims.js";
import { GRADING_POLICIES, PLACEMENT_VIEWS, scoreMaximumOf } from "./deep-linking.js";
import { carnetRolesFrom } from "./roles.js";
import { cleanText } from "../web/input-text.js";
import { trustedServiceClaims } from "./service-urls.js";
import { MAX_MENTEES_PER_LAUNCH, type MentorLaunch } from "../domain/tutoring/mentor-scope.js";

export type LaunchFacts = Omit<Launch, "_id" | "createdAt" | "expiresAt" | "sessionId">;

/** Where the mentees a launch lists become tutoring relations (MentorScopeSync). */
export interface MentorRelations {
  apply(launch: MentorLaunch): Promise<unknown>;
}

/** The writes a launch makes (persistence/launch-records.ts), each an upsert on a unique key. */
export type LaunchWrites = Pick<
  LaunchRecords,
  | "expectedPersonId"
  | "upsertPerson"
  | "ensurePerson"
  | "upsertCourse"
  | "upsertMembership"
  | "upsertPlacement"
  | "removeMembership"
>;

export class LaunchRecorder {
  constructor(
    private readonly records: LaunchWrites,
    private readonly clock: Clock,
    private readonly mentors?: MentorRelations,
  ) {}

  /** The id the person most likely has (written with it at once; `person` says which it is). */
  expectedPersonId(platform: PlatformRecord, claims: LaunchClaims): string {
    return this.records.expectedPersonId(platform._id, claims.sub);
  }

  person(platform: PlatformRecord, claims: LaunchClaims): Promise<LaunchedPerson> {
    return this.records.upsertPerson(platform._id, claims.sub, personClaims(claims), this.clock.now());
  }

  /**
   * The course, the membership and the placement, written at once: each is an upsert on its own unique
   * key and none reads another. `userId` may be a guess (expectedPersonId): see `unenrol`.
   */
  async enrol(platform: PlatformRecord, claims: LaunchClaims, userId: string): Promise<void> {
    const now = this.clock.now();
    const ltiRoles = ltiRolesOf(claims);
    const roles = carnetRolesFrom(ltiRoles);
    const context = claims[CLAIM.context];
    const link = claims[CLAIM.resourceLink];
    const { ags, nrps } = trustedServiceClaims(platform, claims);
    const scope = courseScopeOf(platform, claims);
    await Promise.all([
      scope
        ? this.records.upsertCourse(
            scope,
            {
              title: context?.title === undefined ? undefined : cleanText(context.title),
              label: context?.label === undefined ? undefined : cleanText(context.label),
              types: context?.type ?? [],
              nrpsUrl: nrps?.context_memberships_url,
            },
            now,
          )
        : undefined,
      scope ? this.records.upsertMembership(scope, userId, { ltiRoles, roles }, now) : undefined,
      scope && link
        ? this.upsertPlacement(scope, link.id, link.title, customParameters(claims), ags, now)
        : undefined,
    ]);
  }

  /** Removes the membership `enrol` wrote under an id that turned out not to be the person's. */
  async unenrol(platform: PlatformRecord, claims: LaunchClaims, wrongId: string): Promise<void> {
    const scope = courseScopeOf(platform, claims);
    if (scope) await this.records.removeMembership(scope, wrongId);
  }

  /**
   * A Mentor's mentees, once the person's id is certain (the relations name them as the mentor).
   */
  async mentees(platform: PlatformRecord, claims: LaunchClaims, mentorId: string): Promise<void> {
    const roles = carnetRolesFrom(ltiRolesOf(claims));
    const scope = courseScopeOf(platform, claims);
    await this.recordMentees(platform._id, mentorId, roles, claims, scope, this.clock.now());
  }

  /** What the launch record keeps (no database): who, where, with which roles and services. */
  facts(
    platform: PlatformRecord,
    claims: LaunchClaims,
    userId: string,
  ): { facts: LaunchFacts; ignoredServiceUrls: string[] } {
    const ltiRoles = ltiRolesOf(claims);
    const context = claims[CLAIM.context];
    const link = claims[CLAIM.resourceLink];
    const { ags, nrps, ignored } = trustedServiceClaims(platform, claims);
    const presentation = claims[CLAIM.launchPresentation];
    const settings = claims[CLAIM.deepLinkingSettings];
    const facts: LaunchFacts = {
      platformId: platform._id,
      deploymentId: claims[CLAIM.deploymentId],
      contextId: context?.id ?? null,
      resourceLinkId: link?.id ?? null,
      userId,
      ltiRoles,
      roles: carnetRolesFrom(ltiRoles),
      mentees: claims[CLAIM.roleScopeMentor] ?? [],
      messageType: claims[CLAIM.messageType],
      locale: presentation?.locale ?? claims.locale,
      returnUrl: presentation?.return_url,
      documentTarget: presentation?.document_target,
      custom: customParameters(claims),
      deepLinking: settings
        ? {
            returnUrl: settings.deep_link_return_url,
            data: settings.data,
            acceptTypes: settings.accept_types,
            acceptMultiple: settings.accept_multiple !== false && settings.accept_multiple !== "false",
            acceptLineItem: settings.accept_lineitem !== false && settings.accept_lineitem !== "false",
          }
        : undefined,
      ags: ags ? { lineitems: ags.lineitems, lineitem: ags.lineitem, scopes: ags.scope } : undefined,
      nrpsUrl: nrps?.context_memberships_url,
    };
    return { facts, ignoredServiceUrls: ignored };
  }

  /**
   * A Mentor's launch lists whom they mentor (LTI 1.3 role_scope_mentor: the mentees' LMS user ids):
   * Carnet keeps them as tutoring relations from the LMS, creating the people it has not met yet.
   * Without the claim nothing changes; an empty claim ends the relations the LMS had made.
   */
  private async recordMentees(
    platformId: string,
    mentorId: string,
    roles: readonly string[],
    claims: LaunchClaims,
    scope: CourseScope | null,
    now: Date,
  ): Promise<void> {
    const subs = claims[CLAIM.roleScopeMentor];
    if (!this.mentors || !subs || !roles.includes("mentor")) return;
    const menteeIds: string[] = [];
    for (const sub of [...new Set(subs)].slice(0, MAX_MENTEES_PER_LAUNCH)) {
      if (sub.trim() === "" || sub.length > 255) continue;
      const mentee = await this.records.ensurePerson(platformId, sub, now);
      if (mentee) menteeIds.push(mentee._id);
    }
    const course = scope ? { deploymentId: scope.deploymentId, contextId: scope.contextId } : null;
    await this.mentors.apply({ platformId, mentorId, menteeIds, course, at: now });
  }

  private upsertPlacement(
    scope: CourseScope,
    resourceLinkId: string,
    title: string | undefined,
    custom: Record<string, string>,
    ags: LaunchClaims[typeof CLAIM.ags],
    now: Date,
  ): Promise<void> {
    const view = PLACEMENT_VIEWS.find((candidate) => candidate === custom.view) ?? "portfolio";
    const changes: PlacementChanges = { title, view };
    if (custom.framework) changes.frameworkId = custom.framework;
    if (ags) changes.ags = { lineitem: ags.lineitem, lineitems: ags.lineitems, scopes: ags.scope };
    if (ags?.lineitem) changes.graded = true;
    // The grading choices made at deep linking seed the placement once; later edits in Carnet win.
    const seed: PlacementSeed = {};
    const policy = GRADING_POLICIES.find((candidate) => candidate === custom.grading_policy);
    if (policy)
      seed.grading = {
        policy,
        showRunningScore: custom.running_score !== "false",
        scoreMaximum: scoreMaximumOf(custom.score_maximum),
      };
    return this.records.upsertPlacement(scope, resourceLinkId, changes, seed, now);
  }
}

function ltiRolesOf(claims: LaunchClaims): string[] {
  return claims[CLAIM.roles].filter((role) => role.trim() !== "");
}

/** Claims a platform does not share (privacy settings) are left as they were, never blanked. */
function personClaims(claims: LaunchClaims): PersonClaims {
  const present: PersonClaims = {};
  // Names are shown to others: no control or bidi-override character survives (as for form text).
  if (claims.name) present.name = cleanText(claims.name);
  if (claims.given_name) present.givenName = cleanText(claims.given_name);
  if (claims.family_name) present.familyName = cleanText(claims.family_name);
  if (claims.email) present.email = claims.email;
  if (claims.picture && /^https:\/\//.test(claims.picture)) present.picture = claims.picture;
  const locale = claims[CLAIM.launchPresentation]?.locale ?? claims.locale;
  if (locale) present.locale = locale;
  return present;
}

/** The course a launch comes from (none for a launch outside a course). */
function courseScopeOf(platform: PlatformRecord, claims: LaunchClaims): CourseScope | null {
  const context = claims[CLAIM.context];
  return context
    ? { platformId: platform._id, deploymentId: claims[CLAIM.deploymentId], contextId: context.id }
    : null;
}
