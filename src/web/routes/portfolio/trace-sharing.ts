// Who reads a trace: its author chooses private, tutors or group, and the courses whose trainers may
// read it. Sharing stays in this one router (and the domain's sharing module).
import express, { type Router } from "express";
import type { Portfolio } from "../../../domain/portfolio/portfolio.js";
import { guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import { redirect, route } from "../../route.js";
import { decodeCourse, ShareInput } from "../../schemas/portfolio.js";
import { tracePage, traceIdOf, type TracePageDeps } from "./trace-page.js";

export interface TraceSharingRoutesDeps extends Omit<TracePageDeps, "reading" | "types"> {
  portfolio: Pick<Portfolio, "sharing" | "reading" | "types">;
}

export function traceSharingRoutes({ portfolio, ...deps }: TraceSharingRoutesDeps): Router {
  const router = express.Router();
  const pageDeps = { ...deps, reading: portfolio.reading, types: portfolio.types };

  route(router, {
    method: "post",
    path: "/traces/:traceId/share",
    guard: guard(portfolioPolicy, "keep"),
    input: ShareInput,
    messages: "portfolio",
    invalid: (ctx, problem) => tracePage(pageDeps, ctx, traceIdOf(ctx.req), { problem }),
    handle: async ({ actor, input }) => {
      const courses = input.body.course.flatMap((value) => {
        const course = decodeCourse(value);
        return course ? [course] : [];
      });
      const { traceId } = input.params;
      const trace = await portfolio.sharing.share(actor, traceId, input.body.visibility, courses);
      const done = trace.visibility === "private" ? "unshared" : "shared";
      return redirect(`/traces/${traceId}`, { done }, "#share");
    },
  });

  return router;
}
