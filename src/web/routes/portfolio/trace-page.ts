// The trace page as a result, for the page itself and for every form on it that is refused (shown
// again with what was typed): one place that loads, names and presents a trace.
import type { Request } from "express";
import type { Actor } from "../../../domain/actor.js";
import type { PeopleDirectory } from "../../../domain/people/people.js";
import type { TraceReading } from "../../../domain/portfolio/reading.js";
import { MAX_COMMENTS_PER_MINUTE, MAX_COMMENTS_PER_TRACE } from "../../../domain/portfolio/exchanges.js";
import { MAX_ATTACHMENTS, MAX_LINKS } from "../../../domain/portfolio/trace-files.js";
import type { TraceTypeCatalog } from "../../../domain/portfolio/type-catalog.js";
import { NotFoundError } from "../../../errors.js";
import { presentContext, type ViewContext } from "../../../presenters/portfolio/context.js";
import { flashOf } from "../../../presenters/portfolio/flash.js";
import {
  markdownOnTracePage,
  namesOnTracePage,
  presentTracePage,
} from "../../../presenters/portfolio/trace-page.js";
import { formatSize } from "../../../presenters/portfolio/trace-views.js";
import type { FormProblem } from "../../form-problem.js";
import { page, type PageResult, type RouteSpec } from "../../route.js";
import { TRACE_ID_PATTERN } from "../../schemas/portfolio.js";
import type { MarkdownRenderer } from "../../../workers/markdown-renderer.js";
import { readerNav } from "./navigation.js";

export interface TracePageDeps {
  portfolio: { reading: Pick<TraceReading, "page">; types: Pick<TraceTypeCatalog, "all"> };
  people: Pick<PeopleDirectory, "people">;
  /** Renders the page's Markdown once per text (long texts off the event loop). */
  markdown: Pick<MarkdownRenderer, "render">;
  uploadMaxBytes: number;
}

/** The page after a redirect (its notice), or with a refused form (typed values, messages). */
export interface TracePageCall {
  query?: { done?: string | undefined; error?: string | undefined };
  problem?: FormProblem;
}

export async function tracePage(
  deps: TracePageDeps,
  ctx: ViewContext & { actor: Actor },
  traceId: string,
  call: TracePageCall = {},
): Promise<PageResult> {
  const { actor, t } = ctx;
  const loaded = await deps.portfolio.reading.page(actor, traceId);
  const [pageContext, markdown] = await Promise.all([
    presentContext(
      { types: deps.portfolio.types, people: deps.people },
      actor,
      ctx,
      namesOnTracePage(loaded),
    ),
    deps.markdown.render(markdownOnTracePage(loaded)),
  ]);
  // The numbers the refusals after a redirect speak of.
  const flash = flashOf(call.query ?? {}, t, {
    size: formatSize(deps.uploadMaxBytes, t),
    links: MAX_LINKS,
    files: MAX_ATTACHMENTS,
    comments: MAX_COMMENTS_PER_TRACE,
    perMinute: MAX_COMMENTS_PER_MINUTE,
  });
  const model = presentTracePage(
    actor,
    loaded,
    { ...pageContext, markdown },
    {
      uploadMaxBytes: deps.uploadMaxBytes,
      state: { flash, values: call.problem?.values, errors: call.problem?.errors },
    },
  );
  return page("pages/portfolio/trace", readerNav(actor, loaded.readerRole), model);
}

/** What each form posted on the trace page declares: its messages, and the page again when refused. */
export type OnTracePage = Pick<RouteSpec<undefined>, "messages" | "invalid">;

export function onTracePage(deps: TracePageDeps): OnTracePage {
  return {
    messages: "portfolio",
    invalid: (ctx, problem) => tracePage(deps, ctx, traceIdOf(ctx.req), { problem }),
  };
}

/** The trace of a refused form's path (its input was not parsed): malformed, it names nothing. */
export function traceIdOf(req: Request): string {
  return traceIdIn(req.params);
}

/** The trace named by a path's parameters, before the route's input is parsed. */
export function traceIdIn(params: Readonly<Record<string, string | undefined>>): string {
  const id = params.traceId ?? "";
  if (!TRACE_ID_PATTERN.test(id)) throw new NotFoundError("NOT_FOUND", "malformed trace id");
  return id;
}
