// Use cases of the validation loop: self-assess, request, decide item by item, resubmit, and the routes
// without a request (observation, proposal, paper form). Every change goes through `transition` and is
// written with the revision it was computed from, so concurrent decisions cannot both win.
import type { Actor } from "../actor.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import { findCompetence, isAssessable, selfAssessmentLevels } from "../frameworks/framework.js";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../../errors.js";
import { followsLearner } from "../../policies/teaching-scope.js";
import { actingRoles, displayRole, may, type AccessFacts } from "../../policies/validation.js";
import type {
  CourseRules,
  CourseScope,
  NewNotification,
  SelfAssessment,
  ValidationDeps,
  ValidationRequest,
} from "./ports.js";
import type { CompetenceKey, CompetenceRecord, DisplayRole, EvidenceRef } from "./records.js";
import type { ActingRole, Channel, ValidationAction } from "./states.js";
import { transition, type RefusalCode, type TransitionInput } from "./transition.js";

export const MAX_COMMENT_LENGTH = 4000;
export const MAX_ITEMS_PER_REQUEST = 100;

export interface Access {
  facts: AccessFacts;
  roles: ActingRole[];
  displayRole: DisplayRole;
}

export interface Target {
  scope: CourseScope;
  learnerId: string;
  frameworkId: string;
  code: string;
}

export interface RequestItemInput {
  code: string;
  level?: string;
  justification: string;
  traceIds: string[];
}

export interface RequestInput {
  frameworkId: string;
  basis: "traces" | "prior_practice";
  validatorIds: string[];
  items: RequestItemInput[];
}

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

/** Refusals people can fix in the form (400), the rest are permissions (403) or a stale page (409). */
const INPUT_REFUSALS: readonly RefusalCode[] = [
  "COMMENT_REQUIRED",
  "LEVEL_REQUIRED",
  "LEVEL_INVALID",
  "NO_PROPOSAL",
  "SUPERVISOR_REQUIRED",
];

export function refusalError(reason: RefusalCode): AppError {
  if (INPUT_REFUSALS.includes(reason)) return new AppError(reason, 400, `validation:errors.${reason}`);
  if (reason === "STATE_NOT_ALLOWED" || reason === "ALREADY_APPROVED")
    return new AppError(reason, 409, `validation:errors.${reason}`);
  return new AppError(reason, 403, `validation:errors.${reason}`);
}

export class ValidationService {
  constructor(private readonly deps: ValidationDeps) {}

  /** What the actor is to this learner in this course. */
  async access(actor: Actor, scope: CourseScope, learnerId: string): Promise<Access> {
    if (actor.platformId !== scope.platformId) throw new NotFoundError();
    const following =
      actor.userId === learnerId
        ? null
        : followsLearner(
            await this.deps.teachingScopes.of(actor),
            learnerId,
            scope,
            await this.deps.directory.isMemberOf(scope, learnerId),
          );
    const facts: AccessFacts = {
      actorId: actor.userId,
      learnerId,
      teachesInCourse: following === "teacher",
      tutorOfLearner: following === "tutor",
    };
    return { facts, roles: actingRoles(facts), displayRole: displayRole(facts) };
  }

  async framework(platformId: string, frameworkId: string): Promise<StoredFramework> {
    const framework = await this.deps.frameworks.byId(platformId, frameworkId);
    if (!framework) throw new NotFoundError();
    return framework;
  }

  /** The validators a learner may address: who teaches in the course, and their tutors. */
  async allowedValidators(scope: CourseScope, learnerId: string): Promise<string[]> {
    const [teachers, tutors] = await Promise.all([
      this.deps.directory.courseValidators(scope),
      this.deps.directory.tutorsOf(scope.platformId, learnerId),
    ]);
    return [...new Set([...tutors, ...teachers])].filter((id) => id !== learnerId);
  }

  /** The referent: the course's, else the learner's first tutor, else nobody (any trainer of the course). */
  async referentOf(scope: CourseScope, learnerId: string, rules?: CourseRules): Promise<string | null> {
    const settings = rules ?? (await this.deps.rules.get(scope));
    if (settings.referentUserId && settings.referentUserId !== learnerId) return settings.referentUserId;
    const tutors = await this.deps.directory.tutorsOf(scope.platformId, learnerId);
    return tutors.find((id) => id !== learnerId) ?? null;
  }

