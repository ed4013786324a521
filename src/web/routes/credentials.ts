// Inside a launch: the learner's badges (what they may claim, what they hold, downloads and links to
// share) and the programme's issuer settings for who teaches in the course.
import express, { type Router } from "express";
import { z } from "zod";
import type { Actor } from "../../domain/actor.js";
import { CREDENTIAL_POLICIES, type Issuer, type StoredCredential } from "../../domain/credentials/ports.js";
import { CredentialError, type CredentialService } from "../../domain/credentials/service.js";
import type { TraceCatalog } from "../../domain/validation/ports.js";
import { found, NotFoundError, ValidationError } from "../../errors.js";
import type { IssuerRepository } from "../../persistence/credential-repository.js";
import { credentialAreaPolicy, credentialPolicy } from "../../policies/credentials.js";
import { authorize, guard } from "../../policies/policy.js";
import type { FormValues } from "../form-problem.js";
import { handled, page, redirect, route, type PageResult, type RouteContext } from "../route.js";

export interface CredentialRoutesDeps {
  credentials: CredentialService;
  issuers: Pick<IssuerRepository, "update">;
  traces: Pick<TraceCatalog, "listForLearner">;
}

const ClaimInput = z.object({
  body: z.object({
    frameworkId: z.string().uuid(),
    code: z.string().max(100).optional(),
    whole: z.literal("1").optional(),
    traceIds: z.union([z.string().uuid(), z.array(z.string().uuid()).max(10)]).optional(),
  }),
});
const IssuedQuery = z.object({
  query: z.object({ issued: z.string().uuid().optional(), saved: z.literal("1").optional() }),
});
const DownloadInput = z.object({
  params: z.object({ id: z.string().uuid(), format: z.enum(["json", "jwt"]) }),
});
const SettingsInput = z.object({
  body: z.object({
    name: z.string().trim().min(1).max(200),
    url: z.union([
      z.literal(""),
      z
        .string()
        .trim()
        .url()
        .max(500)
        .regex(/^https?:\/\//, { message: "INVALID_URL" }),
    ]),
    description: z.string().trim().max(1000),
    policy: z.enum(CREDENTIAL_POLICIES),
  }),
});

function courseOf(actor: Actor): { platformId: string; deploymentId: string; contextId: string } {
  if (!actor.contextId) throw new NotFoundError();
  return { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId };
}

function heldView(credentials: CredentialService, credential: StoredCredential): Record<string, unknown> {
  const name = credential.credential["name"];
  return {
    id: credential.id,
    name: typeof name === "string" ? name : "",
    issuedAt: credential.issuedAt,
    revoked: credential.revokedAt !== undefined,
    publicUrl: credentials.urls.credential(credential.id),
  };
}

export function credentialRoutes(deps: CredentialRoutesDeps): Router {
  const router = express.Router();
  learnerRoutes(router, deps);
  issuerSettingsRoutes(router, deps);
  return router;
}

/** The learner's badges: what may be claimed, claiming, downloading. */
function learnerRoutes(router: Router, deps: CredentialRoutesDeps): void {
  const { credentials } = deps;
  const held = (credential: StoredCredential): Record<string, unknown> => heldView(credentials, credential);

  route(router, {
    method: "get",
    path: "/credentials",
    guard: guard(credentialAreaPolicy, "claim"),
    input: IssuedQuery,
    handle: async ({ actor, t, locale, input }) => {
      const { issuer, items } = await credentials.claimable(actor);
      const traces = await deps.traces.listForLearner(actor.platformId, actor.userId);
      const title = (text: { fr: string; en?: string | undefined }): string =>
        (locale === "en" ? text.en : undefined) ?? text.fr;
      const issued = input.query.issued
        ? items.find((item) => item.credential?.id === input.query.issued)
        : undefined;
      return page("pages/credentials/index", "credentials", {
        title: t("credentials:page.title"),
        issuer: { name: issuer.name, policy: t(`credentials:policies.${issuer.policy}`) },
        offered: issuer.policy !== "none",
        notice: issued ? t("credentials:page.issuedNotice", { name: title(issued.title) }) : undefined,
        items: items.map((item, index) => ({
          index,
          frameworkId: item.framework.id,
          code: item.code ?? "",
          whole: item.code === null,
          title: title(item.title),
          framework: `${title(item.framework.definition.title)} (${item.framework.version})`,
          credential: item.credential ? held(item.credential) : null,
        })),
        traces: traces.map((trace) => ({ id: trace.id, title: trace.title })),
      });
    },
  });

  route(router, {
    method: "post",
    path: "/credentials/claim",
    guard: guard(credentialAreaPolicy, "claim"),
    input: ClaimInput,
    form: "button",
    handle: async ({ actor, input }) => {
      const { frameworkId, code, whole, traceIds } = input.body;
      const ids = traceIds === undefined ? [] : Array.isArray(traceIds) ? traceIds : [traceIds];
      try {
        const credential = await credentials.claim(actor, {
          frameworkId,
          code: whole ? null : (code ?? ""),
          traceIds: ids,
        });
        return redirect("/credentials", { issued: credential.id });
      } catch (error) {
        // Nothing to claim there (not validated, not offered): like a page that does not exist.
        if (error instanceof CredentialError) throw new NotFoundError("CREDENTIAL_NOT_CLAIMABLE");
        throw error;
      }
    },
  });

  route(router, {
    method: "get",
    path: "/credentials/:id/download.:format",
    guard: guard(credentialAreaPolicy, "claim"),
    input: DownloadInput,
    handle: async ({ actor, input, res }) => {
      const credential = found(await credentials.byId(input.params.id));
      authorize(actor, credentialPolicy, "download", credential);
      if (input.params.format === "json") {
        res
          .type("application/json")
          .attachment(`badge-${credential.id}.json`)
          .send(`${JSON.stringify(credential.credential, null, 2)}\n`);
      } else {
        res.type("application/jwt").attachment(`badge-${credential.id}.jwt`).send(credential.jwt);
      }
      return handled;
    },
  });
}

/** The programme's issuer profile and which badges it offers, for who teaches in the course. */
function issuerSettingsRoutes(router: Router, deps: CredentialRoutesDeps): void {
  const { credentials } = deps;
  const settingsPage = async (
    ctx: Pick<RouteContext<unknown>, "actor" | "t">,
    values: FormValues | Issuer,
    notice?: string,
  ): Promise<PageResult> => {
    const issuer = await credentials.issuerFor(courseOf(ctx.actor));
    const fields: Record<string, unknown> = { ...values };
    const value = (name: "name" | "url" | "description" | "policy"): string => {
      const typed = fields[name];
      return typeof typed === "string" ? typed : "";
    };
    return page("pages/credentials/settings", "settings", {
      title: ctx.t("credentials:settings.title"),
      notice,
      profileUrl: credentials.urls.issuer(issuer.id),
      values: { name: value("name"), url: value("url"), description: value("description") },
      policies: CREDENTIAL_POLICIES.map((policy) => ({
        value: policy,
        label: ctx.t(`credentials:policies.${policy}`),
        checked: policy === (value("policy") || issuer.policy),
      })),
    });
  };

  route(router, {
    method: "get",
    path: "/credentials/settings",
    guard: guard(credentialAreaPolicy, "configure"),
    input: IssuedQuery,
    handle: async (ctx) => {
      const issuer = await credentials.issuerFor(courseOf(ctx.actor));
      return settingsPage(
        ctx,
        issuer,
        ctx.input.query.saved ? ctx.t("credentials:settings.saved") : undefined,
      );
    },
  });

  route(router, {
    method: "post",
    path: "/credentials/settings",
    guard: guard(credentialAreaPolicy, "configure"),
    input: SettingsInput,
    messages: "credentials",
    invalid: (ctx, problem) => settingsPage(ctx, problem.values),
    handle: async ({ actor, input }) => {
      const { name, url, description, policy } = input.body;
      const course = courseOf(actor);
      await credentials.issuerFor(course);
      if (name.trim() === "") throw new ValidationError("VALIDATION_FAILED", {}, { name: "REQUIRED" });
      await deps.issuers.update(course, {
        name,
        url: url || undefined,
        description: description || undefined,
        policy,
      });
      return redirect("/credentials/settings", { saved: "1" });
    },
  });
}
