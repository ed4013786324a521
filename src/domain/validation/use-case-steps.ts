// The steps the validation use cases share: the launch's course, form and permission refusals, the
// framework and competence looked up, the state machine's input, evidence cited at its revision.
import type { Actor } from "../actor.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import { findCompetence, isAssessable, selfAssessmentLevels } from "../frameworks/framework.js";
import { AppError, found, NotFoundError, ValidationError } from "../../errors.js";
import type { Access } from "./access.js";
import type {
  CourseRules,
  CourseScope,
  ReadableTraces,
  SelfAssessment,
  TraceSummary,
  ValidationDeps,
} from "./ports.js";
import type { CompetenceKey, CompetenceRecord, EvidenceRef } from "./records.js";
import { transition, type RefusalCode, type TransitionInput, type TransitionResult } from "./transition.js";

export const MAX_COMMENT_LENGTH = 4000;
export const MAX_ITEMS_PER_REQUEST = 100;

/**
 * Refusals people can fix in the form, with the field each one is about (400, shown next to it); the
 * rest are permissions (403) or a page that went stale (409).
 */
const INPUT_REFUSALS: Partial<Record<RefusalCode, string>> = {
  COMMENT_REQUIRED: "comment",
  LEVEL_REQUIRED: "level",
  LEVEL_INVALID: "level",
  NO_PROPOSAL: "answer",
  SUPERVISOR_REQUIRED: "externalName",
};

export function isInputRefusal(reason: RefusalCode): boolean {
  return INPUT_REFUSALS[reason] !== undefined;
}

export function refusalError(reason: RefusalCode): AppError {
  const field = INPUT_REFUSALS[reason];
  if (field) return invalid({ [field]: reason });
  if (reason === "STATE_NOT_ALLOWED" || reason === "ALREADY_APPROVED")
    return new AppError(reason, 409, `validation:errors.${reason}`);
  return new AppError(reason, 403, `validation:errors.${reason}`);
}

/** A form problem: the fields name what to fix (shown next to them), the page keeps what was typed. */
export function invalid(fields: Record<string, string>): ValidationError {
  return new ValidationError("VALIDATION_FAILED", {}, fields);
}

export function launchScope(actor: Actor): CourseScope {
  if (!actor.contextId) throw new AppError("COURSE_REQUIRED", 403, "validation:errors.COURSE_REQUIRED");
  return { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId };
}

export function keyOf(record: CompetenceKey): CompetenceKey {
  return {
    platformId: record.platformId,
    deploymentId: record.deploymentId,
    contextId: record.contextId,
    learnerId: record.learnerId,
    frameworkId: record.frameworkId,
    competenceCode: record.competenceCode,
  };
}

export async function frameworkOf(
  deps: { frameworks: Pick<ValidationDeps["frameworks"], "byId"> },
  platformId: string,
  frameworkId: string,
): Promise<StoredFramework> {
  return found(await deps.frameworks.byId(platformId, frameworkId));
}

/** Only the framework's assessable competences have records; anything else does not exist. */
export function assessable(framework: StoredFramework, code: string): void {
  const located = findCompetence(framework.definition, code);
  if (!located || !isAssessable(located.node)) throw new NotFoundError();
}

/** The framework of one competence a page or form names, which must be one of its assessable ones. */
export async function competenceFramework(
  deps: { frameworks: Pick<ValidationDeps["frameworks"], "byId"> },
  platformId: string,
  frameworkId: string,
  code: string,
): Promise<StoredFramework> {
  const framework = await frameworkOf(deps, platformId, frameworkId);
  assessable(framework, code);
  return framework;
}

export type ActionStep = Omit<
  TransitionInput,
  "record" | "actor" | "scale" | "validationsRequired" | "now" | "entryId"
>;

/** Who acts, under which rules and framework, when: what every step of one use case shares. */
export interface StepContext {
  access: Access;
  rules: CourseRules;
  framework: StoredFramework;
  now: Date;
  newId: () => string;
}

/** What the state machine decides for this actor, record and step, in the course's rules. */
export function decideStep(
  context: StepContext,
  record: TransitionInput["record"],
  step: ActionStep,
): TransitionResult {
  const { access, rules, framework } = context;
  return transition({
    record,
    actor: { userId: access.facts.actorId, roles: access.roles, displayRole: access.displayRole },
    // A self-assessment is on the framework's self-assessment scale; it never counts as proficient.
    scale:
      step.action === "self_assess"
        ? selfAssessmentLevels(framework.definition).map((level) => ({ ...level, proficient: false }))
        : framework.definition.scale.levels,
    validationsRequired: rules.validationsRequired,
    now: context.now,
    entryId: context.newId(),
    ...step,
  });
}

export type EvidenceResolver = (traceIds: readonly string[], justification: string) => EvidenceRef;

/** Evidence cites the learner's own traces at their current revision; anything else is refused. */
export async function evidenceResolver(
  deps: Pick<ValidationDeps, "traces">,
  platformId: string,
  learnerId: string,
  allIds: readonly string[],
): Promise<EvidenceResolver> {
  const wanted = [...new Set(allIds)];
  const found = wanted.length > 0 ? await deps.traces.byIds(platformId, learnerId, wanted) : [];
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

export async function appendSelfAssessment(
  deps: Pick<ValidationDeps, "selfAssessments" | "newId">,
  key: CompetenceKey,
  entry: { level: string; justification: string; evidence: EvidenceRef; now: Date },
): Promise<void> {
  const assessment: SelfAssessment = {
    id: deps.newId(),
    ...key,
    level: entry.level,
    justification: entry.justification,
    traceIds: entry.evidence.traceIds,
    traceRevisions: entry.evidence.traceRevisions,
    createdAt: entry.now,
  };
  await deps.selfAssessments.append(assessment);
}

/** The learner's records of one framework, by competence code (one read for a whole request). */
export async function recordsByCode(
  deps: Pick<ValidationDeps, "records">,
  scope: CourseScope,
  learnerId: string,
  frameworkId: string,
): Promise<Map<string, CompetenceRecord>> {
  const records = await deps.records.forLearner(scope, learnerId, frameworkId);
  return new Map(records.map((record) => [record.competenceCode, record]));
}

/** The learner's traces this trainer may read; none when the portfolio lets them read none of them. */
export async function readableTraces(
  readable: ReadableTraces,
  actor: Actor,
  learnerId: string,
): Promise<TraceSummary[]> {
  try {
    return await readable.tracesOfLearner(actor, learnerId);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}
