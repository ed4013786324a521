// The validation loop's use cases in one place for their callers: access, requests, decisions and the
// actions on one competence (each in its own module). Every change goes through `transition` and is
// written with the revision it was computed from, so concurrent decisions cannot both win.
import type { Actor } from "../actor.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import { ValidationAccess, type Access } from "./access.js";
import { CompetenceActions, type ActionInput } from "./competence-actions.js";
import { DecideRequest, type ItemDecision, type ItemOutcome } from "./decide-request.js";
import type { CompetenceRef, CourseRules, CourseScope, ValidationDeps, ValidationRequest } from "./ports.js";
import type { CompetenceRecord } from "./records.js";
import { RequestValidation, type RequestInput } from "./request-validation.js";
import { frameworkOf } from "./use-case-steps.js";

export type { Access } from "./access.js";
export type { ActionInput } from "./competence-actions.js";
export type { Decision, ItemDecision, ItemOutcome } from "./decide-request.js";
export type { RequestInput, RequestItemInput } from "./request-validation.js";
export {
  MAX_COMMENT_LENGTH,
  MAX_ITEMS_PER_REQUEST,
  invalid,
  launchScope,
  refusalError,
} from "./use-case-steps.js";

export class ValidationService {
  private readonly accessRules: ValidationAccess;
  private readonly requesting: RequestValidation;
  private readonly deciding: DecideRequest;
  private readonly actions: CompetenceActions;

  constructor(private readonly deps: ValidationDeps) {
    this.accessRules = new ValidationAccess(deps);
    this.requesting = new RequestValidation(deps, this.accessRules);
    this.deciding = new DecideRequest(deps, this.accessRules);
    this.actions = new CompetenceActions(deps, this.accessRules);
  }

  /** What the actor is to this learner in this course. */
  access(actor: Actor, scope: CourseScope, learnerId: string): Promise<Access> {
    return this.accessRules.access(actor, scope, learnerId);
  }

  framework(platformId: string, frameworkId: string): Promise<StoredFramework> {
    return frameworkOf(this.deps, platformId, frameworkId);
  }

  allowedValidators(scope: CourseScope, learnerId: string): Promise<string[]> {
    return this.accessRules.allowedValidators(scope, learnerId);
  }

  referentOf(scope: CourseScope, learnerId: string, rules?: CourseRules): Promise<string | null> {
    return this.accessRules.referentOf(scope, learnerId, rules);
  }

  requestValidation(
    actor: Actor,
    input: RequestInput,
  ): Promise<{ request: ValidationRequest; conflicts: string[] }> {
    return this.requesting.run(actor, input);
  }

  /** Decides the items of a request in one sitting; each item keeps its own reason and outcome. */
  decide(
    actor: Actor,
    request: ValidationRequest,
    decisions: ItemDecision[],
  ): Promise<Map<string, ItemOutcome>> {
    return this.deciding.run(actor, request, decisions);
  }

  /** One action on one competence, from the learner's or a validator's competence page. */
  perform(actor: Actor, target: CompetenceRef, input: ActionInput): Promise<CompetenceRecord> {
    return this.actions.perform(actor, target, input);
  }

  /** Refuses a paper form (403) before its scan is stored, unless the actor teaches in the course. */
  mayRecordPaper(actor: Actor, target: Pick<CompetenceRef, "scope" | "learnerId">): Promise<void> {
    return this.actions.mayRecordPaper(actor, target);
  }

  comment(actor: Actor, target: CompetenceRef, body: string): Promise<void> {
    return this.actions.comment(actor, target, body);
  }
}