  async requestValidation(
    actor: Actor,
    input: RequestInput,
  ): Promise<{ request: ValidationRequest; conflicts: string[] }> {
    const scope = launchScope(actor);
    const learnerId = actor.userId;
    const framework = await this.framework(actor.platformId, input.frameworkId);
    const codes = [...new Set(input.items.map((item) => item.code))];
    if (codes.length === 0) throw invalid({ items: "NO_ITEMS" });
    if (codes.length > MAX_ITEMS_PER_REQUEST) throw invalid({ items: "TOO_MANY_ITEMS" });
    for (const code of codes) assessable(framework, code);

    const allowed = await this.allowedValidators(scope, learnerId);
    const validatorIds = [...new Set(input.validatorIds)];
    if (validatorIds.some((id) => !allowed.includes(id)))
      throw invalid({ validators: "VALIDATOR_NOT_ALLOWED" });
    const evidenceOf = await this.evidenceResolver(
      actor.platformId,
      learnerId,
      input.items.flatMap((item) => item.traceIds),
    );
    const rules = await this.deps.rules.get(scope);
    const now = this.deps.clock.now();
    const access: Access = await this.access(actor, scope, learnerId);
    const channel: Channel = input.basis === "prior_practice" ? "prior_practice" : "online";

    // Check every item before writing anything: the form comes back with all its problems at once.
    const fieldErrors: Record<string, string> = {};
    const prepared: { item: RequestItemInput; record: CompetenceRecord; evidence: EvidenceRef }[] = [];
    // One read for the learner's records of this framework; only the missing ones are created.
    const existing = new Map(
      (await this.deps.records.forLearner(scope, learnerId, framework.id)).map((record) => [
        record.competenceCode,
        record,
      ]),
    );
    for (const item of dedupe(input.items)) {
      const record =
        existing.get(item.code) ??
        (await this.deps.records.ensure(
          { ...scope, learnerId, frameworkId: framework.id, competenceCode: item.code },
          now,
        ));
      const evidence = evidenceOf(item.traceIds, item.justification);
      if (
        item.level !== undefined &&
        !selfAssessmentLevels(framework.definition).some((level) => level.code === item.level)
      ) {
        fieldErrors[`level:${item.code}`] = "LEVEL_INVALID";
      }
      const dry = transition(
        this.transitionInput(record, access, rules, framework, now, {
          action: "request",
          channel,
          comment: item.justification,
        }),
      );
      if (!dry.ok) fieldErrors[`justification:${item.code}`] = dry.reason;
      prepared.push({ item, record, evidence });
    }
    if (Object.keys(fieldErrors).length > 0) throw invalid(fieldErrors);

    const request: ValidationRequest = {
      id: this.deps.newId(),
      ...scope,
      learnerId,
      frameworkId: framework.id,
      basis: input.basis,
      items: prepared.map(({ item, record }) => ({ code: item.code, recordId: record.id })),
      assignedValidatorIds: validatorIds,
      createdAt: now,
    };
    await this.deps.requests.create(request);
    const conflicts: string[] = [];
    for (const { item, record, evidence } of prepared) {
      if (item.level) {
        await this.appendSelfAssessment(
          { ...scope, learnerId, frameworkId: framework.id, competenceCode: item.code },
          item.level,
          item.justification,
          evidence,
          now,
        );
      }
      const result = transition(
        this.transitionInput(record, access, rules, framework, now, {
          action: "request",
          channel,
          comment: item.justification,
          evidence,
          requestId: request.id,
        }),
      );
      const written = result.ok
        ? await this.deps.records.apply(
            record,
            { ...result.change, ...(item.level ? { selfLevel: item.level } : {}) },
            { now, assignedValidatorIds: validatorIds },
          )
        : null;
      if (!written) {
        conflicts.push(item.code);
        await this.deps.requests.removeItem(actor.platformId, request.id, item.code);
      }
    }
    const sent = request.items.length - conflicts.length;
    if (sent > 0) {
      const recipients =
        validatorIds.length > 0 ? validatorIds : await this.deps.directory.courseValidators(scope);
      await this.deps.notifications.notify(
        recipients
          .filter((id) => id !== learnerId)
          .map((userId) => ({
            ...scope,
            userId,
            kind: "request_received" as const,
            params: { count: sent, learnerId },
            path: `validation/requests/${request.id}`,
          })),
        now,
      );
    }
    return {
      request: { ...request, items: request.items.filter((item) => !conflicts.includes(item.code)) },
      conflicts,
    };
  }

