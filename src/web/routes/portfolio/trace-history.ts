// A trace's history: each revision as it was saved, and two revisions compared word by word.
import express, { type Router } from "express";
import type { PeopleDirectory } from "../../../domain/people/people.js";
import type { Portfolio } from "../../../domain/portfolio/portfolio.js";
import { guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import { presentContext } from "../../../presenters/portfolio/context.js";
import {
  markdownOfRevision,
  presentComparison,
  presentRevision,
} from "../../../presenters/portfolio/history.js";
import type { MarkdownRenderer } from "../../../workers/markdown-renderer.js";
import { page, route } from "../../route.js";
import { CompareInput, RevisionInput } from "../../schemas/portfolio.js";
import { readerNav } from "./navigation.js";

export interface TraceHistoryRoutesDeps {
  portfolio: Pick<Portfolio, "reading" | "types">;
  people: Pick<PeopleDirectory, "people">;
  markdown: Pick<MarkdownRenderer, "render">;
}

export function traceHistoryRoutes({ portfolio, people, markdown }: TraceHistoryRoutesDeps): Router {
  const router = express.Router();
  const { reading } = portfolio;
  const read = guard(portfolioPolicy, "read");
  const sources = { types: portfolio.types, people };

  route(router, {
    method: "get",
    path: "/traces/:traceId/revisions/:number",
    guard: read,
    input: RevisionInput,
    handle: async (ctx) => {
      const { traceId, number } = ctx.input.params;
      const view = await reading.revision(ctx.actor, traceId, number);
      const [pageContext, rendered] = await Promise.all([
        presentContext(sources, ctx.actor, ctx, [view.revision.authorId]),
        markdown.render(markdownOfRevision(view.revision)),
      ]);
      const model = presentRevision(view, { ...pageContext, markdown: rendered });
      return page("pages/portfolio/revision", readerNav(ctx.actor, view.readerRole), model);
    },
  });

  route(router, {
    method: "get",
    path: "/traces/:traceId/compare",
    guard: read,
    input: CompareInput,
    handle: async (ctx) => {
      const { params, query } = ctx.input;
      const comparison = await reading.comparison(ctx.actor, params.traceId, query.from, query.to);
      const pageContext = await presentContext(sources, ctx.actor, ctx);
      const model = presentComparison(comparison, pageContext);
      return page("pages/portfolio/compare", readerNav(ctx.actor, comparison.readerRole), model);
    },
  });

  return router;
}
