// The learner's side of validation: their competences at a glance, one competence's page (self-
// assessment with history, request state, timeline, exchanges) and the request form for many items.
import express, { type Response, type Router } from "express";
import type { Actor } from "../../domain/actor.js";
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import { leafCompetences } from "../../domain/frameworks/framework.js";
import type { CompetenceRecord } from "../../domain/validation/records.js";
import type { RequestItemInput } from "../../domain/validation/service.js";
import { invalid } from "../../domain/validation/service.js";
import { NotFoundError } from "../../errors.js";
import { displayName, PeopleRepository } from "../../persistence/people-repository.js";
import {
  assessableCount,
  competenceInfo,
  groupByDomain,
  selfLevelOptions,
  localized,
  recordSummary,
} from "../../presenters/validation.js";
import { actorOf, renderPage } from "../render.js";
import { Form } from "../schemas/validation-forms.js";
import { competencePage } from "./validation-competence.js";
import type { LaunchedDeps } from "./launched.js";
import {
  courseContext,
  fieldMessages,
  handle,
  isConflict,
  localeOf,
  namesOf,
  type CourseContext,
} from "./validation-support.js";

const REQUESTABLE = new Set(["not_started", "self_assessed", "withdrawn"]);

export interface ReferentView {
  name: string;
  email: string | undefined;
  isTutor: boolean;
}

/** The referent box of the learner's pages and home: who accompanies them and how to reach them. */
export async function referentView(
  deps: LaunchedDeps,
  people: PeopleRepository,
  ctx: CourseContext,
  learnerId: string,
): Promise<ReferentView | null> {
  const referentId = await deps.services.validation.service.referentOf(ctx.scope, learnerId, ctx.rules);
  if (!referentId) return null;
  const person = await people.person(ctx.scope.platformId, referentId);
  if (!person) return null;
  return { name: displayName(person), email: person.email, isTutor: !ctx.rules.referentUserId };
}

export interface CompetenceOverview {
  framework: { id: string; title: string };
  progress: { validated: number; required: number; pending: number; toComplete: number };
  double: boolean;
  domains: ReturnType<typeof groupByDomain<Record<string, unknown>>>;
  pendingItems: { code: string; title: string; waiting: string; overdue: boolean; answerers: string }[];
  canRequest: boolean;
}

/** Per-competence state for the learner (also the home page's summary). */
export async function competenceOverview(
  deps: LaunchedDeps,
  people: PeopleRepository,
  res: Response,
  ctx: CourseContext & { framework: StoredFramework },
  learnerId: string,
): Promise<CompetenceOverview> {
  const t = res.locals.t;
  const locale = localeOf(res);
  const { framework, scope, rules } = ctx;
  const now = deps.clock.now();
  const records = new Map(
    (await deps.services.validation.records.forLearner(scope, learnerId, framework.id)).map((record) => [
      record.competenceCode,
      record,
    ]),
  );
  const names = await namesOf(
    people,
    scope.platformId,
    [...records.values()].flatMap((record) => record.assignedValidatorIds),
  );
  const answerers = (record: CompetenceRecord | undefined): string =>
    record && record.assignedValidatorIds.length > 0
      ? record.assignedValidatorIds.map((id) => names.get(id) ?? t("validation:someone")).join(", ")
      : t("validation:answerers.courseTrainers");
  const base = res.locals.base ?? "";
  const domains = groupByDomain(framework, locale, (node) => {
    const record = records.get(node.code);
    const summary = recordSummary(t, locale, framework, record, now, rules);
    return {
      code: node.code,
      title: localized(node.title, locale),
      href: `${base}/competences/${encodeURIComponent(framework.id)}/${encodeURIComponent(node.code)}`,
      ...summary,
      answerers: summary.waiting ? answerers(record) : "",
      proposal: Boolean(record?.proposal),
    };
  });
  const all = [...records.values()];
  const pendingItems = all
    .filter((record) => record.state === "submitted" || record.state === "resubmitted")
    .sort((a, b) => (a.waitingSince?.getTime() ?? 0) - (b.waitingSince?.getTime() ?? 0))
    .map((record) => {
      const summary = recordSummary(t, locale, framework, record, now, rules);
      return {
        code: record.competenceCode,
        title: competenceInfo(framework, record.competenceCode, locale)?.title ?? record.competenceCode,
        waiting: summary.waiting?.text ?? "",
        overdue: summary.waiting?.overdue ?? false,
        answerers: answerers(record),
      };
    });
  const leaves = leafCompetences(framework.definition);
  return {
    framework: { id: framework.id, title: localized(framework.definition.title, locale) },
    progress: {
      validated: all.filter((record) => record.state === "validated").length,
      required: assessableCount(framework),
      pending: pendingItems.length,
      toComplete: all.filter((record) => record.state === "more_evidence").length,
    },
    double: rules.validationsRequired >= 2,
    domains,
    pendingItems,
    canRequest: leaves.some(({ node }) => REQUESTABLE.has(records.get(node.code)?.state ?? "not_started")),
  };
}

