// The validators' side: the queue of pending requests across the learners they follow (oldest first,
// overdue flagged), and one request decided item by item in one sitting — each item with its own
// written reason, or one reason applied explicitly to each selected item.
import express, { type Router } from "express";
import type { Actor } from "../../domain/actor.js";
import type { PeopleDirectory } from "../../domain/people/people.js";
import type { ValidationQueue } from "../../domain/validation/queue.js";
import type { RequestReview } from "../../domain/validation/request-review.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import { guard } from "../../policies/policy.js";
import { queuePolicy } from "../../policies/queue.js";
import { presentQueue } from "../../presenters/validation-queue.js";
import { presentRequest, type SentDecisions } from "../../presenters/validation-request.js";
import { formValuesOf } from "../form-problem.js";
import { page, redirect, route, type PageResult } from "../route.js";
import { DecisionInput, QueueInput, RequestPageInput } from "../schemas/validation-queue.js";

export interface ValidationQueueRoutesDeps {
  queue: Pick<ValidationQueue, "page">;
  review: Pick<RequestReview, "forDecision" | "decide">;
  people: Pick<PeopleDirectory, "people" | "course">;
}

export function validationQueueRoutes({ queue, review, people }: ValidationQueueRoutesDeps): Router {
  const router = express.Router();
  const viewGuard = guard(queuePolicy, "view");

  const requestPage = async (
    ctx: { actor: Actor; t: Translate; locale: Locale; base: string },
    requestId: string,
    options: { sent?: SentDecisions; savedCount?: number; status?: number } = {},
  ): Promise<PageResult> => {
    const request = await review.forDecision(ctx.actor, requestId);
    const model = await presentRequest(
      ctx.actor,
      request,
      { ...ctx, people, savedCount: options.savedCount ?? 0 },
      options.sent,
    );
    return page("pages/validation/request", "queue", model, options.status);
  };

  route(router, {
    method: "get",
    path: "/validation/queue",
    guard: viewGuard,
    input: QueueInput,
    handle: async ({ actor, t, locale, base, input }) => {
      const mine = input.query.show === "mine";
      const shown = await queue.page(actor, { mine, page: input.query.page ?? 1 });
      return page(
        "pages/validation/queue",
        "queue",
        await presentQueue(actor, shown, { t, locale, base, people }),
      );
    },
  });

  route(router, {
    method: "get",
    path: "/validation/requests/:id",
    guard: viewGuard,
    input: RequestPageInput,
    handle: (ctx) => requestPage(ctx, ctx.input.params.id, { savedCount: ctx.input.query.decided ?? 0 }),
  });

  route(router, {
    method: "post",
    path: "/validation/requests/:id",
    guard: viewGuard,
    input: DecisionInput,
    messages: "validation",
    invalid: (ctx, problem) =>
      requestPage(ctx, String(ctx.req.params.id), {
        sent: { values: problem.values, errors: problem.errors },
      }),
    handle: async (ctx) => {
      const { request, outcomes } = await review.decide(ctx.actor, ctx.input.params.id, ctx.input.body);
      const values = [...outcomes.values()];
      if (values.includes("conflict")) {
        // Someone decided some items meanwhile: show what happened, keep what this person typed.
        const sent = { values: formValuesOf(ctx.req.body), errors: {}, outcomes };
        return requestPage(ctx, request.id, { sent, status: 409 });
      }
      const decided = values.filter((outcome) => outcome !== "skipped").length;
      return redirect(`/validation/requests/${encodeURIComponent(request.id)}`, { decided: String(decided) });
    },
  });

  return router;
}
