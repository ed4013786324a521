// The validators' side: the queue of pending requests across their courses (oldest first, overdue
// flagged), and one request decided item by item in one sitting — each item with its own written
// reason, or one reason applied explicitly to each selected item.
import express, { type RequestHandler, type Response, type Router } from "express";
import type { Actor } from "../../domain/actor.js";
import { teachesHere } from "../../domain/actor.js";
import type { CourseRules } from "../../domain/validation/ports.js";
import { isOverdue } from "../../domain/validation/waiting.js";
import type { Decision, ItemDecision, ItemOutcome } from "../../domain/validation/service.js";
import { NotFoundError } from "../../errors.js";
import type { SummaryRow } from "../../persistence/competence-summaries.js";
import type { CourseDoc } from "../../persistence/models/lti-models.js";
import { PeopleRepository } from "../../persistence/people-repository.js";
import {
  competenceInfo,
  levelLabel,
  levelOptions,
  selfLevelLabel,
  localized,
  stateBadge,
  waiting,
} from "../../presenters/validation.js";
import { actorOf, renderPage } from "../render.js";
import { Form } from "../schemas/validation-forms.js";
import type { LaunchedDeps } from "./launched.js";
import { fieldMessages, handle, localeOf, namesOf, traceLinker } from "./validation-support.js";

const DECISIONS: readonly Decision[] = ["none", "validate", "ask_more_evidence", "comment"];
const QUEUE_PAGE_SIZE = 40;

export interface QueueGroup {
  key: string;
  requestId: string | null;
  learnerId: string;
  deploymentId: string;
  contextId: string;
  frameworkId: string;
  codes: string[];
  oldest: Date;
  assignedValidatorIds: string[];
  approvedByMe: number;
}

/** Pending requests the actor may decide: the courses they teach (LTI here, memberships elsewhere) and their tutees. */
export async function queueFor(
  deps: LaunchedDeps,
  actor: Actor,
): Promise<{ groups: QueueGroup[]; tutees: Set<string> }> {
  const { summaries, tutoring } = deps.services.validation;
  const [courses, tutees] = await Promise.all([
    tutoring.coursesTaught(actor.platformId, actor.userId),
    tutoring.tuteesOf(actor.platformId, actor.userId),
  ]);
  const here =
    actor.contextId && teachesHere(actor)
      ? { deploymentId: actor.deploymentId, contextId: actor.contextId }
      : null;
  // In the launch's course LTI decides: a stale membership neither grants nor hides it.
  const taught = courses.filter(
    (c) => !(actor.contextId && c.deploymentId === actor.deploymentId && c.contextId === actor.contextId),
  );
  if (here) taught.push(here);
  const rows = await summaries.pending(actor.platformId, { courses: taught, learnerIds: tutees });
  const groups = new Map<string, QueueGroup>();
  for (const row of rows) {
    if (row.learnerId === actor.userId) continue;
    for (const entry of row.pending) {
      const key = entry.requestId ?? `${row.id}:${entry.code}`;
      const waitingSince = entry.waitingSince;
      const group = groups.get(key) ?? newGroup(key, row, entry.requestId, waitingSince);
      group.codes.push(entry.code);
      if (waitingSince < group.oldest) group.oldest = waitingSince;
      for (const id of entry.assignedValidatorIds)
        if (!group.assignedValidatorIds.includes(id)) group.assignedValidatorIds.push(id);
      if (entry.approverIds.includes(actor.userId)) group.approvedByMe += 1;
      groups.set(key, group);
    }
  }
  return {
    groups: [...groups.values()].sort((a, b) => a.oldest.getTime() - b.oldest.getTime()),
    tutees: new Set(tutees),
  };
}

function newGroup(key: string, row: SummaryRow, requestId: string | undefined, oldest: Date): QueueGroup {
  return {
    key,
    requestId: requestId ?? null,
    learnerId: row.learnerId,
    deploymentId: row.deploymentId,
    contextId: row.contextId,
    frameworkId: row.frameworkId,
    codes: [],
    oldest,
    assignedValidatorIds: [],
    approvedByMe: 0,
  };
}

