// One competence of one learner, for the learner or a trainer: state, self-assessment and its history,
// the decisions' timeline, and the exchanges — decisions and comments in separate sections. The
// actions offered are exactly those the state machine allows this person now.
import type { Response } from "express";
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import { findCompetence, isAssessable } from "../../domain/frameworks/framework.js";
import type { CompetenceRecord } from "../../domain/validation/records.js";
import type { ActingRole, Channel, ValidationAction } from "../../domain/validation/states.js";
import { transition } from "../../domain/validation/transition.js";
import { NotFoundError } from "../../errors.js";
import { displayName, type PeopleRepository } from "../../persistence/people-repository.js";
import {
  commentView,
  competenceInfo,
  levelLabel,
  levelOptions,
  selfLevelOptions,
  localized,
  recordSummary,
  selfAssessmentView,
  timelineView,
} from "../../presenters/validation.js";
import { actorOf, renderPage } from "../render.js";
import type { LaunchedDeps } from "./launched.js";
import { courseContext, localeOf, namesOf, scanLinker, traceLinker } from "./validation-support.js";

export interface CompetencePageOptions {
  learnerId: string;
  frameworkId: string;
  code: string;
  viewer: "learner" | "validator";
  /** A form sent back with its values and problems (nothing typed is lost). */
  form?: { action: string; values: Record<string, string | string[]>; errors: Record<string, string> };
  conflict?: boolean;
}

const DONE = ["self-assessment", "resubmit", "proposal", "comments", "actions", "paper"] as const;

const EMPTY_RECORD = (
  learnerId: string,
): Pick<
  CompetenceRecord,
  "learnerId" | "state" | "approvals" | "evidenceVersion" | "timeline" | "assignedValidatorIds" | "rev"
> => ({
  learnerId,
  state: "not_started",
  approvals: [],
  evidenceVersion: 0,
  timeline: [],
  assignedValidatorIds: [],
  rev: 0,
});

/** Whether the state machine would accept this action now (reasons and levels aside). */
function allows(
  record: Pick<
    CompetenceRecord,
    "learnerId" | "state" | "approvals" | "evidenceVersion" | "proposal" | "level"
  >,
  actorId: string,
  roles: readonly ActingRole[],
  action: ValidationAction,
  channel: Channel,
  framework: StoredFramework,
  validationsRequired: number,
): boolean {
  const proficient =
    framework.definition.scale.levels.find((level) => level.proficient)?.code ??
    framework.definition.scale.levels[0]?.code;
  return transition({
    record,
    action,
    channel,
    actor: { userId: actorId, roles, displayRole: "teacher" },
    scale: framework.definition.scale.levels,
    validationsRequired,
    now: new Date(0),
    entryId: "dry-run",
    comment: "-",
    ...(proficient ? { level: proficient } : {}),
    externalName: "-",
  }).ok;
}

