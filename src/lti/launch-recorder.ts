// Turns a verified launch into Carnet's records: the person (one per platform and sub), the course,
// the membership, the placement, and the launch the browser continues with.
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import type { LaunchDoc, LtiModels, PlacementDoc, UserDoc } from "../persistence/models/lti-models.js";
import { forgetPerson } from "../persistence/people-repository.js";
import type { PlatformRecord } from "../persistence/platform-registry.js";
import { CLAIM, customParameters, type LaunchClaims } from "./claims.js";
import { GRADING_POLICIES, PLACEMENT_VIEWS, scoreMaximumOf } from "./deep-linking.js";
import { carnetRolesFrom } from "./roles.js";
import { cleanText } from "../web/input-text.js";
import { isDuplicateKey } from "../persistence/errors.js";
import { trustedServiceClaims } from "./service-urls.js";
import { MAX_MENTEES_PER_LAUNCH, type MentorLaunch } from "../domain/tutoring/mentor-scope.js";

export type LaunchFacts = Omit<LaunchDoc, "_id" | "createdAt" | "expiresAt" | "sessionId">;

/** Where the mentees a launch lists become tutoring relations (MentorScopeSync). */
export interface MentorRelations {
  apply(launch: MentorLaunch): Promise<unknown>;
}

export class LaunchRecorder {
  constructor(
    private readonly models: Pick<LtiModels, "User" | "Course" | "Membership" | "Placement">,
    private readonly clock: Clock,
    private readonly mentors?: MentorRelations,
  ) {}