export async function rulesByCourse(
  deps: LaunchedDeps,
  platformId: string,
  courses: Iterable<{ deploymentId: string; contextId: string }>,
): Promise<Map<string, CourseRules>> {
  const unique = new Map<string, { deploymentId: string; contextId: string }>();
  for (const course of courses) {
    unique.set(`${course.deploymentId} ${course.contextId}`, {
      deploymentId: course.deploymentId,
      contextId: course.contextId,
    });
  }
  const entries = await Promise.all(
    [...unique].map(
      async ([key, course]) =>
        [key, await deps.services.courseSettings.get({ platformId, ...course })] as const,
    ),
  );
  return new Map(entries);
}

export function validationQueueRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const people = new PeopleRepository(deps.services.models);
  const { validation } = deps.services;

  router.get(
    "/validation/queue",
    handle(async (req, res) => {
      const actor = actorOf(res);
      const t = res.locals.t;
      const now = deps.clock.now();
      const mine = req.query.show === "mine";
      const { groups, tutees } = await queueFor(deps, actor);
      const rules = await rulesByCourse(deps, actor.platformId, groups);
      const reminderDays = (g: QueueGroup): number =>
        rules.get(`${g.deploymentId} ${g.contextId}`)?.reminderAfterDays ?? 14;
      const visible = groups.filter(
        (g) => !mine || g.assignedValidatorIds.includes(actor.userId) || tutees.has(g.learnerId),
      );
      const decidedByMe = (g: QueueGroup): boolean => g.approvedByMe === g.codes.length;
      const actionableGroups = visible.filter((g) => !decidedByMe(g));
      // A long queue is worked oldest first, a page at a time: the totals still count everything.
      const pages = Math.max(1, Math.ceil(actionableGroups.length / QUEUE_PAGE_SIZE));
      const page = Math.min(pages, Math.max(1, Number(req.query.page) || 1));
      const shown = actionableGroups.slice((page - 1) * QUEUE_PAGE_SIZE, page * QUEUE_PAGE_SIZE);
      const waitingGroups = visible.filter(decidedByMe);
      const named = [...shown, ...waitingGroups];
      const names = await namesOf(
        people,
        actor.platformId,
        named.flatMap((g) => [g.learnerId, ...g.assignedValidatorIds]),
      );
      const courses = await deps.services.models.Course.find({
        platformId: actor.platformId,
        contextId: { $in: [...new Set(named.map((g) => g.contextId))] },
      }).lean<CourseDoc[]>();
      const title = (g: QueueGroup): string =>
        courses.find((c) => c.deploymentId === g.deploymentId && c.contextId === g.contextId)?.title ??
        g.contextId;
      const base = res.locals.base ?? "";
      const toRow = (group: QueueGroup) => {
        const wait = waiting(t, group.oldest, now, reminderDays(group));
        const assignedToMe = group.assignedValidatorIds.includes(actor.userId);
        const tutee = tutees.has(group.learnerId);
        return {
          learner: names.get(group.learnerId) ?? t("validation:someone"),
          course: title(group),
          otherCourse: group.contextId !== actor.contextId || group.deploymentId !== actor.deploymentId,
          count: group.codes.length,
          codes: group.codes.slice(0, 6).join(", ") + (group.codes.length > 6 ? " …" : ""),
          waiting: wait,
          assigned: group.assignedValidatorIds.length
            ? group.assignedValidatorIds
                .map((id) =>
                  id === actor.userId ? t("validation:queue.me") : (names.get(id) ?? t("validation:someone")),
                )
                .join(", ")
            : t("validation:answerers.courseTrainers"),
          assignedToMe,
          tutee,
          waitingForOthers: decidedByMe(group),
          href: group.requestId
            ? `${base}/validation/requests/${encodeURIComponent(group.requestId)}`
            : `${base}/learners/${encodeURIComponent(group.learnerId)}/competences/${encodeURIComponent(group.frameworkId)}/${encodeURIComponent(group.codes[0] ?? "")}`,
        };
      };
      const pageHref = (target: number): string =>
        `${base}/validation/queue?${new URLSearchParams({ ...(mine ? { show: "mine" } : {}), page: String(target) }).toString()}`;
      const oldest = actionableGroups[0];
      renderPage(
        res,
        "pages/validation/queue",
        "queue",
        {
          title: t("validation:queue.title"),
          rows: shown.map(toRow),
          waitingForOthers: waitingGroups.map(toRow),
          total: actionableGroups.length,
          items: actionableGroups.reduce((sum, g) => sum + g.codes.length, 0),
          overdue: actionableGroups.filter((g) => isOverdue(g.oldest, now, reminderDays(g))).length,
          oldest: oldest ? (waiting(t, oldest.oldest, now, reminderDays(oldest))?.text ?? "") : "",
          pagination:
            pages > 1
              ? {
                  label: t("validation:queue.page", { page, pages }),
                  previous: page > 1 ? pageHref(page - 1) : null,
                  next: page < pages ? pageHref(page + 1) : null,
                }
              : null,
          mine,
          allHref: `${base}/validation/queue`,
          mineHref: `${base}/validation/queue?show=mine`,
        },
        { badges: res.locals.badges },
      );
    }),
  );

  const requestPage = async (
    res: Response,
    requestId: string,
    sent?: {
      values: Map<string, ItemDecisionValues>;
      errors: Record<string, string>;
      outcomes?: Map<string, ItemOutcome>;
      bulkComment?: string;
    },
  ): Promise<void> => {
    const actor = actorOf(res);
    const t = res.locals.t;
    const locale = localeOf(res);
    const base = res.locals.base ?? "";
    const request = await validation.requests.byId(actor.platformId, requestId);
    if (!request) throw new NotFoundError();
    const scope = {
      platformId: request.platformId,
      deploymentId: request.deploymentId,
      contextId: request.contextId,
    };
    const access = await validation.service.access(actor, scope, request.learnerId);
    // Not a validator of this learner here: the request does not exist for them (learners included).
    if (!access.roles.includes("validator")) throw new NotFoundError();
    const framework = await validation.service.framework(actor.platformId, request.frameworkId);
    const rules = await deps.services.courseSettings.get(scope);
    const records = new Map(
      (await validation.records.forLearner(scope, request.learnerId, request.frameworkId)).map((r) => [
        r.competenceCode,
        r,
      ]),
    );
    const evidenceIds = [...records.values()].flatMap((record) => record.evidence?.traceIds ?? []);
    const traces = await validation.traces.byIds(actor.platformId, request.learnerId, evidenceIds);
    const link = traceLinker(base, new Map(traces.map((trace) => [trace.id, trace.title])), t);
    const names = await namesOf(people, actor.platformId, [
      request.learnerId,
      ...request.assignedValidatorIds,
      ...[...records.values()].flatMap((record) => [
        ...record.timeline.map((e) => e.actorId),
        ...record.approvals.map((a) => a.validatorId),
      ]),
    ]);
    const course = await people.course(scope);
    const now = deps.clock.now();
    const sameCourse = actor.contextId === request.contextId && actor.deploymentId === request.deploymentId;
    const items = request.items.map((item, index) => {
      const record = records.get(item.code);
      const state = record?.state ?? "not_started";
      const pending = state === "submitted" || state === "resubmitted";
      const approvedByMe = (record?.approvals ?? []).some(
        (approval) => approval.validatorId === actor.userId,
      );
      const lastDecision = [...(record?.timeline ?? [])]
        .reverse()
        .find(
          (entry) =>
            entry.action !== "request" && entry.action !== "resubmit" && entry.action !== "self_assess",
        );
      const value = sent?.values.get(item.code);
      const outcome = sent?.outcomes?.get(item.code);
      return {
        index,
        code: item.code,
        title: competenceInfo(framework, item.code, locale)?.title ?? item.code,
        badge: stateBadge(t, state),
        rev: record?.rev ?? 0,
        selfLevel: selfLevelLabel(framework, record?.selfLevel, locale),
        level: levelLabel(framework, record?.level, locale),
        evidence: record?.evidence
          ? {
              version: record.evidenceVersion,
              resubmitted: record.evidenceVersion > 1,
              justification: record.evidence.justification,
              traces: record.evidence.traceIds.map((id, i) =>
                link(id, record.evidence?.traceRevisions[i] ?? 0),
              ),
            }
          : null,
        approvals: rules.validationsRequired >= 2 && pending ? `${record?.approvals.length ?? 0}/2` : "",
        approvedByMe: pending && approvedByMe,
        decidable: pending && !approvedByMe,
        waiting: pending ? waiting(t, record?.waitingSince, now, rules.reminderAfterDays) : null,
        levels: levelOptions(framework, locale, value?.level ?? record?.selfLevel, true),
        decision: DECISIONS.map((decision) => ({
          value: decision,
          label: t(`validation:decide.choices.${decision}`),
          checked: (value?.decision ?? "none") === decision,
        })),
        comment: value?.comment ?? "",
        selected: value?.selected ?? false,
        error: sent?.errors[`comment:${item.code}`] ?? sent?.errors[`level:${item.code}`] ?? "",
        outcome:
          outcome && outcome !== "skipped"
            ? { label: t(`validation:decide.outcomes.${outcome}`), conflict: outcome === "conflict" }
            : null,
        lastDecision: lastDecision
          ? {
              action: t(`validation:actions.${lastDecision.action}`),
              who: names.get(lastDecision.actorId) ?? t("validation:someone"),
              at: lastDecision.at,
              comment: lastDecision.comment ?? "",
            }
          : null,
        href: sameCourse
          ? `${base}/learners/${encodeURIComponent(request.learnerId)}/competences/${encodeURIComponent(framework.id)}/${encodeURIComponent(item.code)}`
          : "",
      };
    });
    const conflicts = items.filter((item) => item.outcome?.conflict).length;
    const oldest = items.reduce<Date | undefined>((min, item) => {
      const since = records.get(item.code)?.waitingSince;
      return since && (!min || since < min) ? since : min;
    }, undefined);
    renderPage(
      res,
      "pages/validation/request",
      "queue",
      {
        title: t("validation:request.title", { name: names.get(request.learnerId) ?? "" }),
        learner: {
          name: names.get(request.learnerId) ?? t("validation:someone"),
          fileHref: sameCourse ? `${base}/learners/${encodeURIComponent(request.learnerId)}` : "",
        },
        courseTitle: course?.title ?? request.contextId,
        framework: localized(framework.definition.title, locale),
        createdAt: request.createdAt,
        basisPriorPractice: request.basis === "prior_practice",
        assigned: request.assignedValidatorIds.length
          ? request.assignedValidatorIds.map((id) => names.get(id) ?? t("validation:someone")).join(", ")
          : t("validation:answerers.courseTrainers"),
        waiting: waiting(t, oldest, now, rules.reminderAfterDays),
        double: rules.validationsRequired >= 2,
        items,
        decidable: items.filter((item) => item.decidable).length,
        decided: items.length - items.filter((item) => item.decidable).length,
        bulkLevels: levelOptions(framework, locale, undefined, true),
        bulkComment: sent?.bulkComment ?? "",
        errorList: sent ? Object.values(sent.errors) : [],
        conflicts,
        savedCount: typeof res.req.query.decided === "string" ? Number(res.req.query.decided) || 0 : 0,
        action: `${base}/validation/requests/${encodeURIComponent(request.id)}`,
        queueHref: `${base}/validation/queue`,
        portfolioHref: `${base}/learners/${encodeURIComponent(request.learnerId)}/traces`,
      },
      { badges: res.locals.badges },
    );
  };

  router.get(
    "/validation/requests/:id",
    handle(async (req, res) => {
      await requestPage(res, req.params.id ?? "");
    }),
  );

  router.post(
    "/validation/requests/:id",
    handle(async (req, res) => {
      const actor = actorOf(res);
      const request = await validation.requests.byId(actor.platformId, req.params.id ?? "");
      if (!request) throw new NotFoundError();
      const form = new Form(req.body);
      const bulk = form.text("intent", 20) === "bulk";
      const selected = new Set(form.all("selected"));
      const bulkComment = form.text("bulkComment");
      const bulkLevel = form.optional("bulkLevel", 100);
      const values = new Map<string, ItemDecisionValues>();
      const decisions: ItemDecision[] = [];
      request.items.forEach((item, index) => {
        if (form.optional(`code_${index}`, 200) !== item.code) return;
        const own = form.text(`comment_${index}`);
        const isSelected = selected.has(String(index));
        const chosen = form.oneOf(`decision_${index}`, DECISIONS, "none");
        // Bulk: every selected item is validated, with its own reason or the shared one applied to it.
        const decision: Decision = bulk && isSelected ? "validate" : chosen;
        const comment = bulk && isSelected && own === "" ? bulkComment : own;
        const level = (bulk && isSelected ? bulkLevel : undefined) ?? form.optional(`level_${index}`, 100);
        values.set(item.code, {
          decision: chosen,
          comment: own,
          selected: isSelected,
          ...(level ? { level } : {}),
        });
        const rev = form.int(`rev_${index}`, 0, 1_000_000) ?? -1;
        decisions.push({ code: item.code, decision, comment, rev, ...(level ? { level } : {}) });
      });
      const formErrors: Record<string, string> = {};
      if (bulk && selected.size === 0)
        formErrors.bulk = res.locals.t("validation:fieldErrors.NOTHING_SELECTED");
      // A reason typed without a decision would be lost: ask which decision it goes with.
      for (const decision of decisions) {
        if (decision.decision === "none" && decision.comment !== "")
          formErrors[`comment:${decision.code}`] = res.locals.t("validation:fieldErrors.NO_DECISION");
      }
      if (Object.keys(formErrors).length > 0) {
        res.status(400);
        await requestPage(res, request.id, { values, errors: formErrors, bulkComment });
        return;
      }
      let outcomes: Map<string, ItemOutcome>;
      try {
        outcomes = await validation.service.decide(actor, request, decisions);
      } catch (error) {
        const errors = fieldMessages(error, res.locals.t);
        if (!errors) throw error;
        res.status(400);
        await requestPage(res, request.id, { values, errors, bulkComment });
        return;
      }
      const conflicts = [...outcomes.values()].filter((outcome) => outcome === "conflict").length;
      if (conflicts > 0) {
        // Someone decided some items meanwhile: show what happened, keep what this person typed.
        res.status(409);
        await requestPage(res, request.id, { values, errors: {}, outcomes, bulkComment });
        return;
      }
      const decided = [...outcomes.values()].filter((outcome) => outcome !== "skipped").length;
      res.redirect(
        303,
        `${res.locals.base ?? ""}/validation/requests/${encodeURIComponent(request.id)}?decided=${decided}`,
      );
    }),
  );

  return router;
}

