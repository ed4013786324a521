// One action on one competence, from the learner's or a trainer's page of it (self-assessment,
// resubmission, proposals and their answers, observation, withdrawal, paper forms), and the formative
// comments that sit beside them without deciding anything.
import type { Actor } from "../actor.js";
import { ConflictError } from "../../errors.js";
import { can } from "../../policies/policy.js";
import { competencesPolicy } from "../../policies/validation.js";
import type { Access, ValidationAccess } from "./access.js";
import { notificationsFor } from "./action-notifications.js";
import type { CompetenceRef, ValidationDeps } from "./ports.js";
import type { CompetenceKey, CompetenceRecord } from "./records.js";
import type { Channel, ValidationAction } from "./states.js";
import {
  MAX_COMMENT_LENGTH,
  appendSelfAssessment,
  competenceFramework,
  decideStep,
  evidenceResolver,
  invalid,
  readableTraces,
  refusalError,
} from "./use-case-steps.js";

export interface ActionInput {
  action: ValidationAction;
  channel: Channel;
  level?: string;
  comment?: string;
  traceIds?: string[];
  externalName?: string;
  scanId?: string;
  expectedRev?: number;
}

/** Actions that cite traces: a resubmission's evidence, a proposal's traces, a self-assessment's. */
const CITING: readonly ValidationAction[] = ["resubmit", "propose", "self_assess"];

export class CompetenceActions {
  constructor(
    private readonly deps: ValidationDeps,
    private readonly access: ValidationAccess,
  ) {}

  async perform(actor: Actor, target: CompetenceRef, input: ActionInput): Promise<CompetenceRecord> {
    const access = await this.access.access(actor, target.scope, target.learnerId);
    const framework = await competenceFramework(
      this.deps,
      target.scope.platformId,
      target.frameworkId,
      target.code,
    );
    const rules = await this.deps.rules.get(target.scope);
    const now = this.deps.clock.now();
    const key = keyFor(target, framework.id);
    const record = await this.deps.records.ensure(key, now);
    const comment = input.comment?.trim() ?? "";
    if (comment.length > MAX_COMMENT_LENGTH) throw invalid({ comment: "TOO_LONG" });
    const traceIds = input.traceIds ?? [];
    if (input.action === "propose") await this.mayCite(actor, target.learnerId, traceIds);
    const evidence = CITING.includes(input.action)
      ? (await evidenceResolver(this.deps, target.scope.platformId, target.learnerId, traceIds))(
          traceIds,
          comment,
        )
      : undefined;
    const result = decideStep({ access, rules, framework, now, newId: this.deps.newId }, record, {
      action: input.action,
      channel: input.channel,
      level: input.level,
      comment,
      evidence: input.action === "resubmit" ? evidence : undefined,
      proposal:
        input.action === "propose" && evidence
          ? { traceIds: evidence.traceIds, traceRevisions: evidence.traceRevisions }
          : undefined,
      externalName: input.externalName,
      scanId: input.scanId,
    });
    if (!result.ok) throw refusalError(result.reason);
    if (input.expectedRev !== undefined && input.expectedRev !== record.rev) throw new ConflictError();
    const written = await this.deps.records.apply(record, result.change, { now, expectedRev: record.rev });
    if (!written) throw new ConflictError();
    if (input.action === "self_assess" && input.level && evidence) {
      await appendSelfAssessment(this.deps, key, {
        level: input.level,
        justification: comment,
        evidence,
        now,
      });
    }
    await this.deps.notifications.notify(
      await notificationsFor(this.deps.directory, input.action, written, actor, record),
      now,
    );
    if (input.action === "withdraw") await this.deps.onWithdrawn?.(key).catch(() => undefined);
    return written;
  }

  /** A proposal cites traces the trainer may read, never a private one. */
  private async mayCite(actor: Actor, learnerId: string, traceIds: readonly string[]): Promise<void> {
    if (traceIds.length === 0) return;
    const readable = new Set(
      (await readableTraces(this.deps.readable, actor, learnerId)).map((trace) => trace.id),
    );
    if (traceIds.some((id) => !readable.has(id))) throw invalid({ traces: "TRACE_UNKNOWN" });
  }

  /**
   * Refuses, before a scan is stored, a paper form from someone who may not enter one: the learner
   * themselves (never their own validation) or a validator who does not teach in the course.
   */
  async mayRecordPaper(actor: Actor, target: Pick<CompetenceRef, "scope" | "learnerId">): Promise<void> {
    const access = await this.access.access(actor, target.scope, target.learnerId);
    if (!can(actor, competencesPolicy, "enterPaper", access))
      throw refusalError(access.roles.includes("learner") ? "OWN_COMPETENCE" : "ROLE_NOT_ALLOWED");
  }

  async comment(actor: Actor, target: CompetenceRef, body: string): Promise<void> {
    const access = await this.access.access(actor, target.scope, target.learnerId);
    if (!can(actor, competencesPolicy, "comment", access)) throw refusalError("ROLE_NOT_ALLOWED");
    const text = body.trim();
    if (text === "") throw invalid({ comment: "COMMENT_REQUIRED" });
    if (text.length > MAX_COMMENT_LENGTH) throw invalid({ comment: "TOO_LONG" });
    const framework = await competenceFramework(
      this.deps,
      target.scope.platformId,
      target.frameworkId,
      target.code,
    );
    const now = this.deps.clock.now();
    const key = keyFor(target, framework.id);
    const record = await this.deps.records.find(key);
    await this.deps.comments.append({
      id: this.deps.newId(),
      ...key,
      authorId: actor.userId,
      authorRole: access.displayRole,
      body: text,
      ...(record?.requestId ? { requestId: record.requestId } : {}),
      createdAt: now,
    });
    await this.notifyComment(actor, target, access, record, now);
  }

  /** The learner's comment goes to their validators (or the course's), a trainer's to the learner. */
  private async notifyComment(
    actor: Actor,
    target: CompetenceRef,
    access: Access,
    record: CompetenceRecord | null,
    now: Date,
  ): Promise<void> {
    const byLearner = access.roles.includes("learner");
    const recipients = byLearner
      ? record?.assignedValidatorIds.length
        ? record.assignedValidatorIds
        : await this.deps.directory.courseValidators(target.scope)
      : [target.learnerId];
    const code = encodeURIComponent(target.code);
    await this.deps.notifications.notify(
      recipients
        .filter((id) => id !== actor.userId)
        .map((userId) => ({
          ...target.scope,
          userId,
          kind: "comment" as const,
          params: { code: target.code, by: actor.userId },
          path: byLearner
            ? `learners/${target.learnerId}/competences/${target.frameworkId}/${code}`
            : `competences/${target.frameworkId}/${code}`,
        })),
      now,
    );
  }
}

function keyFor(target: CompetenceRef, frameworkId: string): CompetenceKey {
  return { ...target.scope, learnerId: target.learnerId, frameworkId, competenceCode: target.code };
}
