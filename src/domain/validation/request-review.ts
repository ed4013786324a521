// One request as a validator reviews it: the items with their records, evidence and last decision, read
// only by someone who may decide on this learner in the request's course; and the sheet of decisions
// typed for it turned into item decisions (bulk: the selected items validated with one shared reason).
import type { Actor } from "../actor.js";
import type { CourseScope } from "../course.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import { found, NotFoundError } from "../../errors.js";
import { authorize } from "../../policies/policy.js";
import { competencesPolicy, type LearnerRelation } from "../../policies/validation.js";
import type {
  CompetenceRecordStore,
  CourseRules,
  CourseRulesReader,
  RequestStore,
  TraceCatalog,
  ValidationRequest,
} from "./ports.js";
import type { CompetenceRecord } from "./records.js";
import { invalid, type Decision, type ItemDecision, type ItemOutcome } from "./service.js";

export const DECISIONS: readonly Decision[] = ["none", "validate", "ask_more_evidence", "comment"];

export interface RequestForDecision {
  request: ValidationRequest;
  framework: StoredFramework;
  rules: CourseRules;
  /** The learner's records of the request's framework, by competence code. */
  records: ReadonlyMap<string, CompetenceRecord>;
  /** Titles of the traces cited as evidence (missing ones were deleted since). */
  traceTitles: ReadonlyMap<string, string>;
  now: Date;
}

/** What one item's part of the form said. */
export interface TypedDecision {
  code: string;
  decision: Decision;
  comment: string;
  level?: string;
  /** The record's revision the page showed (-1 when the form did not say). */
  rev: number;
}

/** The decision form as typed: per item (by its index in the request) and the bulk part. */
export interface DecisionSheet {
  bulk: boolean;
  selected: ReadonlySet<number>;
  bulkComment: string;
  bulkLevel?: string;
  items: ReadonlyMap<number, TypedDecision>;
}

export interface RequestReviewDeps {
  requests: Pick<RequestStore, "byId">;
  /** What the actor is to the learner in a course: the one "may decide" rule (teachingScope). */
  access: { access(actor: Actor, scope: CourseScope, learnerId: string): Promise<LearnerRelation> };
  decisions: {
    decide(
      actor: Actor,
      request: ValidationRequest,
      decisions: ItemDecision[],
    ): Promise<Map<string, ItemOutcome>>;
  };
  frameworks: { byId(platformId: string, id: string): Promise<StoredFramework | null> };
  rules: CourseRulesReader;
  records: Pick<CompetenceRecordStore, "forLearner">;
  traces: Pick<TraceCatalog, "byIds">;
  clock: { now(): Date };
}

export class RequestReview {
  constructor(private readonly deps: RequestReviewDeps) {}

  /** The request with everything its page shows; absent (404) for whoever may not decide on it. */
  async forDecision(actor: Actor, requestId: string): Promise<RequestForDecision> {
    const request = await this.authorized(actor, requestId);
    const scope = scopeOf(request);
    const [framework, rules, records] = await Promise.all([
      this.deps.frameworks.byId(actor.platformId, request.frameworkId),
      this.deps.rules.get(scope),
      this.deps.records.forLearner(scope, request.learnerId, request.frameworkId),
    ]);
    if (!framework) throw new NotFoundError();
    const cited = records.flatMap((record) => record.evidence?.traceIds ?? []);
    const traces =
      cited.length > 0 ? await this.deps.traces.byIds(actor.platformId, request.learnerId, cited) : [];
    return {
      request,
      framework,
      rules,
      records: new Map(records.map((record) => [record.competenceCode, record])),
      traceTitles: new Map(traces.map((trace) => [trace.id, trace.title])),
      now: this.deps.clock.now(),
    };
  }

  /** Applies the typed sheet; each item gets its own outcome ("conflict" when someone decided first). */
  async decide(
    actor: Actor,
    requestId: string,
    sheet: DecisionSheet,
  ): Promise<{ request: ValidationRequest; outcomes: Map<string, ItemOutcome> }> {
    const request = await this.authorized(actor, requestId);
    const outcomes = await this.deps.decisions.decide(actor, request, planDecisions(request, sheet));
    return { request, outcomes };
  }

  private async authorized(actor: Actor, requestId: string): Promise<ValidationRequest> {
    const request = found(await this.deps.requests.byId(actor.platformId, requestId));
    // Deciding on a request is acting as this learner's validator in the request's course.
    const relation = await this.deps.access.access(actor, scopeOf(request), request.learnerId);
    authorize(actor, competencesPolicy, "viewAsValidator", relation);
    return request;
  }
}

/**
 * The item decisions a sheet asks for. In bulk, every selected item is validated with its own reason,
 * or the shared one applied to it. A reason typed without a decision would be lost: the sheet is sent
 * back asking which decision it goes with.
 */
export function planDecisions(request: ValidationRequest, sheet: DecisionSheet): ItemDecision[] {
  const decisions: ItemDecision[] = [];
  const problems: Record<string, string> = {};
  if (sheet.bulk && sheet.selected.size === 0) problems.bulk = "NOTHING_SELECTED";
  request.items.forEach((item, index) => {
    const typed = sheet.items.get(index);
    if (!typed || typed.code !== item.code) return;
    const inBulk = sheet.bulk && sheet.selected.has(index);
    const decision: Decision = inBulk ? "validate" : typed.decision;
    const comment = inBulk && typed.comment === "" ? sheet.bulkComment : typed.comment;
    const level = (inBulk ? sheet.bulkLevel : undefined) ?? typed.level;
    if (decision === "none" && comment !== "") problems[`comment:${item.code}`] = "NO_DECISION";
    decisions.push({ code: item.code, decision, comment, rev: typed.rev, ...(level ? { level } : {}) });
  });
  if (Object.keys(problems).length > 0) throw invalid(problems);
  return decisions;
}

function scopeOf(request: ValidationRequest): CourseScope {
  return { platformId: request.platformId, deploymentId: request.deploymentId, contextId: request.contextId };
}