export function validationLearnerRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const people = new PeopleRepository(deps.services.models);
  const { validation } = deps.services;

  async function learnerContext(
    res: Response,
  ): Promise<CourseContext & { framework: StoredFramework | null }> {
    return courseContext(deps, res);
  }

  router.get(
    "/competences",
    handle(async (req, res) => {
      const ctx = await learnerContext(res);
      const sentCount = Number(req.query.sent ?? 0) || 0;
      const conflictCount = Number(req.query.conflicts ?? 0) || 0;
      const t = res.locals.t;
      const referent = await referentView(deps, people, ctx, ctx.actor.userId);
      if (!ctx.framework) {
        renderPage(
          res,
          "pages/validation/competences",
          "competences",
          { title: t("validation:competences.title"), noFramework: true, referent },
          { badges: res.locals.badges },
        );
        return;
      }
      const overview = await competenceOverview(
        deps,
        people,
        res,
        { ...ctx, framework: ctx.framework },
        ctx.actor.userId,
      );
      renderPage(
        res,
        "pages/validation/competences",
        "competences",
        {
          title: t("validation:competences.title"),
          referent,
          ...overview,
          requestHref: `${res.locals.base ?? ""}/requests/new`,
          sent: [
            sentCount > 0 ? t("validation:competences.sent", { count: sentCount }) : "",
            conflictCount > 0 ? t("validation:competences.conflicts", { count: conflictCount }) : "",
          ]
            .filter(Boolean)
            .join(" "),
        },
        { badges: res.locals.badges },
      );
    }),
  );

  // One competence, seen by its learner.
  router.get(
    "/competences/:frameworkId/:code",
    handle(async (req, res) => {
      const actor = assertParams(req.params.frameworkId, req.params.code, res);
      await competencePage(deps, people, res, {
        learnerId: actor.userId,
        frameworkId: req.params.frameworkId ?? "",
        code: req.params.code ?? "",
        viewer: "learner",
      });
    }),
  );

  const learnerAction = (
    path: string,
    build: (form: Form) => Parameters<typeof validation.service.perform>[2],
  ): void => {
    router.post(
      `/competences/:frameworkId/:code/${path}`,
      handle(async (req, res) => {
        const actor = assertParams(req.params.frameworkId, req.params.code, res);
        const target = await targetFor(
          deps,
          res,
          req.params.frameworkId ?? "",
          req.params.code ?? "",
          actor.userId,
        );
        const form = new Form(req.body);
        try {
          await validation.service.perform(actor, target, build(form));
        } catch (error) {
          const errors = fieldMessages(error, res.locals.t);
          if (!errors && !isConflict(error)) throw error;
          res.status(errors ? 400 : 409);
          await competencePage(deps, people, res, {
            learnerId: actor.userId,
            frameworkId: target.frameworkId,
            code: target.code,
            viewer: "learner",
            form: {
              action: path,
              values: {
                level: form.text("level", 100),
                comment: form.text("comment"),
                traceIds: form.all("traceIds"),
              },
              errors: errors ?? {},
            },
            conflict: !errors,
          });
          return;
        }
        res.redirect(
          303,
          `${res.locals.base ?? ""}/competences/${encodeURIComponent(target.frameworkId)}/${encodeURIComponent(target.code)}?done=${path}`,
        );
      }),
    );
  };
  learnerAction("self-assessment", (form) => ({
    action: "self_assess",
    channel: "online",
    level: form.text("level", 100),
    comment: form.text("comment"),
    traceIds: form.all("traceIds"),
    expectedRev: form.int("rev", 0, 1_000_000),
  }));
  learnerAction("resubmit", (form) => ({
    action: "resubmit",
    channel: form.oneOf("channel", ["online", "prior_practice"] as const, "online"),
    comment: form.text("comment"),
    traceIds: form.all("traceIds"),
    expectedRev: form.int("rev", 0, 1_000_000),
  }));
  learnerAction("proposal", (form) => ({
    action:
      form.oneOf("answer", ["accept", "decline"] as const) === "accept"
        ? "accept_proposal"
        : "decline_proposal",
    channel: "proposal",
    comment: form.text("comment"),
    expectedRev: form.int("rev", 0, 1_000_000),
  }));

  router.post(
    "/competences/:frameworkId/:code/comments",
    handle(async (req, res) => {
      const actor = assertParams(req.params.frameworkId, req.params.code, res);
      const target = await targetFor(
        deps,
        res,
        req.params.frameworkId ?? "",
        req.params.code ?? "",
        actor.userId,
      );
      const form = new Form(req.body);
      try {
        await validation.service.comment(actor, target, form.text("comment"));
      } catch (error) {
        const errors = fieldMessages(error, res.locals.t);
        if (!errors) throw error;
        res.status(400);
        await competencePage(deps, people, res, {
          learnerId: actor.userId,
          frameworkId: target.frameworkId,
          code: target.code,
          viewer: "learner",
          form: { action: "comments", values: { comment: form.text("comment") }, errors },
        });
        return;
      }
      res.redirect(
        303,
        `${res.locals.base ?? ""}/competences/${encodeURIComponent(target.frameworkId)}/${encodeURIComponent(target.code)}?done=comments#exchanges`,
      );
    }),
  );

  // The request form: many competences at once, each with its evidence and justification.
  const requestForm = async (
    res: Response,
    values: RequestFormValues | null,
    errors: Record<string, string>,
  ): Promise<void> => {
    const ctx = await learnerContext(res);
    const t = res.locals.t;
    const locale = localeOf(res);
    if (!ctx.framework) throw new NotFoundError();
    const framework = ctx.framework;
    const learnerId = ctx.actor.userId;
    const [records, traces, allowed, referentId] = await Promise.all([
      validation.records.forLearner(ctx.scope, learnerId, framework.id),
      validation.traces.listForLearner(ctx.scope.platformId, learnerId),
      validation.service.allowedValidators(ctx.scope, learnerId),
      validation.service.referentOf(ctx.scope, learnerId, ctx.rules),
    ]);
    const byCode = new Map(records.map((record) => [record.competenceCode, record]));
    const names = await namesOf(people, ctx.scope.platformId, allowed);
    const preselected = new Set(values?.picked ?? (res.req.query.code ? [String(res.req.query.code)] : []));
    const now = deps.clock.now();
    const items = leafCompetences(framework.definition).map(({ node }, index) => {
      const record = byCode.get(node.code);
      const requestable = REQUESTABLE.has(record?.state ?? "not_started");
      const own = values?.items.get(node.code);
      return {
        index,
        code: node.code,
        title: localized(node.title, locale),
        requestable,
        picked: requestable && preselected.has(node.code),
        ...recordSummary(t, locale, framework, record, now, ctx.rules),
        levels: selfLevelOptions(framework, locale, own?.level ?? record?.selfLevel),
        justification: own?.justification ?? "",
        traces: traces.map((trace) => ({ ...trace, checked: own?.traceIds.includes(trace.id) ?? false })),
        error: errors[`justification:${node.code}`] ?? errors[`level:${node.code}`] ?? "",
        href: `${res.locals.base ?? ""}/competences/${encodeURIComponent(framework.id)}/${encodeURIComponent(node.code)}`,
      };
    });
    const chosen = new Set(values?.validatorIds ?? (referentId ? [referentId] : []));
    renderPage(
      res,
      "pages/validation/request-new",
      "competences",
      {
        title: t("validation:requestNew.title"),
        framework: { id: framework.id, title: localized(framework.definition.title, locale) },
        groups: groupItems(framework, locale, items),
        validators: allowed
          .map((id) => ({
            id,
            name: names.get(id) ?? t("validation:someone"),
            checked: chosen.has(id),
            referent: id === referentId,
          }))
          .sort((a, b) => Number(b.referent) - Number(a.referent) || a.name.localeCompare(b.name, "fr")),
        basisPriorPractice: values?.basis === "prior_practice",
        hasTraces: traces.length > 0,
        errors,
        errorList: Object.values(errors),
        portfolioHref: `${res.locals.base ?? ""}/traces`,
      },
      { badges: res.locals.badges },
    );
  };

  router.get(
    "/requests/new",
    handle(async (_req, res) => {
      await requestForm(res, null, {});
    }),
  );

  router.post(
    "/requests/new",
    handle(async (req, res) => {
      const ctx = await learnerContext(res);
      if (!ctx.framework) throw new NotFoundError();
      const form = new Form(req.body);
      const leaves = leafCompetences(ctx.framework.definition).map(({ node }) => node.code);
      const picked = form.all("pick").flatMap((value) => {
        const code = leaves[Number(value)];
        return code !== undefined && form.text(`code_${value}`, 200) === code ? [code] : [];
      });
      const items = new Map<string, RequestItemInput>();
      for (const value of form.all("pick")) {
        const code = leaves[Number(value)];
        if (code === undefined || !picked.includes(code)) continue;
        const level = form.optional(`level_${value}`, 100);
        items.set(code, {
          code,
          justification: form.text(`justification_${value}`),
          traceIds: form.all(`traces_${value}`),
          ...(level ? { level } : {}),
        });
      }
      const values: RequestFormValues = {
        picked,
        items,
        validatorIds: form.all("validators"),
        basis: form.oneOf("basis", ["traces", "prior_practice"] as const, "traces"),
      };
      try {
        if (items.size === 0) throw invalid({ items: "NO_ITEMS" });
        const { request, conflicts } = await validation.service.requestValidation(ctx.actor, {
          frameworkId: ctx.framework.id,
          basis: values.basis,
          validatorIds: values.validatorIds,
          items: [...items.values()],
        });
        res.redirect(
          303,
          `${res.locals.base ?? ""}/competences?sent=${request.items.length}${conflicts.length ? `&conflicts=${conflicts.length}` : ""}`,
        );
      } catch (error) {
        const errors = fieldMessages(error, res.locals.t);
        if (!errors) throw error;
        res.status(400);
        await requestForm(res, values, errors);
      }
    }),
  );

  return router;
}

interface RequestFormValues {
  picked: string[];
  items: Map<string, RequestItemInput>;
  validatorIds: string[];
  basis: "traces" | "prior_practice";
}

function groupItems<T extends { code: string }>(
  framework: StoredFramework,
  locale: "fr" | "en",
  items: T[],
): { title: string; items: T[] }[] {
  const byCode = new Map(items.map((item) => [item.code, item]));
  return groupByDomain(framework, locale, (node) => byCode.get(node.code)).map((group) => ({
    title: group.title,
    items: group.items.filter((item): item is T => item !== undefined),
  }));
}

function assertParams(frameworkId: string | undefined, code: string | undefined, res: Response): Actor {
  if (!frameworkId || !code) throw new NotFoundError();
  return actorOf(res);
}

async function targetFor(
  deps: LaunchedDeps,
  res: Response,
  frameworkId: string,
  code: string,
  learnerId: string,
) {
  const ctx = await courseContext(deps, res);
  return { scope: ctx.scope, learnerId, frameworkId, code };
}