interface ItemDecisionValues {
  decision: Decision;
  comment: string;
  level?: string;
  selected: boolean;
}

/** Computes the navigation badges once per launched request (unread notifications, queue size). */
export function navBadges(deps: LaunchedDeps): RequestHandler {
  return (_req, res, next) => {
    const actor = actorOf(res);
    const { notifications } = deps.services.validation;
    Promise.all([
      notifications.unreadCount(actor.platformId, actor.userId),
      teachesHere(actor) ? queueSize(deps, actor) : Promise.resolve(0),
    ])
      .then(([unread, queue]) => {
        res.locals.badges = { notifications: unread, queue };
        next();
      })
      .catch(next);
  };
}

/** Requests waiting in the courses the actor teaches and for their tutees (no items read: it runs on every page). */
export async function queueSize(deps: LaunchedDeps, actor: Actor): Promise<number> {
  const { summaries, tutoring } = deps.services.validation;
  const [courses, tutees] = await Promise.all([
    tutoring.coursesTaught(actor.platformId, actor.userId),
    tutoring.tuteesOf(actor.platformId, actor.userId),
  ]);
  const taught = courses.filter(
    (c) => !(actor.contextId && c.deploymentId === actor.deploymentId && c.contextId === actor.contextId),
  );
  if (actor.contextId && teachesHere(actor))
    taught.push({ deploymentId: actor.deploymentId, contextId: actor.contextId });
  return summaries.pendingRequestCount(
    actor.platformId,
    { courses: taught, learnerIds: tutees },
    actor.userId,
  );
}