  /** Decides the items of a request in one sitting; each item keeps its own reason and outcome. */
  async decide(
    actor: Actor,
    request: ValidationRequest,
    decisions: ItemDecision[],
  ): Promise<Map<string, ItemOutcome>> {
    const scope: CourseScope = {
      platformId: request.platformId,
      deploymentId: request.deploymentId,
      contextId: request.contextId,
    };
    const access = await this.access(actor, scope, request.learnerId);
    if (!access.roles.includes("validator"))
      throw refusalError(access.facts.actorId === request.learnerId ? "OWN_COMPETENCE" : "ROLE_NOT_ALLOWED");
    const framework = await this.framework(scope.platformId, request.frameworkId);
    const rules = await this.deps.rules.get(scope);
    const now = this.deps.clock.now();
    const records = new Map(
      (await this.deps.records.forLearner(scope, request.learnerId, request.frameworkId)).map((record) => [
        record.competenceCode,
        record,
      ]),
    );
    const channel: Channel = request.basis === "prior_practice" ? "prior_practice" : "online";
    const inRequest = new Set(request.items.map((item) => item.code));

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
      const record = records.get(decision.code);
      if (!record) continue;
      const dry = transition(
        this.transitionInput(record, access, rules, framework, now, {
          action: decision.decision,
          channel,
          level: decision.level,
          comment: decision.comment,
        }),
      );
      if (!dry.ok && INPUT_REFUSALS.includes(dry.reason))
        fieldErrors[`${dry.reason.startsWith("LEVEL") ? "level" : "comment"}:${decision.code}`] = dry.reason;
    }
    if (Object.keys(fieldErrors).length > 0) throw invalid(fieldErrors);

