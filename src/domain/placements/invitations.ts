// The inviter's side of placement supervisors: the learner herself or a formateur who follows her
// invites a supervisor for one placement; both see the invitations and their state and may revoke; the
// learner picks the traces the supervisor reads.
import type { Clock } from "../../clock.js";
import { NotFoundError, ValidationError } from "../../errors.js";
import { authorize } from "../../policies/policy.js";
import { placementPolicy, type PlacementTarget } from "../../policies/placements.js";
import type { FollowingReason } from "../../policies/teaching-scope.js";
import type { Actor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { courseScopeOf, sameCourse, type CourseScope } from "../course.js";
import type { AccessLink, AccessLinks } from "../dossier/access-links.js";
import type { FrameworkCatalog, StoredFramework } from "../frameworks/catalog.js";
import { displayName, type PeopleDirectory } from "../people/people.js";
import { findCompetence, isAssessable } from "../frameworks/framework.js";
import type { PortfolioStore } from "../portfolio/ports.js";
import type { Trace } from "../portfolio/types.js";
import type { CourseRulesReader } from "../validation/ports.js";
import { launchScope } from "../validation/use-case-steps.js";
import {
  endsInThePast,
  invitationState,
  linkValidUntil,
  PLACEMENT_LIMITS,
  type InvitationState,
  type PlacementInvitation,
  type PlacementInvitationStore,
} from "./invitation.js";

export interface NewInvitation {
  name: string;
  email: string;
  placement: string;
  startsOn: Date;
  endsOn: Date;
  competenceCodes: string[];
}

export interface InvitationRow {
  invitation: PlacementInvitation;
  link: AccessLink | null;
  state: InvitationState;
  /** The link to send, while it can still be opened for the first time. */
  token: string | null;
}

export interface PlacementInvitationsDeps {
  store: PlacementInvitationStore;
  links: Pick<AccessLinks, "issue" | "byId" | "revoke" | "tokenOf">;
  /** Why the actor follows this learner in this course (teachingScope), if they do. */
  following(actor: Actor, scope: CourseScope, learnerId: string): Promise<FollowingReason | null>;
  rules: CourseRulesReader;
  frameworks: Pick<FrameworkCatalog, "byId">;
  traces: Pick<PortfolioStore, "tracesOf">;
  people: Pick<PeopleDirectory, "person">;
  audit: Pick<AuditLog, "record">;
  clock: Clock;
  newId: () => string;
}

/** What the invitations page shows besides the form's typed values. */
export interface InvitationsPage {
  rows: InvitationRow[];
  /** The course's framework: the competences an inviter may name. */
  framework: StoredFramework | null;
  learnerName: string;
}

export class PlacementInvitations {
  constructor(private readonly deps: PlacementInvitationsDeps) {}

  /** What the actor is to this learner, for the placements policy. */
  async target(actor: Actor, learnerId: string): Promise<PlacementTarget> {
    const scope = launchScope(actor);
    const following = actor.userId === learnerId ? null : await this.deps.following(actor, scope, learnerId);
    return { learnerId, following };
  }

  async invite(actor: Actor, learnerId: string, input: NewInvitation): Promise<InvitationRow> {
    authorize(actor, placementPolicy, "invite", await this.target(actor, learnerId));
    const scope = launchScope(actor);
    const now = this.deps.clock.now();
    const frameworkId = (await this.deps.rules.get(scope)).frameworkId ?? null;
    const errors: Record<string, string> = {};
    if (endsInThePast(input.endsOn, now)) errors.endsOn = "PLACEMENT_ENDED";
    else if (input.endsOn.getTime() < input.startsOn.getTime()) errors.endsOn = "PLACEMENT_DATES_ORDER";
    const codes = [...new Set(input.competenceCodes)];
    if (codes.length > 0 && !(await this.knownCompetences(scope, frameworkId, codes)))
      errors.competences = "COMPETENCE_UNKNOWN";
    if (Object.keys(errors).length > 0) throw new ValidationError("VALIDATION_FAILED", {}, errors);
    const id = this.deps.newId();
    const link = await this.deps.links.issue({
      ...scope,
      kind: "placement",
      parentId: id,
      holder: { name: input.name, email: input.email },
      validFrom: now,
      validUntil: linkValidUntil(input.endsOn),
      createdBy: actor.userId,
    });
    const invitation: PlacementInvitation = {
      ...scope,
      id,
      learnerId,
      supervisor: { name: input.name, email: input.email },
      placement: input.placement,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      frameworkId,
      competenceCodes: codes,
      traceIds: [],
      linkId: link.id,
      createdBy: actor.userId,
      createdAt: now,
      evaluation: null,
      comments: [],
      mail: { pending: true, sentAt: null },
    };
    await this.deps.store.insert(invitation);
    await this.audit(actor, "placement.invited", invitation);
    return this.row(invitation, link);
  }

  /** The learner's invitations, newest first, with their links' state. */
  async list(actor: Actor, learnerId: string): Promise<InvitationRow[]> {
    authorize(actor, placementPolicy, "list", await this.target(actor, learnerId));
    const invitations = await this.deps.store.forLearner(launchScope(actor), learnerId);
    return Promise.all(
      invitations.map(async (invitation) =>
        this.row(invitation, await this.deps.links.byId(invitation.linkId)),
      ),
    );
  }

  async page(actor: Actor, learnerId: string): Promise<InvitationsPage> {
    const rows = await this.list(actor, learnerId);
    const [rules, learner] = await Promise.all([
      this.deps.rules.get(launchScope(actor)),
      this.deps.people.person(actor.platformId, learnerId),
    ]);
    const framework = rules.frameworkId
      ? await this.deps.frameworks.byId(actor.platformId, rules.frameworkId)
      : null;
    return { rows, framework, learnerName: learner ? displayName(learner) : "" };
  }

  async revoke(actor: Actor, learnerId: string, invitationId: string): Promise<void> {
    const invitation = await this.owned(actor, learnerId, invitationId, "revoke");
    await this.deps.links.revoke(invitation.platformId, invitation.linkId);
    await this.audit(actor, "placement.revoked", invitation);
  }

  /** The learner's traces she may share with a supervisor (her own, newest first). */
  shareable(actor: Actor): Promise<Trace[]> {
    return this.deps.traces.tracesOf(actor.platformId, actor.userId, 200);
  }

  /** The learner picks which of her traces this supervisor reads (replacing the previous choice). */
  async shareTraces(actor: Actor, invitationId: string, traceIds: readonly string[]): Promise<void> {
    const invitation = await this.owned(actor, actor.userId, invitationId, "shareTraces");
    const wanted = [...new Set(traceIds)];
    if (wanted.length > PLACEMENT_LIMITS.traces)
      throw new ValidationError(
        "VALIDATION_FAILED",
        { max: PLACEMENT_LIMITS.traces },
        { traces: "TOO_MANY_TRACES" },
      );
    const own = new Set((await this.shareable(actor)).map((trace) => trace.id));
    if (wanted.some((id) => !own.has(id)))
      throw new ValidationError("VALIDATION_FAILED", {}, { traces: "TRACE_UNKNOWN" });
    await this.deps.store.setTraces(invitation.platformId, invitation.id, wanted);
    await this.audit(actor, "placement.traces_shared", invitation, { traces: wanted.length });
  }

  private async owned(
    actor: Actor,
    learnerId: string,
    invitationId: string,
    action: "revoke" | "shareTraces",
  ): Promise<PlacementInvitation> {
    authorize(actor, placementPolicy, action, await this.target(actor, learnerId));
    const invitation = await this.deps.store.byId(actor.platformId, invitationId);
    // Invitations belong to the course they were made in, like everything a formateur follows there.
    if (!invitation || invitation.learnerId !== learnerId || !sameCourse(invitation, launchScope(actor)))
      throw new NotFoundError("NOT_FOUND", "no such invitation for this learner in this course");
    return invitation;
  }

  private row(invitation: PlacementInvitation, link: AccessLink | null): InvitationRow {
    const state = invitationState(link, this.deps.clock.now());
    return {
      invitation,
      link,
      state,
      token: link && state === "not_opened" ? this.deps.links.tokenOf(link) : null,
    };
  }

  private async knownCompetences(
    scope: CourseScope,
    frameworkId: string | null,
    codes: readonly string[],
  ): Promise<boolean> {
    if (codes.length > PLACEMENT_LIMITS.competences || !frameworkId) return false;
    const framework = await this.deps.frameworks.byId(scope.platformId, frameworkId);
    if (!framework) return false;
    return codes.every((code) => {
      const found = findCompetence(framework.definition, code);
      return found !== undefined && isAssessable(found.node);
    });
  }

  private audit(
    actor: Actor,
    action: string,
    invitation: PlacementInvitation,
    details: Record<string, string | number> = {},
  ): Promise<void> {
    // Never the supervisor's name or e-mail: the invitation's id says who it was.
    return this.deps.audit.record({
      action,
      outcome: "done",
      actor: { kind: "user", platformId: actor.platformId, userId: actor.userId },
      target: { type: "placement_invitation", id: invitation.id },
      tenant: courseScopeOf(invitation),
      details: { learner: invitation.learnerId, ...details },
      at: this.deps.clock.now(),
    });
  }
}
