// Administrators: the platform's own trace types (added with guidance per section, archived, restored).
// Others get a 404, as before: the page is not part of their Carnet.
import express, { type Router } from "express";
import type { Actor } from "../../../domain/actor.js";
import type { TraceTypeCatalog } from "../../../domain/portfolio/type-catalog.js";
import { authorize, guard } from "../../../policies/policy.js";
import { portfolioPolicy } from "../../../policies/portfolio.js";
import type { ViewContext } from "../../../presenters/portfolio/context.js";
import { flashOf } from "../../../presenters/portfolio/flash.js";
import { presentTraceTypes, type TypeFormState } from "../../../presenters/portfolio/trace-types.js";
import { page, redirect, route, type PageResult } from "../../route.js";
import {
  AddTraceTypeInput,
  ArchiveTraceTypeInput,
  customTraceTypeOf,
  TraceTypesPageInput,
} from "../../schemas/portfolio.js";

export interface TraceTypeRoutesDeps {
  types: Pick<TraceTypeCatalog, "all" | "add" | "setArchived">;
}

export function traceTypeRoutes({ types }: TraceTypeRoutesDeps): Router {
  const router = express.Router();
  // Every launch reaches the portfolio; managing its types is checked on the page itself (404).
  const launched = guard(portfolioPolicy, "keep");

  const typesPage = async (actor: Actor, view: ViewContext, state: TypeFormState): Promise<PageResult> => {
    authorize(actor, portfolioPolicy, "manageTypes", actor);
    const model = presentTraceTypes(await types.all(actor.platformId), view, state);
    return page("pages/portfolio/admin-types", "admin", model);
  };

  route(router, {
    method: "get",
    path: "/admin/trace-types",
    guard: launched,
    input: TraceTypesPageInput,
    handle: (ctx) => typesPage(ctx.actor, ctx, { flash: flashOf(ctx.input.query, ctx.t) }),
  });

  route(router, {
    method: "post",
    path: "/admin/trace-types",
    guard: launched,
    input: AddTraceTypeInput,
    messages: "portfolio",
    invalid: (ctx, problem) => typesPage(ctx.actor, ctx, problem),
    handle: async ({ actor, input }) => {
      authorize(actor, portfolioPolicy, "manageTypes", actor);
      await types.add(actor, customTraceTypeOf(input.body));
      return redirect("/admin/trace-types", { done: "typeAdded" });
    },
  });

  route(router, {
    method: "post",
    path: "/admin/trace-types/:key/archive",
    guard: launched,
    input: ArchiveTraceTypeInput,
    form: "button",
    handle: async ({ actor, input }) => {
      const archived = input.body.archived === "1";
      await types.setArchived(actor, input.params.key, archived);
      return redirect("/admin/trace-types", { done: archived ? "typeArchived" : "typeRestored" });
    },
  });

  return router;
}
