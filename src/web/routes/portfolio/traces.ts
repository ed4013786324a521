// The learner's traces: the timeline, the type chooser, the editor (new and saved traces, with a
// framework switch that keeps what was typed) and the trace page.
import express, { type Router } from "express";
import { arrangeForField } from "../../../domain/portfolio/field-types.js";
import type { Portfolio } from "../../../domain/portfolio/portfolio.js";
import type { TraceInput } from "../../../domain/portfolio/writing.js";
import { abilities, guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import { presentContext } from "../../../presenters/portfolio/context.js";
import {
  presentEditor,
  presentTypeChooser,
  reframed,
  type EditorState,
} from "../../../presenters/portfolio/editor.js";
import { flashOf } from "../../../presenters/portfolio/flash.js";
import { presentTraceList, TRACES_PER_PAGE } from "../../../presenters/portfolio/lists.js";
import { page, redirect, route } from "../../route.js";
import {
  CreateTraceInput,
  EditTraceInput,
  firstOf,
  NewTraceInput,
  SaveTraceInput,
  TraceListInput,
  TracePageInput,
} from "../../schemas/portfolio.js";
import {
  checkedTraceInput,
  expectedRevision,
  isReframe,
  onField,
  typedIn,
  type Fields,
} from "../../schemas/trace-form.js";
import { draftRoutes, type EditorContext, type EditorPage } from "./trace-drafts.js";
import { tracePage, traceIdOf, type TracePageDeps } from "./trace-page.js";

export interface TraceRoutesDeps extends TracePageDeps {
  portfolio: Pick<Portfolio, "lists" | "types" | "writing" | "reading" | "drafts" | "tagging">;
}

/** A tag that does not exist in the framework is shown next to the framework chooser. */
const TAG_REFUSALS = ["TRACE_TAG_UNKNOWN"] as const;

const own = guard(portfolioPolicy, "keep");

/** The framework switch (intent=reframe): the editor again on that framework, with the text typed. */
function reframedEditor(
  editorPage: EditorPage,
  ctx: EditorContext,
  { type, trace }: Pick<EditorState, "type" | "trace">,
  typed: TraceInput,
  fields: Fields,
): ReturnType<EditorPage> {
  const framework = firstOf(fields.framework);
  const input = reframed(typed, trace, framework);
  return editorPage(ctx, { type, trace, input, requestedFramework: framework });
}

export function traceRoutes(deps: TraceRoutesDeps): Router {
  const router = express.Router();
  const { portfolio, people } = deps;
  const sources = { types: portfolio.types, people };

  const editorPage: EditorPage = async (ctx, state, status = 200) => {
    const requested = state.requestedFramework ?? state.input?.frameworkId ?? null;
    const [facts, pageContext] = await Promise.all([
      portfolio.writing.editorFacts(ctx.actor, state.trace, requested),
      presentContext(sources, ctx.actor, ctx),
    ]);
    return page("pages/portfolio/editor", "traces", presentEditor(state, facts, pageContext), status);
  };

  route(router, {
    method: "get",
    path: "/traces",
    guard: own,
    input: TraceListInput,
    handle: async (ctx) => {
      const { query } = ctx.input;
      const filter = { status: query.status, typeKey: query.type, page: query.page };
      const [timeline, hasGroup, pageContext] = await Promise.all([
        portfolio.lists.timeline(ctx.actor, filter, TRACES_PER_PAGE),
        portfolio.lists.hasGroup(ctx.actor),
        presentContext(sources, ctx.actor, ctx),
      ]);
      const model = presentTraceList(timeline, query, pageContext, {
        hasGroup,
        flash: flashOf(query, ctx.t),
      });
      return page("pages/portfolio/list", "traces", model);
    },
  });

  draftRoutes(router, portfolio, editorPage);
  newTraceRoutes(router, portfolio, editorPage);
  savedTraceRoutes(router, portfolio, editorPage);

  route(router, {
    method: "get",
    path: "/traces/:traceId",
    guard: guard(portfolioPolicy, "read"),
    input: TracePageInput,
    handle: (ctx) => tracePage(deps, ctx, ctx.input.params.traceId, { query: ctx.input.query }),
  });

  return router;
}

/** Choosing a type, then writing a new trace of it. */
function newTraceRoutes(
  router: Router,
  portfolio: TraceRoutesDeps["portfolio"],
  editorPage: EditorPage,
): void {
  const { types, writing, drafts, tagging } = portfolio;

  route(router, {
    method: "get",
    path: "/traces/new",
    guard: own,
    handle: async (ctx) => {
      const [offered, framework, drafted] = await Promise.all([
        types.active(ctx.actor.platformId),
        tagging.current(ctx.actor, null),
        drafts.pendingNewTypes(ctx.actor),
      ]);
      const can = abilities(ctx.actor, portfolioPolicy, ctx.actor);
      const arranged = arrangeForField(offered, framework?.key);
      return page("pages/portfolio/new", "traces", presentTypeChooser(arranged, can, ctx, drafted));
    },
  });

  route(router, {
    method: "get",
    path: "/traces/new/:typeKey",
    guard: own,
    input: NewTraceInput,
    handle: async (ctx) => {
      const type = await types.offered(ctx.actor.platformId, ctx.input.params.typeKey);
      const draft = await drafts.restore(ctx.actor, { typeKey: type.key });
      const requestedFramework = ctx.input.query.framework ?? draft?.content.frameworkId ?? null;
      return editorPage(ctx, {
        type,
        trace: null,
        input: draft?.content ?? null,
        requestedFramework,
        restored: draft ? { savedAt: draft.savedAt, baseRevision: null, stale: false } : undefined,
        draftFlash: ctx.input.query.draft,
      });
    },
  });

  route(router, {
    method: "post",
    path: "/traces",
    guard: own,
    // Switching the framework re-renders the editor with the text typed (nothing is saved yet).
    answersWithPage: "the framework switch (intent=reframe) re-renders the editor; saving redirects",
    input: CreateTraceInput,
    messages: "portfolio",
    invalid: async (ctx, problem) => {
      const type = await types.offered(ctx.actor.platformId, firstOf(problem.values.typeKey));
      const input = typedIn(problem.values, type.sections);
      return editorPage(ctx, { type, trace: null, input, errors: problem.errors });
    },
    handle: async (ctx) => {
      const fields = ctx.input.body;
      const type = await types.offered(ctx.actor.platformId, firstOf(fields.typeKey));
      const typed = typedIn(fields, type.sections);
      if (isReframe(fields)) return reframedEditor(editorPage, ctx, { type, trace: null }, typed, fields);
      const saving = writing.createTrace(ctx.actor, type.key, checkedTraceInput(typed));
      const { trace } = await onField(saving, "framework", TAG_REFUSALS);
      await drafts.discard(ctx.actor, { typeKey: type.key });
      return redirect(`/traces/${trace.id}`, { done: "created" });
    },
  });
}

/** Editing a saved trace: others' traces are not found, a validated one is frozen (409). */
function savedTraceRoutes(
  router: Router,
  portfolio: TraceRoutesDeps["portfolio"],
  editorPage: EditorPage,
): void {
  const { writing, drafts } = portfolio;

  route(router, {
    method: "get",
    path: "/traces/:traceId/edit",
    guard: own,
    input: EditTraceInput,
    handle: async (ctx) => {
      const { trace, type } = await writing.openForEditing(ctx.actor, ctx.input.params.traceId);
      const draft = await drafts.restore(ctx.actor, { traceId: trace.id });
      const requestedFramework = ctx.input.query.framework ?? draft?.content.frameworkId ?? null;
      return editorPage(ctx, {
        type,
        trace,
        input: draft?.content ?? null,
        requestedFramework,
        // Saved again since the draft (in another tab?): the draft is shown, the learner decides.
        restored: draft
          ? {
              savedAt: draft.savedAt,
              baseRevision: draft.baseRevision,
              stale: draft.baseRevision !== trace.revision,
            }
          : undefined,
        draftFlash: ctx.input.query.draft,
      });
    },
  });

  route(router, {
    method: "post",
    path: "/traces/:traceId",
    guard: own,
    // Switching the framework re-renders the editor with the text typed (nothing is saved yet).
    answersWithPage: "the framework switch (intent=reframe) re-renders the editor; saving redirects",
    input: SaveTraceInput,
    messages: "portfolio",
    invalid: async (ctx, problem) => {
      const { trace, type } = await writing.openForEditing(ctx.actor, traceIdOf(ctx.req));
      const input = typedIn(problem.values, trace.sections);
      return editorPage(ctx, { type, trace, input, errors: problem.errors });
    },
    handle: async (ctx) => {
      const { params, body: fields } = ctx.input;
      const { trace, type } = await writing.openForEditing(ctx.actor, params.traceId);
      const typed = typedIn(fields, trace.sections);
      if (isReframe(fields)) return reframedEditor(editorPage, ctx, { type, trace }, typed, fields);
      const input = checkedTraceInput(typed);
      const saving = writing.updateTrace(ctx.actor, trace.id, expectedRevision(fields), input);
      const result = await onField(saving, "framework", TAG_REFUSALS);
      if (result.outcome === "conflict") {
        // Someone saved in between: nothing is overwritten, the text typed here is shown again.
        return editorPage(ctx, { type, trace: result.trace, input, conflict: true }, 409);
      }
      await drafts.discard(ctx.actor, { traceId: trace.id });
      return redirect(`/traces/${trace.id}`, { done: result.outcome });
    },
  });
}