  async record(
    platform: PlatformRecord,
    claims: LaunchClaims,
  ): Promise<{ user: UserDoc; facts: LaunchFacts; ignoredServiceUrls: string[] }> {
    const now = this.clock.now();
    const deploymentId = claims[CLAIM.deploymentId];
    const ltiRoles = claims[CLAIM.roles].filter((role) => role.trim() !== "");
    const roles = carnetRolesFrom(ltiRoles);
    const user = await this.upsertUser(platform._id, claims, now);
    const context = claims[CLAIM.context];
    const link = claims[CLAIM.resourceLink];
    const custom = customParameters(claims);
    const { ags, nrps, ignored } = trustedServiceClaims(platform, claims);
    const presentation = claims[CLAIM.launchPresentation];

    if (context) {
      const scope = { platformId: platform._id, deploymentId, contextId: context.id };
      await Promise.all([
        this.models.Course.updateOne(
          scope,
          {
            $set: {
              title: context.title === undefined ? undefined : cleanText(context.title),
              label: context.label === undefined ? undefined : cleanText(context.label),
              types: context.type ?? [],
              ...(nrps ? { nrpsUrl: nrps.context_memberships_url } : {}),
              lastLaunchAt: now,
            },
            $setOnInsert: { _id: randomUUID(), createdAt: now },
          },
          { upsert: true },
        ),
        this.models.Membership.updateOne(
          { ...scope, userId: user._id },
          {
            $set: { ltiRoles, roles, source: "launch", status: "Active", lastLaunchAt: now, updatedAt: now },
            $setOnInsert: { _id: randomUUID() },
          },
          { upsert: true },
        ),
        link ? this.upsertPlacement(scope, link.id, link.title, custom, ags, now) : Promise.resolve(),
      ]);
    }

    await this.recordMentees(
      platform._id,
      user._id,
      roles,
      claims,
      context ? { deploymentId, contextId: context.id } : null,
      now,
    );

    const settings = claims[CLAIM.deepLinkingSettings];
    const facts: LaunchFacts = {
      platformId: platform._id,
      deploymentId,
      contextId: context?.id ?? null,
      resourceLinkId: link?.id ?? null,
      userId: user._id,
      ltiRoles,
      roles,
      mentees: claims[CLAIM.roleScopeMentor] ?? [],
      messageType: claims[CLAIM.messageType],
      locale: presentation?.locale ?? claims.locale,
      returnUrl: presentation?.return_url,
      documentTarget: presentation?.document_target,
      custom,
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
    return { user, facts, ignoredServiceUrls: ignored };
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
    course: { deploymentId: string; contextId: string } | null,
    now: Date,
  ): Promise<void> {
    const subs = claims[CLAIM.roleScopeMentor];
    if (!this.mentors || !subs || !roles.includes("mentor")) return;
    const menteeIds: string[] = [];
    for (const sub of [...new Set(subs)].slice(0, MAX_MENTEES_PER_LAUNCH)) {
      if (sub.trim() === "" || sub.length > 255) continue;
      const mentee = await this.menteeBySub(platformId, sub, now);
      if (mentee) menteeIds.push(mentee._id);
    }
    await this.mentors.apply({ platformId, mentorId, menteeIds, course, at: now });
  }

  /** The person with this LMS user id, created when Carnet has not met them yet. */
  private async menteeBySub(platformId: string, sub: string, now: Date): Promise<UserDoc | null> {
    const upsert = () =>
      this.models.User.findOneAndUpdate(
        { platformId, sub },
        { $setOnInsert: { _id: randomUUID(), createdAt: now } },
        { upsert: true, new: true },
      ).lean<UserDoc>();
    try {
      return await upsert();
    } catch (error) {
      // The mentee's own first launch may create them at the same moment: read back the winner.
      if (isDuplicateKey(error)) return upsert();
      throw error;
    }
  }

  private async upsertUser(platformId: string, claims: LaunchClaims, now: Date): Promise<UserDoc> {
    // Claims a platform does not share (privacy settings) are left as they were, never blanked.
    const present: Partial<UserDoc> = {};
    // Names are shown to others: no control or bidi-override character survives (as for form text).
    if (claims.name) present.name = cleanText(claims.name);
    if (claims.given_name) present.givenName = cleanText(claims.given_name);
    if (claims.family_name) present.familyName = cleanText(claims.family_name);
    if (claims.email) present.email = claims.email;
    if (claims.picture && /^https:\/\//.test(claims.picture)) present.picture = claims.picture;
    const locale = claims[CLAIM.launchPresentation]?.locale ?? claims.locale;
    if (locale) present.locale = locale;
    const update = {
      $set: { ...present, lastLaunchAt: now },
      $setOnInsert: { _id: randomUUID(), createdAt: now },
    };
    const filter = { platformId, sub: claims.sub };
    try {
      return await this.findOneAndUpsertUser(filter, update);
    } catch (error) {
      // Two first launches of one person at once: the unique index lets one insert win; read it back.
      if (isDuplicateKey(error)) return this.findOneAndUpsertUser(filter, update);
      throw error;
    }
  }

  private async findOneAndUpsertUser(
    filter: { platformId: string; sub: string },
    update: object,
  ): Promise<UserDoc> {
    const user = await this.models.User.findOneAndUpdate(filter, update, {
      upsert: true,
      new: true,
    }).lean<UserDoc>();
    if (!user) throw new Error("user upsert returned nothing");
    forgetPerson(user.platformId, user._id);
    return user;
  }

  private async upsertPlacement(
    scope: { platformId: string; deploymentId: string; contextId: string },
    resourceLinkId: string,
    title: string | undefined,
    custom: Record<string, string>,
    ags: LaunchClaims[typeof CLAIM.ags],
    now: Date,
  ): Promise<void> {
    const view = PLACEMENT_VIEWS.find((candidate) => candidate === custom.view) ?? "portfolio";
    const set: Partial<PlacementDoc> & { updatedAt: Date } = { title, view, updatedAt: now };
    if (custom.framework) set.frameworkId = custom.framework;
    if (ags) set.ags = { lineitem: ags.lineitem, lineitems: ags.lineitems, scopes: ags.scope };
    if (ags?.lineitem) set.graded = true;
    // The grading choices made at deep linking seed the placement once; later edits in Carnet win.
    const onInsert: Partial<PlacementDoc> = { _id: randomUUID(), createdAt: now };
    const policy = GRADING_POLICIES.find((candidate) => candidate === custom.grading_policy);
    if (policy)
      onInsert.grading = {
        policy,
        showRunningScore: custom.running_score !== "false",
        scoreMaximum: scoreMaximumOf(custom.score_maximum),
      };
    await this.models.Placement.updateOne(
      { ...scope, resourceLinkId },
      { $set: set, $setOnInsert: onInsert },
      { upsert: true },
    );
  }
}
