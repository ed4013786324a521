// Who reads a trace: its author picks her tutors, the formateurs of courses, her group, people she
// names — or keeps it to herself — and, after a change of tutor, agrees (or not) that her new tutors
// read it. Sharing stays in this one router (and the domain's sharing module).
import type { Router } from "express";
import type { Portfolio } from "../../../domain/portfolio/portfolio.js";
import { guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import { redirect, guardedRoutes } from "../../route.js";
import { audienceChoice, OpenToTutorsInput, ShareInput } from "../../schemas/trace-sharing.js";
import { onTracePage, type TracePageDeps } from "./trace-page.js";

export interface TraceSharingRoutesDeps extends TracePageDeps {
  portfolio: Pick<Portfolio, "sharing" | "reading" | "types">;
}

export function traceSharingRoutes(deps: TraceSharingRoutesDeps): Router {
  const { portfolio } = deps;
  const onPage = onTracePage(deps);
  const keep = guardedRoutes(guard(portfolioPolicy, "keep"));

  keep.post("/traces/:traceId/share", {
    input: ShareInput,
    ...onPage,
    handle: async ({ actor, input }) => {
      const { traceId } = input.params;
      const trace = await portfolio.sharing.share(actor, traceId, audienceChoice(input.body));
      const done = trace.visibility === "private" ? "unshared" : "shared";
      return redirect(`/traces/${traceId}`, { done }, "#share");
    },
  });

  keep.post("/traces/:traceId/share/tutors", {
    input: OpenToTutorsInput,
    form: "button",
    handle: async ({ actor, input }) => {
      const { traceId } = input.params;
      await portfolio.sharing.openToCurrentTutors(actor, traceId);
      return redirect(`/traces/${traceId}`, { done: "shared" }, "#share");
    },
  });

  return keep.router;
}
