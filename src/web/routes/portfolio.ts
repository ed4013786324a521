// The learner's portfolio of traces and the reviewers' view of it: thin handlers that parse the form,
// call the portfolio service (which applies the policy) and render the presenter's view models.
import { dateTimeFormat } from "../../i18n/format.js";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { hasRole, teachesHere, type Actor } from "../../domain/actor.js";
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import { compareContents, comparisonPlan } from "../../domain/portfolio/diff.js";
import { isPortfolioErrorCode, PortfolioError } from "../../domain/portfolio/errors.js";
import { checkTracePrivacy } from "../../domain/portfolio/privacy.js";
import type { ShareChoices } from "../../domain/portfolio/sharing.js";
import { MAX_ATTACHMENTS, MAX_LINKS } from "../../domain/portfolio/trace-files.js";
import type { TraceInput } from "../../domain/portfolio/writing.js";
import { MAX_COMMENTS_PER_MINUTE, MAX_COMMENTS_PER_TRACE } from "../../domain/portfolio/exchanges.js";
import { emptySections, localize, type TraceTypeDefinition } from "../../domain/portfolio/trace-types.js";
import {
  SECTION_PROGRESS,
  TRACE_STATUSES,
  type Trace,
  type TraceStatus,
  type Visibility,
} from "../../domain/portfolio/types.js";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.js";
import type { Translate } from "../../i18n/i18n.js";
import { displayName, PeopleRepository } from "../../persistence/people-repository.js";
import { competenceOptions, situationOptions } from "../../presenters/portfolio/framework-views.js";
import {
  commentViews,
  decisionViews,
  formatDay,
  formatSize,
  privacyViews,
  progressView,
  revisionViews,
  sectionViews,
  statusView,
  tagViews,
  traceSummary,
  visibilityView,
  type PresentContext,
} from "../../presenters/portfolio/trace-views.js";
import type { NavKey } from "../navigation.js";
import { actorOf, renderPage } from "../render.js";
import {
  CommentFormSchema,
  CompareQuerySchema,
  decodeCourse,
  DecisionFormSchema,
  encodeCourse,
  LinkFormSchema,
  many,
  parseTraceForm,
  ShareFormSchema,
  single,
  TRACE_ID_PATTERN,
  type FieldErrors,
} from "../schemas/portfolio.js";
import { bytesOf } from "../uploads.js";
import type { LaunchedDeps } from "./launched.js";

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 4 does not await handlers: errors go to next(). */
function h(handler: Handler) {
  return (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };
}

/**
 * Multipart bodies skip the launch-wide CSRF check (their routes check after parsing): the portfolio's
 * urlencoded forms refuse them, so that skip can never reach a handler here.
 */
function urlencodedOnly(req: Request): void {
  if (req.is("multipart/form-data"))
    throw new ForbiddenError("CSRF_TOKEN_INVALID", "multipart on a urlencoded route");
}

function bodyOf(req: Request): Record<string, unknown> {
  return typeof req.body === "object" && req.body !== null ? (req.body as Record<string, unknown>) : {};
}

function traceIdOf(req: Request): string {
  const id = req.params.traceId ?? "";
  if (!TRACE_ID_PATTERN.test(id)) throw new NotFoundError("NOT_FOUND", `malformed trace id`);
  return id;
}

function queryString(req: Request, name: string): string | null {
  const value = req.query[name];
  return typeof value === "string" && value !== "" ? value.slice(0, 200) : null;
}

const DONE_MESSAGES = new Set([
  "created",
  "saved",
  "unchanged",
  "shared",
  "unshared",
  "commented",
  "decided",
  "uploaded",
  "detached",
  "linked",
  "unlinked",
  "typeAdded",
  "typeArchived",
  "typeRestored",
]);

/** Outcome notices after a redirect (Post/Redirect/Get): only known codes, never free text. */
function flashOf(
  req: Request,
  t: Translate,
  params: Record<string, unknown> = {},
): { done: string | null; error: string | null } {
  const done = queryString(req, "done");
  const error = queryString(req, "error");
  return {
    done: done && DONE_MESSAGES.has(done) ? t(`portfolio:done.${done}`) : null,
    error: error && isPortfolioErrorCode(error) ? t(`portfolio:errors.${error}`, params) : null,
  };
}

