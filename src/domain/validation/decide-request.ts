// A validator decides the items of one request in one sitting: each item keeps its own written reason
// and outcome, and a decision made from a stale page is a conflict, never an overwrite.
import type { Actor } from "../actor.js";
import { NotFoundError } from "../../errors.js";
import type { ValidationAccess } from "./access.js";
import type { CourseScope, ValidationDeps, ValidationRequest } from "./ports.js";
import type { CompetenceRecord } from "./records.js";
import type { Channel } from "./states.js";
import {
  MAX_COMMENT_LENGTH,
  decideStep,
  frameworkOf,
  invalid,
  isInputRefusal,
  keyOf,
  recordsByCode,
  refusalError,
  type StepContext,
} from "./use-case-steps.js";

export type Decision = "validate" | "ask_more_evidence" | "comment" | "none";

export interface ItemDecision {
  code: string;
  decision: Decision;
  level?: string;
  comment: string;
  /** The record's revision the validator saw. */
  rev: number;
}

export type ItemOutcome = "validated" | "approved" | "more_evidence" | "commented" | "conflict" | "skipped";

interface Sitting {
  actor: Actor;
  request: ValidationRequest;
  scope: CourseScope;
  records: Map<string, CompetenceRecord>;
  channel: Channel;
  step: StepContext;
}

export class DecideRequest {
  constructor(
    private readonly deps: ValidationDeps,
    private readonly access: ValidationAccess,
  ) {}

  async run(
    actor: Actor,
    request: ValidationRequest,
    decisions: ItemDecision[],
  ): Promise<Map<string, ItemOutcome>> {
    const sitting = await this.open(actor, request);
    this.check(sitting, decisions);
    const outcomes = new Map<string, ItemOutcome>();
    for (const decision of decisions) outcomes.set(decision.code, await this.apply(sitting, decision));
    await this.notify(sitting, outcomes);
    return outcomes;
  }

  private async open(actor: Actor, request: ValidationRequest): Promise<Sitting> {
    const scope: CourseScope = {
      platformId: request.platformId,
      deploymentId: request.deploymentId,
      contextId: request.contextId,
    };
    const access = await this.access.access(actor, scope, request.learnerId);
    if (!access.roles.includes("validator"))
      throw refusalError(access.facts.actorId === request.learnerId ? "OWN_COMPETENCE" : "ROLE_NOT_ALLOWED");
    const framework = await frameworkOf(this.deps, scope.platformId, request.frameworkId);
    const rules = await this.deps.rules.get(scope);
    const records = await recordsByCode(this.deps, scope, request.learnerId, request.frameworkId);
    const channel: Channel = request.basis === "prior_practice" ? "prior_practice" : "online";
    const step = { access, rules, framework, now: this.deps.clock.now(), newId: this.deps.newId };
    return { actor, request, scope, records, channel, step };
  }

  /** Every decided item has its reason and a level the state machine accepts, or nothing is written. */
  private check(sitting: Sitting, decisions: readonly ItemDecision[]): void {
    const inRequest = new Set(sitting.request.items.map((item) => item.code));
    const fieldErrors: Record<string, string> = {};
    for (const decision of decisions) {
      if (!inRequest.has(decision.code)) throw new NotFoundError();
      if (decision.decision === "none") continue;
      if (decision.comment.trim() === "") {
        fieldErrors[`comment:${decision.code}`] = "COMMENT_REQUIRED";
        continue;
      }
      if (decision.comment.length > MAX_COMMENT_LENGTH) fieldErrors[`comment:${decision.code}`] = "TOO_LONG";
      if (decision.decision === "comment") continue;
      const record = sitting.records.get(decision.code);
      if (!record) continue;
      const dry = decideStep(sitting.step, record, {
        action: decision.decision,
        channel: sitting.channel,
        level: decision.level,
        comment: decision.comment,
      });
      if (!dry.ok && isInputRefusal(dry.reason))
        fieldErrors[`${dry.reason.startsWith("LEVEL") ? "level" : "comment"}:${decision.code}`] = dry.reason;
    }
    if (Object.keys(fieldErrors).length > 0) throw invalid(fieldErrors);
  }

  private async apply(sitting: Sitting, decision: ItemDecision): Promise<ItemOutcome> {
    const record = sitting.records.get(decision.code);
    if (decision.decision === "none" || !record) return "skipped";
    const { step } = sitting;
    if (decision.decision === "comment") {
      await this.deps.comments.append({
        id: this.deps.newId(),
        ...keyOf(record),
        authorId: sitting.actor.userId,
        authorRole: step.access.displayRole,
        body: decision.comment.trim(),
        requestId: sitting.request.id,
        createdAt: step.now,
      });
      return "commented";
    }
    const result = decideStep(step, record, {
      action: decision.decision,
      channel: sitting.channel,
      level: decision.level,
      comment: decision.comment,
    });
    if (!result.ok || record.rev !== decision.rev) return "conflict";
    const written = await this.deps.records.apply(record, result.change, {
      now: step.now,
      expectedRev: decision.rev,
    });
    if (!written) return "conflict";
    if (decision.decision === "ask_more_evidence") return "more_evidence";
    return written.state === "validated" ? "validated" : "approved";
  }

  /** One notification for the learner, however many items were decided. */
  private async notify(sitting: Sitting, outcomes: ReadonlyMap<string, ItemOutcome>): Promise<void> {
    const count = (outcome: ItemOutcome): number =>
      [...outcomes.values()].filter((value) => value === outcome).length;
    const decided = count("validated") + count("approved") + count("more_evidence") + count("commented");
    if (decided === 0) return;
    await this.deps.notifications.notify(
      [
        {
          ...sitting.scope,
          userId: sitting.request.learnerId,
          kind: "decision",
          params: {
            validated: count("validated"),
            approved: count("approved"),
            moreEvidence: count("more_evidence"),
            commented: count("commented"),
            by: sitting.actor.userId,
          },
          path: decisionPath(sitting.request.frameworkId, outcomes),
          email: true,
        },
      ],
      sitting.step.now,
    );
  }
}

/**
 * Where the learner's notification of a decision opens: what asks something of them first — the one
 * competence to complete (at its form), or the list of those to complete — else their competences.
 */
export function decisionPath(frameworkId: string, outcomes: ReadonlyMap<string, ItemOutcome>): string {
  const toComplete = [...outcomes].filter(([, outcome]) => outcome === "more_evidence").map(([code]) => code);
  const [only] = toComplete;
  if (toComplete.length === 1 && only !== undefined)
    return `competences/${encodeURIComponent(frameworkId)}/${encodeURIComponent(only)}#resubmit-title`;
  return toComplete.length > 1 ? "competences#to-complete" : "competences";
}
