// Drafts of the trace editor: saved by the editor's script while typing (JSON answer) or by its
// "save the draft" button without script (back to the editor), and discarded on request.
import type { Router } from "express";
import type { Actor } from "../../../domain/actor.js";
import type { DraftTarget } from "../../../domain/portfolio/drafts.js";
import type { Portfolio } from "../../../domain/portfolio/portfolio.js";
import { guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import type { EditorState } from "../../../presenters/portfolio/editor.js";
import type { ViewContext } from "../../../presenters/portfolio/context.js";
import { wantsJson } from "../../error-handler.js";
import {
  guardedRoutes,
  json,
  redirect,
  type GuardedRoutes,
  type PageResult,
  type RedirectResult,
  type RouteContext,
} from "../../route.js";
import {
  DiscardNewDraftInput,
  DiscardTraceDraftInput,
  firstOf,
  NewDraftInput,
  TraceDraftInput,
} from "../../schemas/portfolio.js";
import { expectedRevision, onField, typedIn } from "../../schemas/trace-form.js";
import { traceIdOf } from "./trace-page.js";

export type EditorContext = ViewContext & { actor: Actor };
export type EditorPage = (
  ctx: EditorContext,
  state: EditorState & { requestedFramework?: string | null },
  status?: number,
) => Promise<PageResult>;

type DraftPortfolio = Pick<Portfolio, "types" | "writing" | "drafts">;
type Fields = Readonly<Record<string, string | string[] | undefined>>;

const own = guard(portfolioPolicy, "keep");

/** The editor a draft came from, to go back to. */
function editorPath(target: DraftTarget): string {
  return "traceId" in target
    ? `/traces/${target.traceId}/edit`
    : `/traces/new/${encodeURIComponent(target.typeKey)}`;
}

export function draftRoutes(router: Router, portfolio: DraftPortfolio, editorPage: EditorPage): void {
  const { types, writing, drafts } = portfolio;

  /** The editor as it was sent, with the reason the draft was refused. */
  const refusedDraft = async (
    ctx: EditorContext,
    target: DraftTarget,
    fields: Fields,
    errors: Readonly<Record<string, string>>,
  ): Promise<PageResult> => {
    if ("traceId" in target) {
      const { trace, type } = await writing.openForEditing(ctx.actor, target.traceId);
      const input = typedIn(fields, trace.sections);
      return editorPage(ctx, { type, trace, input, errors });
    }
    const type = await types.offered(ctx.actor.platformId, target.typeKey);
    const input = typedIn(fields, type.sections);
    return editorPage(ctx, { type, trace: null, input, errors });
  };

  const saveDraft = async (
    ctx: RouteContext<unknown>,
    target: DraftTarget,
    fields: Fields,
  ): Promise<ReturnType<typeof json> | ReturnType<typeof redirect>> => {
    const sections =
      "traceId" in target
        ? (await writing.openForEditing(ctx.actor, target.traceId)).trace.sections
        : (await types.offered(ctx.actor.platformId, target.typeKey)).sections;
    const input = typedIn(fields, sections);
    const revision = "traceId" in target ? expectedRevision(fields) : null;
    if (wantsJson(ctx.req)) {
      // The script shows its own short status; a refusal comes back as the JSON error contract.
      const savedAt = await drafts.save(ctx.actor, target, input, revision);
      return json({ savedAt: savedAt.toISOString() });
    }
    await onField(drafts.save(ctx.actor, target, input, revision), "draft", ["DRAFT_TOO_LARGE"]);
    return redirect(editorPath(target), { draft: "saved" });
  };

  const keep = guardedRoutes(own, router);
  keep.post("/traces/new/:typeKey/draft", {
    input: NewDraftInput,
    messages: "portfolio",
    invalid: (ctx, problem) =>
      refusedDraft(ctx, { typeKey: firstOf(ctx.req.params.typeKey) }, problem.values, problem.errors),
    handle: (ctx) => saveDraft(ctx, { typeKey: ctx.input.params.typeKey }, ctx.input.body),
  });

  keep.post("/traces/:traceId/draft", {
    input: TraceDraftInput,
    messages: "portfolio",
    invalid: (ctx, problem) =>
      refusedDraft(ctx, { traceId: traceIdOf(ctx.req) }, problem.values, problem.errors),
    handle: (ctx) => saveDraft(ctx, { traceId: ctx.input.params.traceId }, ctx.input.body),
  });

  discardRoutes(keep, drafts);
}

/** Abandoning a draft: the editor opens again on the trace as saved (or empty). */
function discardRoutes(keep: GuardedRoutes, drafts: DraftPortfolio["drafts"]): void {
  const discard = async (actor: Actor, target: DraftTarget): Promise<RedirectResult> => {
    await drafts.discard(actor, target);
    return redirect(editorPath(target), { draft: "discarded" });
  };
  keep.post("/traces/new/:typeKey/draft/discard", {
    input: DiscardNewDraftInput,
    form: "button",
    handle: ({ actor, input }) => discard(actor, { typeKey: input.params.typeKey }),
  });
  keep.post("/traces/:traceId/draft/discard", {
    input: DiscardTraceDraftInput,
    form: "button",
    handle: ({ actor, input }) => discard(actor, { traceId: input.params.traceId }),
  });
}