function todayIn(clock: { now(): Date }): string {
  return dateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(clock.now());
}

const TRACES_PER_PAGE = 50;
export function legacyPortfolioRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const portfolio = deps.services.portfolio;
  const people = new PeopleRepository(deps.services.models);

  const names = async (platformId: string, ids: Iterable<string>): Promise<Map<string, string>> => {
    const unique = [...new Set(ids)];
    const found = await people.people(platformId, unique);
    return new Map(
      unique.map((id) => {
        const person = found.get(id);
        return [id, person ? displayName(person) : "—"];
      }),
    );
  };

  const context = async (res: Response, nameIds: Iterable<string> = []): Promise<PresentContext> => {
    const actor = actorOf(res);
    return {
      t: res.locals.t,
      locale: res.locals.locale,
      base: res.locals.base ?? `/l/${actor.launchId}`,
      types: await portfolio.types.all(actor.platformId),
      names: await names(actor.platformId, nameIds),
    };
  };

  const base = (res: Response): string => res.locals.base ?? `/l/${actorOf(res).launchId}`;

  const redirect = (res: Response, path: string, query: Record<string, string> = {}, hash = ""): void => {
    const search = new URLSearchParams(query).toString();
    res.redirect(303, `${base(res)}${path}${search ? `?${search}` : ""}${hash}`);
  };

  const frameworkLabel = (framework: StoredFramework, locale: string): string =>
    `${localize(framework.definition.title, locale)} (${framework.version})`;

  const frameworkChoices = async (actor: Actor, current: StoredFramework | null, locale: string) =>
    (await portfolio.tagging.offered(actor)).map((framework) => ({
      id: framework.id,
      label: frameworkLabel(framework, locale),
      selected: framework.id === current?.id,
    }));

  const tabs = (res: Response, current: string, extra: { group: boolean }) => {
    const t = res.locals.t;
    const items = [
      { key: "time", href: `${base(res)}/traces` },
      { key: "competences", href: `${base(res)}/traces/by-competence` },
      { key: "coverage", href: `${base(res)}/traces/coverage` },
      { key: "waiting", href: `${base(res)}/traces/waiting` },
      ...(extra.group ? [{ key: "group", href: `${base(res)}/traces/group` }] : []),
    ];
    return items.map((item) => ({
      ...item,
      label: t(`portfolio:tabs.${item.key}`),
      current: item.key === current,
    }));
  };

  const hasGroup = (actor: Actor): Promise<boolean> => portfolio.lists.hasGroup(actor);

  // ---------------------------------------------------------------------------------------------
  // The learner's portfolio

  router.get(
    "/traces",
    h(async (req, res) => {
      const actor = actorOf(res);
      const t = res.locals.t;
      const ctx = await context(res);
      const all = await portfolio.lists.ownTraces(actor);
      const statusFilter = queryString(req, "status");
      const typeFilter = queryString(req, "type");
      const shown = all.filter(
        (trace) =>
          (!statusFilter || trace.status === statusFilter) && (!typeFilter || trace.typeKey === typeFilter),
      );
      // A long portfolio is read page by page: the counts above still cover every trace.
      const pages = Math.max(1, Math.ceil(shown.length / TRACES_PER_PAGE));
      const page = Math.min(pages, Math.max(1, Number(queryString(req, "page") ?? "1") || 1));
      const pageLink = (target: number): string => {
        const query = new URLSearchParams();
        if (statusFilter) query.set("status", statusFilter);
        if (typeFilter) query.set("type", typeFilter);
        query.set("page", String(target));
        return `${base(res)}/traces?${query.toString()}`;
      };
      renderPage(res, "pages/portfolio/list", "traces", {
        title: t("portfolio:list.title"),
        tabs: tabs(res, "time", { group: await hasGroup(actor) }),
        traces: shown
          .slice((page - 1) * TRACES_PER_PAGE, page * TRACES_PER_PAGE)
          .map((trace) => traceSummary(trace, ctx)),
        pagination:
          pages > 1
            ? {
                label: t("portfolio:list.page", { page, pages }),
                previous: page > 1 ? pageLink(page - 1) : null,
                next: page < pages ? pageLink(page + 1) : null,
              }
            : null,
        total: all.length,
        filtered: Boolean(statusFilter || typeFilter),
        counts: statusCounts(all, t),
        statusOptions: TRACE_STATUSES.map((status) => ({
          value: status,
          label: t(`portfolio:status.${status}`),
          selected: status === statusFilter,
        })),
        typeOptions: ctx.types
          .filter((type) => all.some((trace) => trace.typeKey === type.key))
          .map((type) => ({
            value: type.key,
            label: localize(type.name, ctx.locale),
            selected: type.key === typeFilter,
          })),
        flash: flashOf(req, t),
      });
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Writing: type chooser, editor, save

  router.get(
    "/traces/new",
    h(async (_req, res) => {
      const actor = actorOf(res);
      const t = res.locals.t;
      const locale = res.locals.locale;
      const types = await portfolio.types.active(actor.platformId);
      renderPage(res, "pages/portfolio/new", "traces", {
        title: t("portfolio:new.title"),
        canManageTypes: hasRole(actor, "admin"),
        types: types.map((type) => ({
          key: type.key,
          href: `${base(res)}/traces/new/${encodeURIComponent(type.key)}`,
          name: localize(type.name, locale),
          description: localize(type.description, locale),
          sections: type.sections.map((section) => localize(section.title, locale)).join(" · "),
        })),
      });
    }),
  );

  interface EditorState {
    type: TraceTypeDefinition;
    trace: Trace | null;
    input: TraceInput | null;
    errors?: FieldErrors;
    conflict?: boolean;
    requestedFramework?: string | null;
    status?: number;
  }

  const renderEditor = async (res: Response, state: EditorState): Promise<void> => {
    const actor = actorOf(res);
    const t = res.locals.t;
    const locale = res.locals.locale;
    const own = await portfolio.lists.ownTraces(actor, 50);
    const trace = state.trace;
    const traceFramework = mostUsedFramework(trace?.competences ?? []);
    const framework = await portfolio.tagging.current(
      actor,
      state.requestedFramework ?? state.input?.frameworkId ?? traceFramework,
      own,
    );
    const sections = trace?.sections ?? emptySections(state.type);
    const content = state.input;
    const tagSource = content
      ? {
          competences: content.competences.map((tag) => ({ frameworkId: content.frameworkId ?? "", ...tag })),
          situations: content.situations.map((code) => ({ frameworkId: content.frameworkId ?? "", code })),
        }
      : { competences: trace?.competences ?? [], situations: trace?.situations ?? [] };
    // Tags chosen from another framework (another course) are kept; shown read-only.
    const otherTags = trace
      ? await otherFrameworkTags(trace, framework?.id ?? null, locale)
      : { competences: [], situations: [] };
    const values = {
      title: content?.title ?? trace?.title ?? "",
      date: content?.date ?? trace?.date ?? todayIn(deps.clock),
      placement: content?.placement ?? trace?.placement ?? own[0]?.placement ?? "",
    };
    const templates = state.type.sections;
    res.status(state.status ?? 200);
    renderPage(res, "pages/portfolio/editor", "traces", {
      title: trace
        ? t("portfolio:editor.editTitle", { title: trace.title })
        : t("portfolio:editor.newTitle", { type: localize(state.type.name, locale) }),
      heading: trace ? trace.title : localize(state.type.name, locale),
      isNew: trace === null,
      action: trace ? `${base(res)}/traces/${trace.id}` : `${base(res)}/traces`,
      cancelHref: trace ? `${base(res)}/traces/${trace.id}` : `${base(res)}/traces/new`,
      typeKey: state.type.key,
      typeName: localize(state.type.name, locale),
      typeDescription: localize(state.type.description, locale),
      revision: trace?.revision ?? 0,
      values,
      errors: Object.fromEntries(
        Object.entries(state.errors ?? {}).map(([field, code]) => [field, t(`portfolio:formErrors.${code}`)]),
      ),
      hasErrors: Object.keys(state.errors ?? {}).length > 0,
      conflict: state.conflict ?? false,
      sections: sections.map((section) => {
        const sent = content?.sections.find((candidate) => candidate.key === section.key);
        const template = templates.find((candidate) => candidate.key === section.key);
        const progress = sent?.progress ?? section.progress;
        const guidance = template ? localize(template.guidance, locale) : "";
        return {
          key: section.key,
          title: localize(section.title, locale),
          body: sent?.body ?? section.body,
          error: state.errors?.[`body_${section.key}`] ? t("portfolio:formErrors.tooLong") : null,
          guidance: guidance.split("\n").filter((line) => line.trim() !== ""),
          progressOptions: SECTION_PROGRESS.map((value) => ({
            value,
            label: t(`portfolio:progress.${value}`),
            selected: value === progress,
          })),
        };
      }),
      framework: framework ? { id: framework.id, title: frameworkLabel(framework, locale) } : null,
      frameworks: await frameworkChoices(actor, framework, locale),
      domains: framework ? competenceOptions(framework, tagSource, locale, t) : [],
      situations: framework ? situationOptions(framework, tagSource, locale) : [],
      otherTags,
      hasOtherTags: otherTags.competences.length + otherTags.situations.length > 0,
      privacy: trace && !content ? privacyViews(checkTracePrivacy(trace), trace, await context(res)) : [],
    });
  };

  const otherFrameworkTags = async (trace: Trace, currentId: string | null, locale: string) => {
    const ids = new Set(
      [...trace.competences, ...trace.situations]
        .map((tag) => tag.frameworkId)
        .filter((id) => id !== currentId),
    );
    const frameworks = new Map<string, StoredFramework>();
    for (const id of ids) {
      const framework = await portfolio.tagging.byId(trace.platformId, id);
      if (framework) frameworks.set(id, framework);
    }
    return tagViews(
      {
        competences: trace.competences.filter((tag) => tag.frameworkId !== currentId),
        situations: trace.situations.filter((tag) => tag.frameworkId !== currentId),
      },
      frameworks,
      locale,
    );
  };

  router.get(
    "/traces/new/:typeKey",
    h(async (req, res) => {
      const actor = actorOf(res);
      const type = await portfolio.types.find(actor.platformId, req.params.typeKey ?? "");
      if (!type || type.archived)
        throw new NotFoundError("NOT_FOUND", `trace type ${req.params.typeKey ?? ""}`);
      await renderEditor(res, {
        type,
        trace: null,
        input: null,
        requestedFramework: queryString(req, "framework"),
      });
    }),
  );

  router.post(
    "/traces",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const body = bodyOf(req);
      const type = await portfolio.types.find(actor.platformId, single(body, "typeKey"));
      if (!type || type.archived) throw new NotFoundError("NOT_FOUND", "trace type");
      const parsed = parseTraceForm(
        body,
        type.sections.map((section) => section.key),
      );
      if (single(body, "intent") === "reframe") {
        await renderEditor(res, {
          type,
          trace: null,
          input: reframedInput(parsed.input, null, single(body, "framework")),
          requestedFramework: single(body, "framework"),
        });
        return;
      }
      if (!parsed.ok) {
        await renderEditor(res, {
          type,
          trace: null,
          input: parsed.input,
          errors: parsed.errors,
          status: 400,
        });
        return;
      }
      const result = await portfolio.writing.createTrace(actor, type.key, parsed.input);
      redirect(res, `/traces/${result.trace.id}`, { done: "created" });
    }),
  );

  router.get(
    "/traces/:traceId/edit",
    h(async (req, res) => {
      const actor = actorOf(res);
      const view = await portfolio.reading.read(actor, traceIdOf(req));
      if (!view.can.edit) {
        if (view.readerRole !== "owner") throw new NotFoundError("NOT_FOUND", "edit page: not the owner");
        throw new PortfolioError("TRACE_LOCKED");
      }
      const type = await typeOf(actor, view.trace);
      await renderEditor(res, {
        type,
        trace: view.trace,
        input: null,
        requestedFramework: queryString(req, "framework"),
      });
    }),
  );

  const typeOf = async (actor: Actor, trace: Trace): Promise<TraceTypeDefinition> =>
    (await portfolio.types.find(actor.platformId, trace.typeKey)) ?? {
      key: trace.typeKey,
      name: { fr: trace.typeKey },
      description: { fr: "" },
      sections: trace.sections.map((section) => ({
        key: section.key,
        title: section.title,
        guidance: { fr: "" },
      })),
      builtIn: false,
      archived: true,
    };

  router.post(
    "/traces/:traceId",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const view = await portfolio.reading.read(actor, traceId);
      if (view.readerRole !== "owner") throw new NotFoundError("NOT_FOUND", "save: not the owner");
      const type = await typeOf(actor, view.trace);
      const body = bodyOf(req);
      const parsed = parseTraceForm(
        body,
        view.trace.sections.map((section) => section.key),
      );
      if (single(body, "intent") === "reframe") {
        await renderEditor(res, {
          type,
          trace: view.trace,
          input: reframedInput(parsed.input, view.trace, single(body, "framework")),
          requestedFramework: single(body, "framework"),
        });
        return;
      }
      if (!parsed.ok) {
        await renderEditor(res, {
          type,
          trace: view.trace,
          input: parsed.input,
          errors: parsed.errors,
          status: 400,
        });
        return;
      }
      const expected = Number.parseInt(single(body, "revision"), 10);
      const result = await portfolio.writing.updateTrace(
        actor,
        traceId,
        Number.isFinite(expected) ? expected : -1,
        parsed.input,
      );
      if (result.outcome === "conflict") {
        // Someone saved in between: nothing is overwritten, the text typed here is shown again.
        await renderEditor(res, {
          type,
          trace: result.trace,
          input: parsed.input,
          conflict: true,
          status: 409,
        });
        return;
      }
      redirect(res, `/traces/${traceId}`, { done: result.outcome });
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // The trace page

  router.get(
    "/traces/:traceId",
    h(async (req, res) => {
      const actor = actorOf(res);
      const t = res.locals.t;
      const locale = res.locals.locale;
      const traceId = traceIdOf(req);
      const view = await portfolio.reading.page(actor, traceId);
      const { trace, can, revisions, comments, decisions, frameworks } = view;
      const owner = view.readerRole === "owner";
      const ctx = await context(res, [
        trace.ownerId,
        ...comments.map((comment) => comment.authorId),
        ...decisions.map((decision) => decision.deciderId),
        ...revisions.map((revision) => revision.authorId),
        ...(owner ? [...view.relations.tutors, ...view.relations.groupPeers] : []),
      ]);
      ctx.markdown = await deps.services.markdown.render([
        ...trace.sections.map((section) => section.body),
        ...comments.map((comment) => comment.body),
        ...decisions.map((decision) => decision.reason),
      ]);
      const tags = tagViews(trace, frameworks, locale);
      const summary = traceSummary(trace, ctx);
      const share = view.sharing ? shareModel(trace, view.sharing, ctx, base(res)) : null;
      renderPage(
        res,
        "pages/portfolio/trace",
        owner || view.readerRole === "peer" ? "traces" : reviewerNav(actor),
        {
          title: trace.title,
          trace: summary,
          ownerName: ctx.names?.get(trace.ownerId) ?? "",
          ownerHref: owner ? null : `${base(res)}/learners/${encodeURIComponent(trace.ownerId)}/traces`,
          owner,
          readerRole: t(`portfolio:readerRole.${view.readerRole}`),
          can,
          sections: sectionViews(trace, ctx),
          tags,
          hasTags: tags.competences.length + tags.situations.length > 0,
          links: trace.links.map((link, index) => ({
            url: link.url,
            label: link.label || link.url,
            deleteAction: `${base(res)}/traces/${trace.id}/links/${index}/delete`,
          })),
          attachments: trace.attachments.map((attachment) => ({
            id: attachment.id,
            filename: attachment.filename,
            size: formatSize(attachment.size, t),
            image: attachment.mime.startsWith("image/"),
            href: `${base(res)}/traces/${trace.id}/attachments/${attachment.id}`,
            deleteAction: `${base(res)}/traces/${trace.id}/attachments/${attachment.id}/delete`,
          })),
          attachmentsFull: trace.attachments.length >= MAX_ATTACHMENTS,
          uploadMax: formatSize(deps.config.uploadMaxBytes, t),
          revisions: revisionViews(revisions, trace, ctx),
          compare:
            revisions.length > 1 ? compareDefaults(revisions.map((revision) => revision.number)) : null,
          comments: commentViews(comments, actor.userId, ctx),
          decisions: decisionViews(decisions, ctx),
          share,
          privacy: owner ? privacyViews(checkTracePrivacy(trace), trace, ctx) : [],
          flash: flashOf(req, t, {
            size: formatSize(deps.config.uploadMaxBytes, t),
            links: MAX_LINKS,
            files: MAX_ATTACHMENTS,
            comments: MAX_COMMENTS_PER_TRACE,
            perMinute: MAX_COMMENTS_PER_MINUTE,
          }),
          decisionOptions: [
            { value: "validated", label: t("portfolio:decision.validated") },
            { value: "to_rework", label: t("portfolio:decision.to_rework") },
          ],
        },
      );
    }),
  );

  const shareModel = (trace: Trace, choices: ShareChoices, ctx: PresentContext, basePath: string) => {
    const t = ctx.t;
    const { relations } = choices;
    const options = choices.courses.map((choice) => ({
      value: encodeCourse(choice.course),
      title: choice.title ?? choice.course.contextId,
      checked: choice.sharedHere || (trace.sharedIn.length === 0 && choice.current),
      current: choice.current,
      sharedHere: choice.sharedHere,
    }));
    const visibilities: Visibility[] = ["private", "tutors", "group"];
    return {
      action: `${basePath}/traces/${trace.id}/share`,
      current: visibilityView(trace.visibility, t),
      options: visibilities.map((value) => ({
        value,
        label: t(`portfolio:visibility.${value}`),
        hint: t(`portfolio:share.hint.${value}`),
        checked: trace.visibility === value,
      })),
      courses: options,
      audience: {
        private: trace.visibility === "private",
        courses: options.filter((option) => option.sharedHere).map((option) => option.title),
        tutors: relations.tutors.map((id) => ctx.names?.get(id) ?? id),
        peers: trace.visibility === "group" ? relations.groupPeers.map((id) => ctx.names?.get(id) ?? id) : [],
      },
      hasGroup: relations.groupPeers.length > 0,
    };
  };

  router.post(
    "/traces/:traceId/share",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const body = bodyOf(req);
      const parsed = ShareFormSchema.safeParse({
        visibility: single(body, "visibility"),
        course: many(body, "course"),
      });
      if (!parsed.success) throw new ValidationError("VALIDATION_FAILED");
      const courses = parsed.data.course.flatMap((value) => {
        const course = decodeCourse(value);
        return course ? [course] : [];
      });
      const trace = await portfolio.sharing.share(actor, traceId, parsed.data.visibility, courses);
      redirect(
        res,
        `/traces/${traceId}`,
        { done: trace.visibility === "private" ? "unshared" : "shared" },
        "#share",
      );
    }),
  );

  router.post(
    "/traces/:traceId/comments",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const parsed = CommentFormSchema.safeParse({ body: single(bodyOf(req), "body") });
      if (!parsed.success) throw new ValidationError("VALIDATION_FAILED");
      try {
        await portfolio.exchanges.comment(actor, traceId, parsed.data.body);
      } catch (error) {
        if (error instanceof PortfolioError && error.code.startsWith("COMMENT_")) {
          redirect(res, `/traces/${traceId}`, { error: error.code }, "#comments");
          return;
        }
        throw error;
      }
      redirect(res, `/traces/${traceId}`, { done: "commented" }, "#comments");
    }),
  );

  router.post(
    "/traces/:traceId/decision",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const body = bodyOf(req);
      const parsed = DecisionFormSchema.safeParse({
        outcome: single(body, "outcome"),
        reason: single(body, "reason"),
      });
      if (!parsed.success) throw new ValidationError("VALIDATION_FAILED");
      await portfolio.exchanges.decide(actor, traceId, parsed.data.outcome, parsed.data.reason);
      redirect(res, `/traces/${traceId}`, { done: "decided" }, "#decisions");
    }),
  );

  router.post(
    "/traces/:traceId/links",
    h(async (req, res) => {
      urlencodedOnly(req);
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const body = bodyOf(req);
      const parsed = LinkFormSchema.safeParse({ url: single(body, "url"), label: single(body, "label") });
      if (!parsed.success) {
        redirect(res, `/traces/${traceId}`, { error: "TRACE_LINK_INVALID" }, "#files");
        return;
      }
      try {
        await portfolio.files.addLink(actor, traceId, { url: parsed.data.url, label: parsed.data.label });
      } catch (error) {
        if (error instanceof PortfolioError && error.code !== "TRACE_LOCKED") {
          redirect(res, `/traces/${traceId}`, { error: error.code }, "#files");
          return;
        }
        throw error;
      }
      redirect(res, `/traces/${traceId}`, { done: "linked" }, "#files");
    }),
  );

  router.post(
    "/traces/:traceId/links/:index/delete",
    h(async (req, res) => {
      urlencodedOnly(req);
      const traceId = traceIdOf(req);
      await portfolio.files.removeLink(actorOf(res), traceId, Number.parseInt(req.params.index ?? "", 10));
      redirect(res, `/traces/${traceId}`, { done: "unlinked" }, "#files");
    }),
  );

  // Files stream to storage as they arrive (size and type checked on the way, the token before);
  // a refused file sends the learner back to the trace with the reason, the trace untouched.
  deps.uploads.post(
    router,
    "/traces/:traceId/attachments",
    {
      field: "file",
      maxFileBytes: deps.config.uploadMaxBytes,
      maxFields: 5,
      maxFieldBytes: 1024,
      receive: (file, req, res) =>
        portfolio.files.receiveAttachment(actorOf(res), traceIdOf(req), {
          content: bytesOf(file.stream),
          declaredName: file.originalname,
        }),
      discard: (received, req, res) =>
        portfolio.files.discardAttachment(actorOf(res), traceIdOf(req), received),
    },
    async (req, res, files) => {
      const traceId = traceIdOf(req);
      const [file] = files;
      if (!file) {
        redirect(res, `/traces/${traceId}`, { error: "FILE_MISSING" }, "#files");
        return;
      }
      await portfolio.files.linkAttachment(actorOf(res), traceId, file);
      redirect(res, `/traces/${traceId}`, { done: "uploaded" }, "#files");
    },
    (error: unknown, req, res, next) => {
      // Refusals the learner can act on come back on the trace page; anything else is an error page.
      const traceId = req.params.traceId ?? "";
      const code = error instanceof AppError ? error.code : "";
      if (!TRACE_ID_PATTERN.test(traceId) || !isPortfolioErrorCode(code) || code === "TRACE_LOCKED")
        return next(error);
      deps.logger.info({ reqId: res.locals.requestId, code }, "portfolio: upload refused");
      redirect(res, `/traces/${traceId}`, { error: code }, "#files");
    },
  );

  router.get(
    "/traces/:traceId/attachments/:fileId",
    h(async (req, res) => {
      const file = await portfolio.files.open(actorOf(res), traceIdOf(req), req.params.fileId ?? "");
      const inline = file.mime.startsWith("image/");
      const ascii = file.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
      res.status(200);
      res.setHeader("Content-Type", file.mime);
      res.setHeader("Content-Length", String(file.size));
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader(
        "Content-Disposition",
        `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      );
      // Even if a browser rendered it, the file could run nothing and load nothing.
      res.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; img-src 'self'; style-src 'none'; sandbox",
      );
      res.setHeader("Cache-Control", "private, no-store");
      file.stream.on("error", (error: unknown) => {
        deps.logger.error(
          { reqId: res.locals.requestId, err: String(error) },
          "portfolio: file stream failed",
        );
        res.destroy();
      });
      file.stream.pipe(res);
    }),
  );

  router.post(
    "/traces/:traceId/attachments/:fileId/delete",
    h(async (req, res) => {
      urlencodedOnly(req);
      const traceId = traceIdOf(req);
      await portfolio.files.detach(actorOf(res), traceId, req.params.fileId ?? "");
      redirect(res, `/traces/${traceId}`, { done: "detached" }, "#files");
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Revisions

  router.get(
    "/traces/:traceId/revisions/:number",
    h(async (req, res) => {
      const actor = actorOf(res);
      const traceId = traceIdOf(req);
      const number = Number.parseInt(req.params.number ?? "", 10);
      if (!Number.isInteger(number) || number < 1) throw new NotFoundError();
      const view = await portfolio.reading.revision(actor, traceId, number);
      const revision = view.revision;
      const ctx = await context(res, [revision.authorId]);
      ctx.markdown = await deps.services.markdown.render(revision.sections.map((section) => section.body));
      renderPage(
        res,
        "pages/portfolio/revision",
        view.readerRole === "owner" ? "traces" : reviewerNav(actor),
        {
          title: res.locals.t("portfolio:revision.title", { number, title: revision.title }),
          traceHref: `${base(res)}/traces/${traceId}`,
          traceTitle: view.trace.title,
          number,
          current: number === view.trace.revision,
          revisionTitle: revision.title,
          day: formatDay(revision.date, ctx.locale),
          placement: revision.placement,
          authorName: ctx.names?.get(revision.authorId) ?? "",
          sections: sectionViews(revision, ctx),
        },
      );
    }),
  );

  router.get(
    "/traces/:traceId/compare",
    h(async (req, res) => {
      const actor = actorOf(res);
      const t = res.locals.t;
      const traceId = traceIdOf(req);
      const query = CompareQuerySchema.safeParse(req.query);
      if (!query.success) throw new ValidationError("VALIDATION_FAILED");
      const view = await portfolio.reading.comparison(actor, traceId, query.data.from, query.data.to);
      const { from, to } = view;
      const ctx = await context(res);
      const all = view.revisions;
      // Word diffs run in a worker, each capped: beyond the cap a field is "too different".
      const plan = comparisonPlan(from, to);
      const changes = await deps.services.workers.run(
        "diff",
        plan.map((field) => ({ before: field.before, after: field.after })),
      );
      const fields = compareContents(from, to, changes).map((field) => ({
        label:
          field.kind === "section" && field.title
            ? localize(field.title, ctx.locale)
            : t(`portfolio:fields.${field.kind}`),
        html: field.diff.html,
        changed: field.diff.changed || field.progressBefore !== field.progressAfter,
        tooDifferent: field.diff.tooDifferent,
        added: field.diff.added,
        removed: field.diff.removed,
        progressBefore: field.progressBefore ? progressView(field.progressBefore, t) : null,
        progressAfter: field.progressAfter ? progressView(field.progressAfter, t) : null,
        progressChanged: field.progressBefore !== field.progressAfter,
      }));
      renderPage(
        res,
        "pages/portfolio/compare",
        view.readerRole === "owner" ? "traces" : reviewerNav(actor),
        {
          title: t("portfolio:compare.title", { from: from.number, to: to.number }),
          traceHref: `${base(res)}/traces/${traceId}`,
          traceTitle: view.trace.title,
          from: from.number,
          to: to.number,
          fields,
          anyChange: fields.some((field) => field.changed),
          action: `${base(res)}/traces/${traceId}/compare`,
          numbers: all.map((revision) => ({
            value: revision.number,
            fromSelected: revision.number === from.number,
            toSelected: revision.number === to.number,
          })),
        },
      );
    }),
  );

  return router;
}

function reviewerNav(actor: Actor): NavKey {
  return teachesHere(actor) ? "cohort" : "traces";
}

function statusCounts(
  traces: readonly Trace[],
  t: Translate,
): { key: TraceStatus; label: string; badge: string; count: number }[] {
  return TRACE_STATUSES.map((status) => ({
    ...statusView(status, t),
    key: status,
    count: traces.filter((trace) => trace.status === status).length,
  })).filter((entry) => entry.count > 0);
}

/**
 * The editor shown again with another framework: the text as typed, the boxes of that framework as
 * the trace saved them (none for a new trace), so saving never clears tags by surprise.
 */
function reframedInput(input: TraceInput, trace: Trace | null, frameworkId: string): TraceInput {
  const id = frameworkId.trim();
  return {
    ...input,
    frameworkId: id === "" ? null : id,
    competences: (trace?.competences ?? [])
      .filter((tag) => tag.frameworkId === id)
      .map((tag) => ({ code: tag.code, level: tag.level })),
    situations: (trace?.situations ?? []).filter((tag) => tag.frameworkId === id).map((tag) => tag.code),
  };
}

function mostUsedFramework(tags: readonly { frameworkId: string }[]): string | null {
  const counts = new Map<string, number>();
  for (const tag of tags) counts.set(tag.frameworkId, (counts.get(tag.frameworkId) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** The default pair to compare: the previous revision against the current one. */
function compareDefaults(numbers: readonly number[]): {
  from: number;
  to: number;
  options: { value: number; fromSelected: boolean; toSelected: boolean }[];
} {
  const sorted = [...numbers].sort((a, b) => b - a);
  const to = sorted[0] ?? 1;
  const from = sorted[1] ?? to;
  return {
    from,
    to,
    options: sorted.map((value) => ({ value, fromSelected: value === from, toSelected: value === to })),
  };
}
