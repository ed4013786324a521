// The exchanges on a trace, kept apart: formative comments (author, reviewers, group peers) and the
// reviewers' decisions with their reason. A refused form comes back on the trace page as typed.
import type { Router } from "express";
import { PortfolioError, type PortfolioErrorCode } from "../../../domain/portfolio/errors.js";
import type { Portfolio } from "../../../domain/portfolio/portfolio.js";
import { guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import { redirect, guardedRoutes } from "../../route.js";
import { CommentInput, DecisionInput } from "../../schemas/portfolio.js";
import { onTracePage, type TracePageDeps } from "./trace-page.js";

export interface TraceExchangeRoutesDeps extends TracePageDeps {
  portfolio: Pick<Portfolio, "exchanges" | "reading" | "types">;
}

const COMMENT_LIMITS: ReadonlySet<PortfolioErrorCode> = new Set([
  "COMMENT_LIMIT_REACHED",
  "COMMENT_RATE_LIMITED",
]);

export function traceExchangeRoutes(deps: TraceExchangeRoutesDeps): Router {
  const { portfolio } = deps;
  const onPage = onTracePage(deps);
  // Whether this reader may comment or decide on this trace is the trace's policy (404 otherwise).
  const read = guardedRoutes(guard(portfolioPolicy, "read"));

  read.post("/traces/:traceId/comments", {
    input: CommentInput,
    ...onPage,
    handle: async ({ actor, input }) => {
      const { traceId } = input.params;
      try {
        await portfolio.exchanges.comment(actor, traceId, input.body.body);
      } catch (error) {
        // Too many comments (on the trace, or by this person this minute): said on the trace page.
        if (error instanceof PortfolioError && COMMENT_LIMITS.has(error.code))
          return redirect(`/traces/${traceId}`, { error: error.code }, "#comments");
        throw error;
      }
      return redirect(`/traces/${traceId}`, { done: "commented" }, "#comments");
    },
  });

  read.post("/traces/:traceId/decision", {
    input: DecisionInput,
    ...onPage,
    handle: async ({ actor, input }) => {
      const { outcome, reason } = input.body;
      await portfolio.exchanges.decide(actor, input.params.traceId, outcome, reason);
      return redirect(`/traces/${input.params.traceId}`, { done: "decided" }, "#decisions");
    },
  });

  return read.router;
}