    const outcomes = new Map<string, ItemOutcome>();
    for (const decision of decisions) {
      const record = records.get(decision.code);
      if (decision.decision === "none" || !record) {
        outcomes.set(decision.code, "skipped");
        continue;
      }
      if (decision.decision === "comment") {
        await this.deps.comments.add({
          id: this.deps.newId(),
          ...keyOf(record),
          authorId: actor.userId,
          authorRole: access.displayRole,
          body: decision.comment.trim(),
          requestId: request.id,
          createdAt: now,
        });
        outcomes.set(decision.code, "commented");
        continue;
      }
      const result = transition(
        this.transitionInput(record, access, rules, framework, now, {
          action: decision.decision,
          channel,
          level: decision.level,
          comment: decision.comment,
        }),
      );
      if (!result.ok || record.rev !== decision.rev) {
        outcomes.set(decision.code, "conflict");
        continue;
      }
      const written = await this.deps.records.apply(record, result.change, {
        now,
        expectedRev: decision.rev,
      });
      if (!written) outcomes.set(decision.code, "conflict");
      else if (decision.decision === "ask_more_evidence") outcomes.set(decision.code, "more_evidence");
      else outcomes.set(decision.code, written.state === "validated" ? "validated" : "approved");
    }
    const count = (outcome: ItemOutcome): number =>
      [...outcomes.values()].filter((value) => value === outcome).length;
    const decided = count("validated") + count("approved") + count("more_evidence") + count("commented");
    if (decided > 0) {
      await this.deps.notifications.notify(
        [
          {
            ...scope,
            userId: request.learnerId,
            kind: "decision",
            params: {
              validated: count("validated"),
              approved: count("approved"),
              moreEvidence: count("more_evidence"),
              commented: count("commented"),
              by: actor.userId,
            },
            path: "competences",
            email: true,
          },
        ],
        now,
      );
    }
    return outcomes;
  }

  /** One action on one competence, from the learner's or a validator's competence page. */
  async perform(actor: Actor, target: Target, input: ActionInput): Promise<CompetenceRecord> {
    const access = await this.access(actor, target.scope, target.learnerId);
    const framework = await this.framework(target.scope.platformId, target.frameworkId);
    assessable(framework, target.code);
    const rules = await this.deps.rules.get(target.scope);
    const now = this.deps.clock.now();
    const key: CompetenceKey = {
      ...target.scope,
      learnerId: target.learnerId,
      frameworkId: framework.id,
      competenceCode: target.code,
    };
    const record = await this.deps.records.ensure(key, now);
    const comment = input.comment?.trim() ?? "";
    if (comment.length > MAX_COMMENT_LENGTH) throw invalid({ comment: "TOO_LONG" });
    const traceIds = input.traceIds ?? [];
    const evidence =
      input.action === "resubmit" || input.action === "propose" || input.action === "self_assess"
        ? (await this.evidenceResolver(target.scope.platformId, target.learnerId, traceIds))(
            traceIds,
            comment,
          )
        : undefined;
    const result = transition(
      this.transitionInput(record, access, rules, framework, now, {
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
      }),
    );
    if (!result.ok) throw refusalError(result.reason);
    if (input.expectedRev !== undefined && input.expectedRev !== record.rev) throw new ConflictError();
    const written = await this.deps.records.apply(record, result.change, { now, expectedRev: record.rev });
    if (!written) throw new ConflictError();
    if (input.action === "self_assess" && input.level && evidence) {
      await this.appendSelfAssessment(key, input.level, comment, evidence, now);
    }
    await this.deps.notifications.notify(
      await this.notificationsFor(input.action, written, actor, record),
      now,
    );
    return written;
  }

  async comment(actor: Actor, target: Target, body: string): Promise<void> {
    const access = await this.access(actor, target.scope, target.learnerId);
    if (!may(access.roles, "comment")) throw refusalError("ROLE_NOT_ALLOWED");
    const text = body.trim();
    if (text === "") throw invalid({ comment: "COMMENT_REQUIRED" });
    if (text.length > MAX_COMMENT_LENGTH) throw invalid({ comment: "TOO_LONG" });
    const framework = await this.framework(target.scope.platformId, target.frameworkId);
    assessable(framework, target.code);
    const now = this.deps.clock.now();
    const key: CompetenceKey = {
      ...target.scope,
      learnerId: target.learnerId,
      frameworkId: framework.id,
      competenceCode: target.code,
    };
    const record = await this.deps.records.find(key);
    await this.deps.comments.add({
      id: this.deps.newId(),
      ...key,
      authorId: actor.userId,
      authorRole: access.displayRole,
      body: text,
      ...(record?.requestId ? { requestId: record.requestId } : {}),
      createdAt: now,
    });
    const recipients = access.roles.includes("learner")
      ? record?.assignedValidatorIds.length
        ? record.assignedValidatorIds
        : await this.deps.directory.courseValidators(target.scope)
      : [target.learnerId];
    await this.deps.notifications.notify(
      recipients
        .filter((id) => id !== actor.userId)
        .map((userId) => ({
          ...target.scope,
          userId,
          kind: "comment" as const,
          params: { code: target.code, by: actor.userId },
          path: access.roles.includes("learner")
            ? `learners/${target.learnerId}/competences/${framework.id}/${encodeURIComponent(target.code)}`
            : `competences/${framework.id}/${encodeURIComponent(target.code)}`,
        })),
      now,
    );
  }

  private transitionInput(
    record: CompetenceRecord,
    access: Access,
    rules: CourseRules,
    framework: StoredFramework,
    now: Date,
    action: Omit<TransitionInput, "record" | "actor" | "scale" | "validationsRequired" | "now" | "entryId">,
  ): TransitionInput {
    return {
      record,
      actor: { userId: access.facts.actorId, roles: access.roles, displayRole: access.displayRole },
      // A self-assessment is on the framework's self-assessment scale; it never counts as proficient.
      scale:
        action.action === "self_assess"
          ? selfAssessmentLevels(framework.definition).map((level) => ({ ...level, proficient: false }))
          : framework.definition.scale.levels,
      validationsRequired: rules.validationsRequired,
      now,
      entryId: this.deps.newId(),
      ...action,
    };
  }

  private async appendSelfAssessment(
    key: CompetenceKey,
    level: string,
    justification: string,
    evidence: EvidenceRef,
    now: Date,
  ): Promise<void> {
    const entry: SelfAssessment = {
      id: this.deps.newId(),
      ...key,
      level,
      justification,
      traceIds: evidence.traceIds,
      traceRevisions: evidence.traceRevisions,
      createdAt: now,
    };
    await this.deps.selfAssessments.append(entry);
  }

  /** Evidence cites the learner's own traces at their current revision; anything else is refused. */
  private async evidenceResolver(
    platformId: string,
    learnerId: string,
    allIds: readonly string[],
  ): Promise<(traceIds: readonly string[], justification: string) => EvidenceRef> {
    const wanted = [...new Set(allIds)];
    const found = wanted.length > 0 ? await this.deps.traces.byIds(platformId, learnerId, wanted) : [];
    const revisions = new Map(found.map((trace) => [trace.id, trace.revision]));
    if (wanted.some((id) => !revisions.has(id))) throw invalid({ traces: "TRACE_UNKNOWN" });
    return (traceIds, justification) => {
      const ids = [...new Set(traceIds)];
      return {
        traceIds: ids,
        traceRevisions: ids.map((id) => revisions.get(id) ?? 0),
        justification: justification.trim(),
      };
    };
  }

  private async notificationsFor(
    action: ValidationAction,
    record: CompetenceRecord,
    actor: Actor,
    before: CompetenceRecord,
  ): Promise<NewNotification[]> {
    const scope: CourseScope = {
      platformId: record.platformId,
      deploymentId: record.deploymentId,
      contextId: record.contextId,
    };
    const learnerPath = `competences/${record.frameworkId}/${encodeURIComponent(record.competenceCode)}`;
    const validatorPath = `learners/${record.learnerId}/competences/${record.frameworkId}/${encodeURIComponent(record.competenceCode)}`;
    const toLearner = (
      kind: NewNotification["kind"],
      params: Record<string, string | number>,
    ): NewNotification[] => [
      {
        ...scope,
        userId: record.learnerId,
        kind,
        params: { code: record.competenceCode, by: actor.userId, ...params },
        path: learnerPath,
        email: true,
      },
    ];
    switch (action) {
      case "validate":
      case "observe":
      case "record_paper":
      case "ask_more_evidence":
        return toLearner("decision", {
          validated: record.state === "validated" ? 1 : 0,
          approved: record.state !== "validated" && action !== "ask_more_evidence" ? 1 : 0,
          moreEvidence: action === "ask_more_evidence" ? 1 : 0,
          commented: 0,
        });
      case "withdraw":
        return toLearner("withdrawn", {});
      case "propose":
        return toLearner("proposal", {});
      case "accept_proposal":
      case "decline_proposal": {
        const proposer = before.proposal?.by;
        return proposer
          ? [
              {
                ...scope,
                userId: proposer,
                kind: "proposal_answered",
                params: {
                  code: record.competenceCode,
                  by: actor.userId,
                  accepted: action === "accept_proposal" ? 1 : 0,
                },
                path: validatorPath,
              },
            ]
          : [];
      }
      case "resubmit": {
        const recipients =
          record.assignedValidatorIds.length > 0
            ? record.assignedValidatorIds
            : await this.deps.directory.courseValidators(scope);
        return recipients
          .filter((id) => id !== record.learnerId)
          .map((userId) => ({
            ...scope,
            userId,
            kind: "resubmitted" as const,
            params: { code: record.competenceCode, learnerId: record.learnerId },
            path: record.requestId ? `validation/requests/${record.requestId}` : validatorPath,
          }));
      }
      default:
        return [];
    }
  }
}

export function launchScope(actor: Actor): CourseScope {
  if (!actor.contextId) throw new AppError("COURSE_REQUIRED", 403, "validation:errors.COURSE_REQUIRED");
  return { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId };
}

/** A form problem: the fields name what to fix (shown next to them), the page keeps what was typed. */
export function invalid(fields: Record<string, string>): ValidationError {
  return new ValidationError("VALIDATION_FAILED", {}, fields);
}

function keyOf(record: CompetenceRecord): CompetenceKey {
  return {
    platformId: record.platformId,
    deploymentId: record.deploymentId,
    contextId: record.contextId,
    learnerId: record.learnerId,
    frameworkId: record.frameworkId,
    competenceCode: record.competenceCode,
  };
}

function assessable(framework: StoredFramework, code: string): void {
  const located = findCompetence(framework.definition, code);
  if (!located || !isAssessable(located.node)) throw new NotFoundError();
}

function dedupe(items: readonly RequestItemInput[]): RequestItemInput[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.code) ? false : (seen.add(item.code), true)));
}
