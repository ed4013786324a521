// The supervisor's side, behind a working invitation link and nothing else: the learner's name, the
// placement, the competences in question, only the traces shared with them; the evaluation, validation
// by observation, comments, and a concern that goes to the confidential support circle (not evaluators).
import type { Clock } from "../../clock.js";
import { AppError, fieldProblem, NotFoundError, ValidationError } from "../../errors.js";
import type { AuditLog } from "../audit/audit-log.js";
import { courseScopeOf } from "../course.js";
import type { AccessLink } from "../dossier/access-links.js";
import type { FrameworkCatalog, StoredFramework } from "../frameworks/catalog.js";
import { leafCompetences } from "../frameworks/framework.js";
import { displayName, type PeopleDirectory } from "../people/people.js";
import type { PortfolioStore } from "../portfolio/ports.js";
import type { Trace } from "../portfolio/types.js";
import type { ConcernInput, SignalDesk } from "../support/signal-desk.js";
import type { InvitedObservations } from "../validation/invited-observation.js";
import type { CompetenceRecordStore } from "../validation/ports.js";
import type { CompetenceRecord } from "../validation/records.js";
import {
  EVALUATION_LEVELS,
  evaluationFormFor,
  type EvaluationForm,
  type EvaluationLevel,
} from "./evaluation-forms.js";
import { PLACEMENT_LIMITS, type PlacementInvitation, type PlacementInvitationStore } from "./invitation.js";

export interface SupervisorView {
  invitation: PlacementInvitation;
  learnerName: string;
  inviterName: string;
  framework: StoredFramework | null;
  /** The competences in question, with the learner's record of each (if any). */
  competences: { code: string; record: CompetenceRecord | null }[];
  /** Only the traces the learner shared with this supervisor, still hers. */
  traces: Trace[];
  form: EvaluationForm;
}

export interface EvaluationInput {
  ratings: Record<string, string>;
  comment: string;
}

export interface SupervisorDeskDeps {
  store: PlacementInvitationStore;
  frameworks: Pick<FrameworkCatalog, "byId">;
  records: Pick<CompetenceRecordStore, "forLearner">;
  traces: Pick<PortfolioStore, "tracesOf">;
  people: Pick<PeopleDirectory, "person">;
  observations: Pick<InvitedObservations, "observe">;
  signals: Pick<SignalDesk, "recordFromInvitation">;
  audit: Pick<AuditLog, "record">;
  clock: Clock;
}

export class SupervisorDesk {
  constructor(private readonly deps: SupervisorDeskDeps) {}

  /** The invitation a working placement link opens (a link without one is gone: 404). */
  async invitationOf(link: AccessLink): Promise<PlacementInvitation> {
    const invitation = await this.deps.store.byId(link.platformId, link.parentId);
    if (!invitation || invitation.linkId !== link.id) throw new NotFoundError("NOT_FOUND", "invitation gone");
    return invitation;
  }

  /** What the supervisor's page shows; the reading is audited. */
  async view(link: AccessLink): Promise<SupervisorView> {
    const invitation = await this.invitationOf(link);
    const [learner, inviter, framework] = await Promise.all([
      this.deps.people.person(invitation.platformId, invitation.learnerId),
      this.deps.people.person(invitation.platformId, invitation.createdBy),
      invitation.frameworkId
        ? this.deps.frameworks.byId(invitation.platformId, invitation.frameworkId)
        : null,
    ]);
    const [records, own] = await Promise.all([
      framework
        ? this.deps.records.forLearner(courseScopeOf(invitation), invitation.learnerId, framework.id)
        : [],
      invitation.traceIds.length > 0
        ? this.deps.traces.tracesOf(invitation.platformId, invitation.learnerId)
        : [],
    ]);
    const byCode = new Map(records.map((record) => [record.competenceCode, record]));
    const shared = new Set(invitation.traceIds);
    await this.audit("placement.opened", link, invitation);
    return {
      invitation,
      learnerName: learner ? displayName(learner) : "",
      inviterName: inviter ? displayName(inviter) : "",
      framework,
      competences: this.codesInQuestion(invitation, framework).map((code) => ({
        code,
        record: byCode.get(code) ?? null,
      })),
      traces: own.filter((trace) => shared.has(trace.id)),
      form: evaluationFormFor(framework?.key ?? null),
    };
  }

  /** Validation by observation, recorded in the validation domain with the invitation as provenance. */
  async observe(link: AccessLink, input: { code: string; level: string; comment: string }): Promise<void> {
    const invitation = await this.invitationOf(link);
    const framework = invitation.frameworkId
      ? await this.deps.frameworks.byId(invitation.platformId, invitation.frameworkId)
      : null;
    if (!framework || !this.codesInQuestion(invitation, framework).includes(input.code))
      throw fieldProblem("code", "COMPETENCE_UNKNOWN");
    try {
      await this.deps.observations.observe(
        {
          scope: courseScopeOf(invitation),
          learnerId: invitation.learnerId,
          invitationId: invitation.id,
          name: invitation.supervisor.name,
        },
        { frameworkId: framework.id, code: input.code, level: input.level, comment: input.comment },
      );
    } catch (error) {
      // Already validated, or already approved through this invitation: said next to the competence.
      if (error instanceof AppError && error.status === 409) throw fieldProblem("code", error.code);
      throw error;
    }
    await this.audit("placement.observed", link, invitation, { competence: input.code });
  }

