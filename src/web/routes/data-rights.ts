// A person's data rights on the administration page: find them by their LMS id, see what Carnet holds
// (theirs, and others' records naming them), download their export (ZIP), erase them after confirming.
// Only administrators of the person's platform (dataRightsPolicy); both actions are audited.
import express, { type Router } from "express";
import { z } from "zod";
import type { AuditActor } from "../../domain/audit/audit-log.js";
import type { DataRights, PersonInventory } from "../../domain/people/data-rights.js";
import type { Logger } from "../../logger.js";
import { found } from "../../errors.js";
import { administrationGuard } from "../../policies/administration.js";
import { dataRightsPolicy } from "../../policies/data-rights.js";
import { abilities, authorize } from "../../policies/policy.js";
import { personPage } from "../../presenters/data-rights.js";
import { exportFileName, personExportArchive } from "../../presenters/person-export.js";
import { handled, page, redirect, route, type RouteContext } from "../route.js";

export interface DataRightsDeps {
  dataRights: DataRights;
  logger: Logger;
}

const LmsId = z.string().trim().min(1, "REQUIRED").max(255, "TOO_LONG");
const ShowInput = z.object({
  query: z
    .object({
      user: LmsId.optional(),
      done: z.literal("erased").optional(),
      erasure: z.string().max(64).optional(),
    })
    .passthrough(),
});
const ExportInput = z.object({ query: z.object({ user: LmsId }).passthrough() });
const EraseInput = z.object({
  body: z.object({
    user: LmsId,
    confirm: z.literal("on", { errorMap: () => ({ message: "CONFIRM_REQUIRED" }) }),
  }),
});

const byAdmin = (ctx: RouteContext<unknown>): AuditActor => ({
  kind: "user",
  platformId: ctx.actor.platformId,
  userId: ctx.actor.userId,
  label: "admin page",
});

export function dataRightsRoutes(deps: DataRightsDeps): Router {
  const router = express.Router();
  const { dataRights } = deps;

  /** The person of the administrator's own platform with this LMS id, or a 404. */
  const personOf = async (
    ctx: RouteContext<unknown>,
    sub: string,
    action: "export" | "erase",
  ): Promise<PersonInventory> => {
    const inventory = found(await dataRights.locate(ctx.actor.platformId, sub));
    authorize(ctx.actor, dataRightsPolicy, action, inventory.person);
    return inventory;
  };

  const show = async (
    ctx: RouteContext<unknown>,
    sub: string | undefined,
    extra: Record<string, unknown> = {},
  ) => {
    const found = sub ? await dataRights.locate(ctx.actor.platformId, sub) : null;
    const can = found
      ? abilities(ctx.actor, dataRightsPolicy, found.person)
      : { export: false, erase: false };
    return page("pages/admin/person", "admin", personPage(ctx, { sub, found, can, ...extra }));
  };

  route(router, {
    method: "get",
    path: "/admin/people",
    guard: administrationGuard,
    input: ShowInput,
    handle: async (ctx) => {
      const { user, done, erasure } = ctx.input.query;
      return show(ctx, user, done ? { erased: erasure ?? "" } : {});
    },
  });

  route(router, {
    method: "get",
    path: "/admin/people/export",
    guard: administrationGuard,
    input: ExportInput,
    handle: async (ctx) => {
      const found = await personOf(ctx, ctx.input.query.user, "export");
      const exported = await dataRights.export(found.person, byAdmin(ctx));
      const archive = personExportArchive(exported);
      ctx.res.status(200);
      ctx.res.setHeader("Content-Type", "application/zip");
      ctx.res.setHeader("Content-Disposition", `attachment; filename="${exportFileName(exported)}"`);
      ctx.res.setHeader("Cache-Control", "private, no-store");
      archive.on("error", (error: unknown) => {
        deps.logger.error({ err: String(error) }, "data rights: export archive failed");
        ctx.res.destroy();
      });
      archive.pipe(ctx.res);
      return handled;
    },
  });

  route(router, {
    method: "post",
    path: "/admin/people/erase",
    guard: administrationGuard,
    input: EraseInput,
    messages: "rights",
    invalid: (ctx, problem) => {
      const typed = problem.values.user;
      return show(ctx, typeof typed === "string" ? typed.trim() || undefined : undefined, {
        form: problem.values,
      });
    },
    handle: async (ctx) => {
      const found = await personOf(ctx, ctx.input.body.user, "erase");
      const result = await dataRights.erase(found.person, byAdmin(ctx));
      return redirect("/admin/people", { done: "erased", erasure: result.erasureId });
    },
  });

  return router;
}
