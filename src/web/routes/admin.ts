// The administration page (GET /admin) and the operators' actions on registrations: invitations,
// activation and deactivation, manual registration of another LMS. Every action is audited by the
// PlatformAdmin it calls; a refused operator action is a 403 that says why.
import express, { type Router } from "express";
import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { parseValidity } from "../../lti/platform-admin.js";
import { administrationGuard, authorizeOperation } from "../../policies/administration.js";
import { redirect, route, type RouteContext } from "../route.js";
import { adminPage, adminScope, type AdminDeps, type AdminScope } from "./admin-page.js";

const NOTICES = ["activated", "deactivated", "registered", "revoked"] as const;

const ShowInput = z.object({ query: z.object({ done: z.enum(NOTICES).optional() }).passthrough() });
const PlatformInput = z.object({ params: z.object({ id: z.string().min(1).max(100) }) });
const InvitationInput = z.object({
  body: z.object({
    validity: z.string().refine((value) => parseValidity(value) !== undefined, "INVALID_CHOICE"),
    note: z.string().trim().max(200).optional(),
    operator: z.literal("on").optional(),
  }),
});
const RevokeInput = z.object({ params: z.object({ id: z.string().min(1).max(100) }) });

export function adminRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const { platformAdmin } = deps;

  /** Loads the actor's platform and refuses anyone but an operator. */
  const operatorScope = async (ctx: RouteContext<unknown>): Promise<AdminScope> => {
    const scope = await adminScope(deps, ctx.actor);
    authorizeOperation(ctx.actor, scope.own);
    return scope;
  };

  route(router, {
    method: "get",
    path: "/admin",
    guard: administrationGuard,
    input: ShowInput,
    handle: async (ctx) => {
      const done = ctx.input.query.done;
      const notice = done ? ctx.t(`admin:done.${done}`) : undefined;
      return adminPage(deps, ctx, await adminScope(deps, ctx.actor), { notice });
    },
  });

  route(router, {
    method: "post",
    path: "/admin/platforms",
    guard: administrationGuard,
    messages: "admin",
    invalid: async (ctx, problem) => adminPage(deps, ctx, await operatorScope(ctx), { form: problem.values }),
    handle: async (ctx) => {
      const scope = await operatorScope(ctx);
      const body = (ctx.req.body ?? {}) as Record<string, unknown>;
      const text = (name: string): string | undefined =>
        typeof body[name] === "string" && body[name].trim() !== "" ? body[name].trim() : undefined;
      await platformAdmin.add(
        {
          issuer: text("issuer"),
          clientId: text("clientId"),
          name: text("name"),
          authUrl: text("authUrl"),
          tokenUrl: text("tokenUrl"),
          jwksUrl: text("jwksUrl"),
          deploymentIds: (text("deploymentIds") ?? "").split(/[\s,]+/).filter(Boolean),
        },
        "admin-page",
        scope.by,
      );
      return redirect("/admin", { done: "registered" });
    },
  });

  registrationActions(router, deps, operatorScope);
  return router;
}

/** Operators' actions on existing registrations and invitations (buttons and the invitation form). */
function registrationActions(
  router: Router,
  deps: AdminDeps,
  operatorScope: (ctx: RouteContext<unknown>) => Promise<AdminScope>,
): void {
  const { platformAdmin } = deps;
  for (const change of ["activate", "deactivate"] as const) {
    route(router, {
      method: "post",
      path: `/admin/platforms/:id/${change}`,
      guard: administrationGuard,
      form: "button",
      input: PlatformInput,
      handle: async (ctx) => {
        const scope = await operatorScope(ctx);
        const id = ctx.input.params.id;
        const changed =
          change === "activate"
            ? await platformAdmin.activate(id, scope.by)
            : await platformAdmin.deactivate(id, scope.by);
        if (!changed) throw new NotFoundError();
        return redirect("/admin", { done: change === "activate" ? "activated" : "deactivated" });
      },
    });
  }

  route(router, {
    method: "post",
    path: "/admin/invitations",
    guard: administrationGuard,
    answersWithPage: "the invitation's secret URL is shown once, never in a redirect's URL",
    input: InvitationInput,
    messages: "admin",
    invalid: async (ctx, problem) =>
      adminPage(deps, ctx, await operatorScope(ctx), { invitationForm: problem.values }),
    handle: async (ctx) => {
      const scope = await operatorScope(ctx);
      const { validity, note, operator } = ctx.input.body;
      const { url } = await platformAdmin.invite(
        { validForMs: parseValidity(validity) ?? 0, note, operator: operator === "on" },
        scope.by,
      );
      // The secret URL is shown once, in this answer: never in a redirect's URL (logs, Referer).
      return adminPage(deps, ctx, scope, { invitationUrl: url });
    },
  });

  route(router, {
    method: "post",
    path: "/admin/invitations/:id/revoke",
    guard: administrationGuard,
    form: "button",
    input: RevokeInput,
    handle: async (ctx) => {
      const scope = await operatorScope(ctx);
      if (!(await platformAdmin.revokeInvitation(ctx.input.params.id, scope.by))) throw new NotFoundError();
      return redirect("/admin", { done: "revoked" });
    },
  });
}
