// The learner asks for validation of many competences at once, each with its evidence and
// justification, addressed to validators of their choice (or to the course's trainers).
import type { Actor } from "../actor.js";
import { selfAssessmentLevels } from "../frameworks/framework.js";
import type { ValidationAccess } from "./access.js";
import type { CourseScope, ValidationDeps, ValidationRequest } from "./ports.js";
import type { CompetenceRecord, EvidenceRef } from "./records.js";
import type { Channel } from "./states.js";
import {
  MAX_ITEMS_PER_REQUEST,
  appendSelfAssessment,
  assessable,
  decideStep,
  evidenceResolver,
  frameworkOf,
  invalid,
  keyOf,
  launchScope,
  recordsByCode,
  type StepContext,
} from "./use-case-steps.js";

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

interface PreparedItem {
  item: RequestItemInput;
  record: CompetenceRecord;
  evidence: EvidenceRef;
}

interface Sending {
  actor: Actor;
  scope: CourseScope;
  input: RequestInput;
  validatorIds: string[];
  channel: Channel;
  step: StepContext;
}

export class RequestValidation {
  constructor(
    private readonly deps: ValidationDeps,
    private readonly access: ValidationAccess,
  ) {}

  async run(actor: Actor, input: RequestInput): Promise<{ request: ValidationRequest; conflicts: string[] }> {
    const sending = await this.check(actor, input);
    const prepared = await this.prepare(sending);
    const { framework, now } = sending.step;
    const request: ValidationRequest = {
      id: this.deps.newId(),
      ...sending.scope,
      learnerId: actor.userId,
      frameworkId: framework.id,
      basis: input.basis,
      items: prepared.map(({ item, record }) => ({ code: item.code, recordId: record.id })),
      assignedValidatorIds: sending.validatorIds,
      createdAt: now,
    };
    await this.deps.requests.create(request);
    const conflicts: string[] = [];
    for (const item of prepared) {
      if (!(await this.submit(sending, request.id, item))) {
        conflicts.push(item.item.code);
        await this.deps.requests.removeItem(actor.platformId, request.id, item.item.code);
      }
    }
    await this.notify(sending, request, request.items.length - conflicts.length);
    return {
      request: { ...request, items: request.items.filter((item) => !conflicts.includes(item.code)) },
      conflicts,
    };
  }

  /** The request as a whole: items of the framework, validators the learner may address. */
  private async check(actor: Actor, input: RequestInput): Promise<Sending> {
    const scope = launchScope(actor);
    const framework = await frameworkOf(this.deps, actor.platformId, input.frameworkId);
    const codes = [...new Set(input.items.map((item) => item.code))];
    if (codes.length === 0) throw invalid({ items: "NO_ITEMS" });
    if (codes.length > MAX_ITEMS_PER_REQUEST) throw invalid({ items: "TOO_MANY_ITEMS" });
    for (const code of codes) assessable(framework, code);
    const allowed = await this.access.allowedValidators(scope, actor.userId);
    const validatorIds = [...new Set(input.validatorIds)];
    if (validatorIds.some((id) => !allowed.includes(id)))
      throw invalid({ validators: "VALIDATOR_NOT_ALLOWED" });
    const [rules, access] = await Promise.all([
      this.deps.rules.get(scope),
      this.access.access(actor, scope, actor.userId),
    ]);
    const now = this.deps.clock.now();
    const channel: Channel = input.basis === "prior_practice" ? "prior_practice" : "online";
    const step = { access, rules, framework, now, newId: this.deps.newId };
    return { actor, scope, input, validatorIds, channel, step };
  }

  /** Checks every item before writing anything: the form comes back with all its problems at once. */
  private async prepare(sending: Sending): Promise<PreparedItem[]> {
    const { actor, scope, input, step } = sending;
    const evidenceOf = await evidenceResolver(
      this.deps,
      actor.platformId,
      actor.userId,
      input.items.flatMap((item) => item.traceIds),
    );
    const selfLevels = selfAssessmentLevels(step.framework.definition);
    // One read for the learner's records of this framework; only the missing ones are created.
    const existing = await recordsByCode(this.deps, scope, actor.userId, step.framework.id);
    const fieldErrors: Record<string, string> = {};
    const prepared: PreparedItem[] = [];
    for (const item of dedupe(input.items)) {
      const key = {
        ...scope,
        learnerId: actor.userId,
        frameworkId: step.framework.id,
        competenceCode: item.code,
      };
      const record = existing.get(item.code) ?? (await this.deps.records.ensure(key, step.now));
      if (item.level !== undefined && !selfLevels.some((level) => level.code === item.level))
        fieldErrors[`level:${item.code}`] = "LEVEL_INVALID";
      const dry = decideStep(step, record, {
        action: "request",
        channel: sending.channel,
        comment: item.justification,
      });
      if (!dry.ok) fieldErrors[`justification:${item.code}`] = dry.reason;
      prepared.push({ item, record, evidence: evidenceOf(item.traceIds, item.justification) });
    }
    if (Object.keys(fieldErrors).length > 0) throw invalid(fieldErrors);
    return prepared;
  }

  /** One item's self-assessment and request; false when someone changed the record meanwhile. */
  private async submit(sending: Sending, requestId: string, prepared: PreparedItem): Promise<boolean> {
    const { item, record, evidence } = prepared;
    const { step } = sending;
    if (item.level) {
      await appendSelfAssessment(this.deps, keyOf(record), {
        level: item.level,
        justification: item.justification,
        evidence,
        now: step.now,
      });
    }
    const result = decideStep(step, record, {
      action: "request",
      channel: sending.channel,
      comment: item.justification,
      evidence,
      requestId,
    });
    if (!result.ok) return false;
    const written = await this.deps.records.apply(
      record,
      { ...result.change, ...(item.level ? { selfLevel: item.level } : {}) },
      { now: step.now, assignedValidatorIds: sending.validatorIds },
    );
    return written !== null;
  }

  private async notify(sending: Sending, request: ValidationRequest, sent: number): Promise<void> {
    if (sent === 0) return;
    const { scope, actor } = sending;
    const recipients =
      sending.validatorIds.length > 0
        ? sending.validatorIds
        : await this.deps.directory.courseValidators(scope);
    await this.deps.notifications.notify(
      recipients
        .filter((id) => id !== actor.userId)
        .map((userId) => ({
          ...scope,
          userId,
          kind: "request_received" as const,
          params: { count: sent, learnerId: actor.userId },
          path: `validation/requests/${request.id}`,
        })),
      sending.step.now,
    );
  }
}

function dedupe(items: readonly RequestItemInput[]): RequestItemInput[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.code) ? false : (seen.add(item.code), true)));
}