export async function competencePage(
  deps: LaunchedDeps,
  people: PeopleRepository,
  res: Response,
  options: CompetencePageOptions,
): Promise<void> {
  const { validation, portfolio } = deps.services;
  const t = res.locals.t;
  const locale = localeOf(res);
  const base = res.locals.base ?? "";
  const ctx = await courseContext(deps, res);
  const actor = actorOf(res);
  const framework = await deps.services.frameworks.byId(actor.platformId, options.frameworkId);
  const located = framework ? findCompetence(framework.definition, options.code) : undefined;
  if (!framework || !located || !isAssessable(located.node)) throw new NotFoundError();
  const access = await validation.service.access(actor, ctx.scope, options.learnerId);
  const viewerRoles = access.roles;
  if (options.viewer === "learner" ? !viewerRoles.includes("learner") : !viewerRoles.includes("validator"))
    throw new NotFoundError();

  const key = {
    ...ctx.scope,
    learnerId: options.learnerId,
    frameworkId: framework.id,
    competenceCode: options.code,
  };
  const [record, history, comments, learner] = await Promise.all([
    validation.records.find(key),
    validation.selfAssessments.history(key),
    validation.comments.forCompetence(key),
    people.person(actor.platformId, options.learnerId),
  ]);
  const traces =
    options.viewer === "learner"
      ? await validation.traces.listForLearner(actor.platformId, options.learnerId)
      : (await portfolio.lists.tracesOfLearner(actor, options.learnerId).catch(() => [])).map((trace) => ({
          id: trace.id,
          title: trace.title,
          revision: trace.revision,
        }));
  const titles = new Map(traces.map((trace) => [trace.id, trace.title]));
  const snapshot = record ?? EMPTY_RECORD(options.learnerId);
  const names = await namesOf(people, actor.platformId, [
    ...snapshot.timeline.map((entry) => entry.actorId),
    ...comments.map((comment) => comment.authorId),
    ...snapshot.assignedValidatorIds,
    ...(record?.proposal ? [record.proposal.by] : []),
  ]);
  const link = traceLinker(base, titles, t);
  const now = deps.clock.now();
  const can = (action: ValidationAction, channel: Channel): boolean =>
    allows(snapshot, actor.userId, viewerRoles, action, channel, framework, ctx.rules.validationsRequired);
  const pending = snapshot.state === "submitted" || snapshot.state === "resubmitted";
  const values = options.form?.values ?? {};
  const selectedTraces = new Set(
    Array.isArray(values.traceIds) ? values.traceIds : values.traceIds ? [values.traceIds] : [],
  );
  const learnerBase =
    options.viewer === "learner"
      ? `${base}/competences`
      : `${base}/learners/${encodeURIComponent(options.learnerId)}/competences`;
  const pageBase = `${learnerBase}/${encodeURIComponent(framework.id)}/${encodeURIComponent(options.code)}`;
  const info = competenceInfo(framework, options.code, locale);
  const timeline = timelineView(t, locale, framework, snapshot.timeline, names, link, scanLinker(base));
  const done = DONE.find((key) => key === res.req.query.done) ?? "";

  renderPage(
    res,
    "pages/validation/competence",
    options.viewer === "learner" ? "competences" : "cohort",
    {
      title: `${options.code} · ${info?.title ?? ""}`,
      isLearner: options.viewer === "learner",
      learner: {
        name: learner ? displayName(learner) : "",
        fileHref: `${base}/learners/${encodeURIComponent(options.learnerId)}`,
      },
      competence: info,
      framework: { id: framework.id, title: localized(framework.definition.title, locale) },
      summary: recordSummary(t, locale, framework, record ?? undefined, now, ctx.rules),
      answerers: pending
        ? snapshot.assignedValidatorIds.length > 0
          ? snapshot.assignedValidatorIds.map((id) => names.get(id) ?? t("validation:someone")).join(", ")
          : t("validation:answerers.courseTrainers")
        : "",
      double: ctx.rules.validationsRequired >= 2,
      rev: snapshot.rev,
      evidence: record?.evidence
        ? {
            justification: record.evidence.justification,
            version: record.evidenceVersion,
            traces: record.evidence.traceIds.map((id, i) =>
              link(id, record.evidence?.traceRevisions[i] ?? 0),
            ),
          }
        : null,
      selfHistory: selfAssessmentView(locale, framework, history, link),
      timeline,
      lastDecision: timeline.find((entry) => entry.decision) ?? null,
      comments: commentView(t, comments, names),
      proposal: record?.proposal
        ? {
            by: names.get(record.proposal.by) ?? t("validation:someone"),
            level: levelLabel(framework, record.proposal.level, locale),
            comment: record.proposal.comment,
            at: record.proposal.at,
            traces: record.proposal.traceIds.map((id, i) =>
              link(id, record.proposal?.traceRevisions[i] ?? 0),
            ),
          }
        : null,
      can: {
        selfAssess: can("self_assess", "online"),
        request: can("request", "online"),
        resubmit: can("resubmit", "online"),
        answerProposal: Boolean(record?.proposal) && can("accept_proposal", "proposal"),
        comment: viewerRoles.includes("learner") || viewerRoles.includes("validator"),
        decide: pending && can("validate", "online"),
        askMore: pending && can("ask_more_evidence", "online"),
        observe: can("observe", "observation"),
        propose: !record?.proposal && can("propose", "proposal"),
        paper: can("record_paper", "paper"),
        withdraw: can("withdraw", "online"),
      },
      alreadyApproved: snapshot.approvals.some((approval) => approval.validatorId === actor.userId),
      levels: selfLevelOptions(
        framework,
        locale,
        typeof values.level === "string" && values.level ? values.level : record?.selfLevel,
      ),
      proficientLevels: levelOptions(
        framework,
        locale,
        typeof values.level === "string" ? values.level : undefined,
        true,
      ),
      traces: traces.map((trace) => ({ ...trace, checked: selectedTraces.has(trace.id) })),
      hasTraces: traces.length > 0,
      form: {
        action: options.form?.action ?? "",
        comment: typeof values.comment === "string" ? values.comment : "",
        errors: options.form?.errors ?? {},
        externalName: typeof values.externalName === "string" ? values.externalName : "",
      },
      conflict: options.conflict ?? false,
      done: done ? t(`validation:done.${done}`) : "",
      pageBase,
      requestHref: `${base}/requests/new?code=${encodeURIComponent(options.code)}`,
      portfolioHref:
        options.viewer === "learner"
          ? `${base}/traces`
          : `${base}/learners/${encodeURIComponent(options.learnerId)}/traces`,
      backHref:
        options.viewer === "learner"
          ? `${base}/competences`
          : `${base}/learners/${encodeURIComponent(options.learnerId)}`,
    },
    { badges: res.locals.badges },
  );
}
