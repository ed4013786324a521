// The catalog page (what is available, the course's framework, archived imports) and what is done
// from it: choose the course's framework, archive or restore an import, export in any format.
import type { Router } from "express";
import { z } from "zod";
import type { Actor } from "../../../domain/actor.js";
import type { StoredFramework } from "../../../domain/frameworks/catalog.js";
import { serializeFrameworkJson, toCaseJson, toMoodleCsv } from "../../../domain/frameworks/index.js";
import { found, NotFoundError } from "../../../errors.js";
import { frameworkCatalogPolicy, frameworkPolicy } from "../../../policies/frameworks.js";
import { authorize, guard } from "../../../policies/policy.js";
import { frameworkCard } from "../../../presenters/frameworks.js";
import { handled, page, redirect, route, type PageResult, type RouteContext } from "../../route.js";
import type { FrameworkRoutesDeps } from "./deps.js";

type PageContext = Pick<RouteContext<unknown>, "actor" | "t" | "locale">;
/** The catalog page, with what a form or a notice adds to it. */
export type CatalogPage = (
  ctx: PageContext,
  extra?: Record<string, unknown>,
  status?: number,
) => Promise<PageResult>;

const IdParams = z.object({ params: z.object({ id: z.string().uuid() }) });
const ChooseInput = z.object({ body: z.object({ frameworkId: z.string().uuid() }) });
const NOTICES = ["imported", "existing", "chosen", "archived", "restored"] as const;
type Notice = (typeof NOTICES)[number];
const NOTICE_KEYS: Record<Notice, string> = {
  imported: "frameworks:page.importedShort",
  existing: "frameworks:page.alreadyImportedAs",
  chosen: "frameworks:page.chosenNotice",
  archived: "frameworks:page.archivedNotice",
  restored: "frameworks:page.restoredNotice",
};
const NoticeId = z.string().uuid().optional();
const NoticeQuery = z.object({
  query: z.object({
    imported: NoticeId,
    existing: NoticeId,
    chosen: NoticeId,
    archived: NoticeId,
    restored: NoticeId,
  }),
});
const ExportInput = z.object({
  params: z.object({ id: z.string().uuid(), format: z.enum(["json", "csv", "case"]) }),
});

export function courseOf(
  actor: Actor,
): { platformId: string; deploymentId: string; contextId: string } | null {
  return actor.contextId
    ? { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId }
    : null;
}

export function catalogPage(deps: Pick<FrameworkRoutesDeps, "frameworks" | "courseSettings">): CatalogPage {
  return async ({ actor, t, locale }, extra = {}, status = 200) => {
    const course = courseOf(actor);
    const settings = course ? await deps.courseSettings.get(course) : null;
    const cards = (await deps.frameworks.list(actor.platformId)).map((framework) =>
      frameworkCard(actor, framework, locale, settings?.frameworkId),
    );
    const model = {
      title: t("frameworks:page.title"),
      frameworks: cards.filter((card) => !card.archived),
      archived: cards.filter((card) => card.archived),
      courseFramework: cards.find((card) => card.isCourseFramework),
      canChoose: course !== null && frameworkCatalogPolicy.rules.chooseForCourse(actor, actor),
      ...extra,
    };
    return page("pages/frameworks/index", "frameworks", model, status);
  };
}

type FrameworkAction = keyof typeof frameworkPolicy.rules;
type Finder = ReturnType<typeof finder>;

/** The platform's framework, if the actor may do this with it (404 when there is none). */
function finder(deps: Pick<FrameworkRoutesDeps, "frameworks">) {
  return async (actor: Actor, id: string, action: FrameworkAction): Promise<StoredFramework> => {
    const framework = found(await deps.frameworks.byId(actor.platformId, id));
    authorize(actor, frameworkPolicy, action, framework);
    return framework;
  };
}

export function catalogRoutes(router: Router, deps: FrameworkRoutesDeps, catalog: CatalogPage): void {
  route(router, {
    method: "get",
    path: "/frameworks",
    guard: guard(frameworkCatalogPolicy, "view"),
    input: NoticeQuery,
    handle: async (ctx) => {
      const titleOf = async (id: string | undefined): Promise<string | undefined> => {
        const framework = id ? await deps.frameworks.byId(ctx.actor.platformId, id) : null;
        return framework
          ? (framework.definition.title[ctx.locale] ?? framework.definition.title.fr)
          : undefined;
      };
      const notices: string[] = [];
      for (const notice of NOTICES) {
        const title = await titleOf(ctx.input.query[notice]);
        if (title) notices.push(ctx.t(NOTICE_KEYS[notice], { title }));
      }
      return catalog(ctx, { notice: notices.join(" ") || undefined });
    },
  });
  const found = finder(deps);
  managementRoutes(router, deps, found);
  exportRoute(router, deps, found);
}

/** Choosing the course's framework, archiving and restoring imports: buttons on the catalog's cards. */
function managementRoutes(router: Router, deps: FrameworkRoutesDeps, found: Finder): void {
  route(router, {
    method: "post",
    path: "/frameworks/course",
    guard: guard(frameworkCatalogPolicy, "chooseForCourse"),
    input: ChooseInput,
    form: "button",
    handle: async ({ actor, input }) => {
      const framework = await found(actor, input.body.frameworkId, "choose");
      const course = courseOf(actor);
      if (!course) throw new NotFoundError();
      await deps.courseSettings.update(course, { frameworkId: framework.id }, actor.userId);
      return redirect("/frameworks", { chosen: framework.id });
    },
  });

  for (const [action, status, notice] of [
    ["archive", "archived", "archived"],
    ["restore", "active", "restored"],
  ] as const) {
    route(router, {
      method: "post",
      path: `/frameworks/:id/${action}`,
      guard: guard(frameworkCatalogPolicy, "archive"),
      input: IdParams,
      form: "button",
      handle: async ({ actor, input }) => {
        const framework = await found(actor, input.params.id, action);
        await deps.frameworks.setStatus(actor.platformId, framework.id, status);
        return redirect("/frameworks", { [notice]: framework.id });
      },
    });
  }
}

const EXPORTS = {
  json: { type: "application/json", suffix: ".json" },
  case: { type: "application/json", suffix: ".case.json" },
  csv: { type: "text/csv", suffix: ".csv" },
} as const;

function exportRoute(router: Router, deps: FrameworkRoutesDeps, found: Finder): void {
  route(router, {
    method: "get",
    path: "/frameworks/:id/export.:format",
    guard: guard(frameworkCatalogPolicy, "view"),
    input: ExportInput,
    handle: async ({ actor, input, res }) => {
      const framework = await found(actor, input.params.id, "export");
      const { format } = input.params;
      const text =
        format === "json"
          ? serializeFrameworkJson(framework.definition)
          : format === "case"
            ? toCaseJson(framework.definition, { baseUri: deps.baseUri, lastChange: framework.importedAt })
            : toMoodleCsv(framework.definition, { bom: true });
      const filename = `${framework.key}-${framework.version}`.replace(/[^\w.-]+/g, "_");
      res.type(EXPORTS[format].type).attachment(`${filename}${EXPORTS[format].suffix}`).send(text);
      return handled;
    },
  });
}