  /** The placement evaluation: every criterion of the programme's form rated, a comment if they wish. */
  async evaluate(link: AccessLink, input: EvaluationInput): Promise<void> {
    const invitation = await this.invitationOf(link);
    const framework = invitation.frameworkId
      ? await this.deps.frameworks.byId(invitation.platformId, invitation.frameworkId)
      : null;
    const form = evaluationFormFor(framework?.key ?? null);
    const ratings: Record<string, EvaluationLevel> = {};
    const errors: Record<string, string> = {};
    for (const criterion of form.criteria) {
      const level = EVALUATION_LEVELS.find((candidate) => candidate === input.ratings[criterion.code]);
      if (level) ratings[criterion.code] = level;
      else errors[`rating_${criterion.code}`] = "RATING_REQUIRED";
    }
    const comment = input.comment.trim();
    if (comment.length > PLACEMENT_LIMITS.comment) errors.comment = "TOO_LONG";
    if (Object.keys(errors).length > 0)
      throw new ValidationError("VALIDATION_FAILED", { max: PLACEMENT_LIMITS.comment }, errors);
    await this.deps.store.setEvaluation(invitation.platformId, invitation.id, {
      formKey: form.key,
      ratings,
      comment,
      at: this.deps.clock.now(),
    });
    await this.audit("placement.evaluated", link, invitation);
  }

  async comment(link: AccessLink, body: string): Promise<void> {
    const invitation = await this.invitationOf(link);
    const text = body.trim();
    if (text === "") throw fieldProblem("body", "REQUIRED");
    if (text.length > PLACEMENT_LIMITS.comment)
      throw fieldProblem("body", "TOO_LONG", { max: PLACEMENT_LIMITS.comment });
    const added = await this.deps.store.addComment(
      invitation.platformId,
      invitation.id,
      { body: text, at: this.deps.clock.now() },
      PLACEMENT_LIMITS.comments,
    );
    if (!added) throw fieldProblem("body", "TOO_MANY_COMMENTS", { max: PLACEMENT_LIMITS.comments });
    await this.audit("placement.commented", link, invitation);
  }

  /** A concern goes to the learner's support circle only: evaluators never see it. */
  async flagConcern(link: AccessLink, input: ConcernInput): Promise<void> {
    const invitation = await this.invitationOf(link);
    await this.deps.signals.recordFromInvitation(
      { platformId: invitation.platformId, learnerId: invitation.learnerId, invitationId: invitation.id },
      input,
    );
    await this.audit("placement.concern_flagged", link, invitation);
  }

  /** A refused link, audited without any name: the link's id, the reason. */
  refused(link: AccessLink | null, reason: string): Promise<void> {
    return this.deps.audit.record({
      action: "placement.link_refused",
      outcome: "refused",
      actor: { kind: "anonymous", ...(link ? { platformId: link.platformId } : {}), label: linkLabel(link) },
      ...(link
        ? {
            target: { type: "placement_invitation", id: link.parentId },
            tenant: courseScopeOf(link),
          }
        : {}),
      details: { reason },
      at: this.deps.clock.now(),
    });
  }

  /** Whom to ask when the link no longer works: who invited them. */
  async contactFor(link: AccessLink): Promise<string> {
    const person = await this.deps.people.person(link.platformId, link.createdBy);
    return person ? displayName(person) : "";
  }

  private codesInQuestion(invitation: PlacementInvitation, framework: StoredFramework | null): string[] {
    if (!framework) return [];
    const all = leafCompetences(framework.definition).map(({ node }) => node.code);
    if (invitation.competenceCodes.length === 0) return all;
    const known = new Set(all);
    return invitation.competenceCodes.filter((code) => known.has(code));
  }

  private audit(
    action: string,
    link: AccessLink,
    invitation: PlacementInvitation,
    details: Record<string, string> = {},
  ): Promise<void> {
    return this.deps.audit.record({
      action,
      outcome: "done",
      actor: { kind: "anonymous", platformId: link.platformId, label: linkLabel(link) },
      target: { type: "placement_invitation", id: invitation.id },
      tenant: courseScopeOf(invitation),
      details: { link: link.id, ...details },
      at: this.deps.clock.now(),
    });
  }
}

function linkLabel(link: AccessLink | null): string {
  // Never a name or an e-mail in the audit log: the link's id says who it was.
  return link ? `placement link ${link.id}` : "placement link";
}
