// The portfolio seen by competence and by coverage, what waits for the learner, the tutoring group's
// traces, the reviewers' queue and one learner's traces for those who follow them.
import express, { type Router } from "express";
import type { Actor } from "../../../domain/actor.js";
import { displayName, type PeopleDirectory } from "../../../domain/people/people.js";
import type { Portfolio } from "../../../domain/portfolio/portfolio.js";
import { guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import {
  presentContext,
  type ContextSources,
  type ViewContext,
} from "../../../presenters/portfolio/context.js";
import {
  presentFrameworkView,
  presentGroup,
  presentLearnerTraces,
  presentReview,
  presentWaiting,
} from "../../../presenters/portfolio/lists.js";
import { page, route, type PageResult } from "../../route.js";
import { FrameworkViewInput, LearnerTracesInput } from "../../schemas/portfolio.js";
import { reviewerNav } from "./navigation.js";

export interface PortfolioViewRoutesDeps {
  portfolio: Pick<Portfolio, "lists" | "tagging" | "types">;
  people: Pick<PeopleDirectory, "people">;
}

/** The traces shared with the actor, with their tutees who shared nothing listed first. */
async function reviewPage(
  { lists, sources }: { lists: Portfolio["lists"]; sources: ContextSources },
  ctx: ViewContext & { actor: Actor },
): Promise<PageResult> {
  const items = await lists.reviewQueue(ctx.actor);
  const silent = await lists.tuteesWithNothingShared(
    ctx.actor,
    items.map(({ trace }) => trace),
  );
  const owners = [...items.map(({ trace }) => trace.ownerId), ...silent.map(({ learnerId }) => learnerId)];
  const model = presentReview(items, await presentContext(sources, ctx.actor, ctx, owners), silent);
  return page("pages/portfolio/review", reviewerNav(ctx.actor), model);
}

export function portfolioViewRoutes({ portfolio, people }: PortfolioViewRoutesDeps): Router {
  const router = express.Router();
  const { lists, tagging, types } = portfolio;
  const own = guard(portfolioPolicy, "keep");
  const review = guard(portfolioPolicy, "review");
  const sources = { types, people };

  for (const kind of ["by-competence", "coverage"] as const) {
    route(router, {
      method: "get",
      path: `/traces/${kind}`,
      guard: own,
      input: FrameworkViewInput,
      handle: async (ctx) => {
        const { actor } = ctx;
        const traces = await lists.listedTraces(actor);
        const [framework, frameworks, hasGroup, pageContext] = await Promise.all([
          tagging.current(actor, ctx.input.query.framework ?? null, traces),
          tagging.offered(actor),
          lists.hasGroup(actor),
          presentContext(sources, actor, ctx),
        ]);
        const facts = { traces, framework, frameworks, hasGroup };
        return page(`pages/portfolio/${kind}`, "traces", presentFrameworkView(kind, facts, pageContext));
      },
    });
  }

  route(router, {
    method: "get",
    path: "/traces/waiting",
    guard: own,
    handle: async (ctx) => {
      const [waiting, hasGroup] = await Promise.all([
        lists.waitingForLearner(ctx.actor),
        lists.hasGroup(ctx.actor),
      ]);
      const authors = waiting.flatMap(({ trace }) => (trace.lastComment ? [trace.lastComment.authorId] : []));
      const pageContext = await presentContext(sources, ctx.actor, ctx, authors);
      return page("pages/portfolio/waiting", "traces", presentWaiting(waiting, hasGroup, pageContext));
    },
  });

  route(router, {
    method: "get",
    path: "/traces/group",
    guard: own,
    handle: async (ctx) => {
      const traces = await lists.groupTraces(ctx.actor);
      const owners = traces.map((trace) => trace.ownerId);
      const pageContext = await presentContext(sources, ctx.actor, ctx, owners);
      return page("pages/portfolio/group", "traces", presentGroup(traces, pageContext));
    },
  });

  route(router, {
    method: "get",
    path: "/traces/review",
    guard: review,
    handle: (ctx) => reviewPage({ lists, sources }, ctx),
  });

  route(router, {
    method: "get",
    path: "/learners/:userId/traces",
    guard: review,
    input: LearnerTracesInput,
    handle: async (ctx) => {
      // A learner the actor does not follow does not exist for them (404).
      const { learner, traces } = await lists.learnerPortfolio(ctx.actor, ctx.input.params.userId);
      const pageContext = await presentContext(sources, ctx.actor, ctx);
      const model = presentLearnerTraces(displayName(learner), traces, pageContext);
      return page("pages/portfolio/learner", reviewerNav(ctx.actor), model);
    },
  });

  return router;
}
