// Validation by observation from a placement supervisor who has no LMS account: the dossier area's
// invitation link vouches for them; the record keeps who observed and through which invitation.
import { ConflictError } from "../../errors.js";
import type { CompetenceRecordStore, CourseRulesReader, CourseScope, ValidationDeps } from "./ports.js";
import type { CompetenceRecord } from "./records.js";
import { transition } from "./transition.js";
import { competenceFramework, invalid, MAX_COMMENT_LENGTH, refusalError } from "./use-case-steps.js";

/** What a checked invitation link says about its holder: whom they observe, in which course. */
export interface InvitedObserver {
  scope: CourseScope;
  learnerId: string;
  invitationId: string;
  /** The supervisor's name as the inviter typed it ("Dr Anne Martin"). */
  name: string;
}

export interface ObservationInput {
  frameworkId: string;
  code: string;
  level: string;
  comment: string;
}

export interface InvitedObservationDeps {
  records: Pick<CompetenceRecordStore, "ensure" | "apply">;
  frameworks: Pick<ValidationDeps["frameworks"], "byId">;
  rules: CourseRulesReader;
  clock: { now(): Date };
  newId: () => string;
}

/** The validator id of an invitation: distinct from every LMS user and from paper forms' `external:`. */
export function invitationValidatorId(invitationId: string): string {
  return `invitation:${invitationId}`;
}

export class InvitedObservations {
  constructor(private readonly deps: InvitedObservationDeps) {}

  /** Records the observation as an approval (channel "observation"); refusals are the state machine's. */
  async observe(observer: InvitedObserver, input: ObservationInput): Promise<CompetenceRecord> {
    const { platformId, deploymentId, contextId } = observer.scope;
    const framework = await competenceFramework(this.deps, platformId, input.frameworkId, input.code);
    const comment = input.comment.trim();
    if (comment.length > MAX_COMMENT_LENGTH) throw invalid({ comment: "TOO_LONG" });
    const rules = await this.deps.rules.get(observer.scope);
    const now = this.deps.clock.now();
    const key = {
      platformId,
      deploymentId,
      contextId,
      learnerId: observer.learnerId,
      frameworkId: framework.id,
      competenceCode: input.code,
    };
    const record = await this.deps.records.ensure(key, now);
    const result = transition({
      record,
      action: "observe",
      channel: "observation",
      actor: {
        userId: invitationValidatorId(observer.invitationId),
        roles: ["validator"],
        displayRole: "supervisor",
      },
      scale: framework.definition.scale.levels,
      validationsRequired: rules.validationsRequired,
      now,
      entryId: this.deps.newId(),
      level: input.level,
      comment,
      externalName: observer.name,
      invitationId: observer.invitationId,
    });
    if (!result.ok) throw refusalError(result.reason);
    const written = await this.deps.records.apply(record, result.change, { now, expectedRev: record.rev });
    if (!written) throw new ConflictError();
    return written;
  }
}
