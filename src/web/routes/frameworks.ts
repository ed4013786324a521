// The frameworks catalog of those who teach and of administrators: see what is available, send a
// file (Moodle CSV, Carnet JSON), see it and what it changes, confirm the import; export, choose the
// course's framework, archive. The file goes first into a draft, so the preview is a page of its own.
import express, { type Router } from "express";
import { z } from "zod";
import type { Actor } from "../../domain/actor.js";
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import { serializeFrameworkJson, toCaseJson, toMoodleCsv } from "../../domain/frameworks/index.js";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "../../errors.js";
import type { CourseSettingsRepository } from "../../persistence/course-settings.js";
import type { FrameworkDraftRepository } from "../../persistence/framework-drafts.js";
import {
  detectFormat,
  type FrameworkFormat,
  type FrameworkRepository,
} from "../../persistence/framework-repository.js";
import { frameworkCatalogPolicy, frameworkPolicy } from "../../policies/frameworks.js";
import { authorize, guard } from "../../policies/policy.js";
import { formatProblems, frameworkCard, previewView } from "../../presenters/frameworks.js";
import { actorOf, renderPage } from "../render.js";
import { handled, page, redirect, route, type PageResult, type RouteContext } from "../route.js";
import { bytesOf, type UploadRoutes } from "../uploads.js";

export interface FrameworkRoutesDeps {
  uploads: UploadRoutes;
  /** Carnet's public URL: CASE identifiers of frameworks made here resolve under it. */
  baseUri: string;
  frameworks: FrameworkRepository;
  drafts: FrameworkDraftRepository;
  courseSettings: Pick<CourseSettingsRepository, "get" | "update">;
}

const MAX_FILE_BYTES = 5 * 1024 * 1024;

const IdParams = z.object({ params: z.object({ id: z.string().uuid() }) });
const UploadForm = z.object({
  text: z.string().max(MAX_FILE_BYTES).optional(),
  version: z.string().trim().max(40).optional(),
});
const DraftParams = z.object({ params: z.object({ draftId: z.string().uuid() }) });
const ConfirmInput = z.object({ body: z.object({ draftId: z.string().uuid() }) });
const ChooseInput = z.object({ body: z.object({ frameworkId: z.string().uuid() }) });
const NoticeQuery = z.object({
  query: z.object({
    imported: z.string().uuid().optional(),
    existing: z.string().uuid().optional(),
    chosen: z.string().uuid().optional(),
    archived: z.string().uuid().optional(),
    restored: z.string().uuid().optional(),
  }),
});
const ExportInput = z.object({
  params: z.object({ id: z.string().uuid(), format: z.enum(["json", "csv", "case"]) }),
});

/** A whole uploaded file as text, refused past `maxBytes` (the parsers need all of it). */
async function readText(content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of content) {
    size += chunk.length;
    if (size > maxBytes) throw new PayloadTooLargeError("FILE_TOO_LARGE", { max: maxBytes / (1024 * 1024) });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function courseOf(actor: Actor): { platformId: string; deploymentId: string; contextId: string } | null {
  return actor.contextId
    ? { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId }
    : null;
}

export function frameworkRoutes(deps: FrameworkRoutesDeps): Router {
  const router = express.Router();
  const { frameworks, drafts, courseSettings, uploads, baseUri } = deps;

  const found = async (actor: Actor, id: string): Promise<StoredFramework> => {
    const framework = await frameworks.byId(actor.platformId, id);
    if (!framework) throw new NotFoundError();
    return framework;
  };

  const catalog = async (
    ctx: Pick<RouteContext<unknown>, "actor" | "t" | "locale">,
    extra: Record<string, unknown> = {},
    status = 200,
  ): Promise<PageResult> => {
    const { actor, t, locale } = ctx;
    const course = courseOf(actor);
    const settings = course ? await courseSettings.get(course) : null;
    const cards = (await frameworks.list(actor.platformId)).map((framework) =>
      frameworkCard(actor, framework, locale, settings?.frameworkId),
    );
    return page(
      "pages/frameworks/index",
      "frameworks",
      {
        title: t("frameworks:page.title"),
        frameworks: cards.filter((card) => !card.archived),
        archived: cards.filter((card) => card.archived),
        courseFramework: cards.find((card) => card.isCourseFramework),
        canChoose: course !== null && frameworkCatalogPolicy.rules.chooseForCourse(actor, actor),
        ...extra,
      },
      status,
    );
  };

  route(router, {
    method: "get",
    path: "/frameworks",
    guard: guard(frameworkCatalogPolicy, "view"),
    input: NoticeQuery,
    handle: async (ctx) => {
      const { query } = ctx.input;
      const titleOf = async (id: string | undefined): Promise<string | undefined> => {
        const framework = id ? await frameworks.byId(ctx.actor.platformId, id) : null;
        return framework
          ? (framework.definition.title[ctx.locale] ?? framework.definition.title.fr)
          : undefined;
      };
      const notices: string[] = [];
      const imported = await titleOf(query.imported);
      if (imported) notices.push(ctx.t("frameworks:page.importedShort", { title: imported }));
      const existing = await titleOf(query.existing);
      if (existing) notices.push(ctx.t("frameworks:page.alreadyImportedAs", { title: existing }));
      const chosen = await titleOf(query.chosen);
      if (chosen) notices.push(ctx.t("frameworks:page.chosenNotice", { title: chosen }));
      const archived = await titleOf(query.archived);
      if (archived) notices.push(ctx.t("frameworks:page.archivedNotice", { title: archived }));
      const restored = await titleOf(query.restored);
      if (restored) notices.push(ctx.t("frameworks:page.restoredNotice", { title: restored }));
      return catalog(ctx, { notice: notices.join(" ") || undefined });
    },
  });

  // The one route that takes a file: declared with the uploads (multipart is accepted nowhere else).
  // Its guard is checked before the file is read; the file or the pasted text becomes a draft.
  const importGuard = guard(frameworkCatalogPolicy, "import");
  uploads.post(
    router,
    "/frameworks/upload",
    {
      field: "file",
      maxFileBytes: MAX_FILE_BYTES,
      maxFields: 4,
      maxFieldBytes: MAX_FILE_BYTES,
      receive: async (file, _req, res) => {
        importGuard.check(actorOf(res));
        return readText(bytesOf(file.stream), MAX_FILE_BYTES);
      },
      discard: async () => undefined,
    },
    async (req, res, files) => {
      const actor = actorOf(res);
      importGuard.check(actor);
      const form = UploadForm.safeParse(req.body ?? {});
      const version = form.success ? form.data.version || undefined : undefined;
      const pasted = form.success ? (form.data.text ?? "") : "";
      const text = files[0] ?? pasted;
      if (!form.success || text.trim() === "") {
        const errors = form.success
          ? { file: res.locals.t("frameworks:fieldErrors.FILE_REQUIRED") }
          : { version: res.locals.t("errors:fields.TOO_LONG") };
        const shown = await catalog(
          { actor, t: res.locals.t, locale: res.locals.locale },
          { values: { version: version ?? "", text: pasted }, formErrors: errors },
          400,
        );
        res.status(shown.status);
        renderPage(res, shown.view, shown.nav, shown.model);
        return;
      }
      const draftId = await drafts.save(
        { platformId: actor.platformId, userId: actor.userId },
        { text, format: detectFormat(text), version, pasted: files.length === 0 },
      );
      res.redirect(303, `${res.locals.base ?? ""}/frameworks/drafts/${draftId}`);
    },
  );

  route(router, {
    method: "get",
    path: "/frameworks/drafts/:draftId",
    guard: importGuard,
    input: DraftParams,
    handle: async (ctx) => {
      const { actor, t, locale } = ctx;
      const draft = await drafts.find(
        { platformId: actor.platformId, userId: actor.userId },
        ctx.input.params.draftId,
      );
      if (!draft) throw new NotFoundError("DRAFT_EXPIRED");
      const outcome = await frameworks.preview({
        platformId: actor.platformId,
        text: draft.text,
        format: draft.format,
        version: draft.version,
      });
      // A refused file comes back with its version and, when it was pasted, its text.
      const values = { version: draft.version ?? "", text: draft.pasted ? draft.text : "" };
      if (!outcome.ok) {
        return catalog(
          ctx,
          { problems: formatProblems(outcome.problems, t), problemCount: outcome.problems.length, values },
          422,
        );
      }
      return page("pages/frameworks/preview", "frameworks", {
        title: t("frameworks:preview.title"),
        preview: previewView(t, outcome.preview, locale),
        format: t(`frameworks:formats.${outcome.format satisfies FrameworkFormat}`),
        draftId: outcome.preview.kind === "new" ? draft.id : undefined,
      });
    },
  });

  route(router, {
    method: "post",
    path: "/frameworks/import",
    guard: guard(frameworkCatalogPolicy, "import"),
    input: ConfirmInput,
    form: "button",
    handle: async ({ actor, input }) => {
      const owner = { platformId: actor.platformId, userId: actor.userId };
      const draft = await drafts.find(owner, input.body.draftId);
      if (!draft) throw new NotFoundError("DRAFT_EXPIRED");
      const outcome = await frameworks.import({
        platformId: actor.platformId,
        text: draft.text,
        format: draft.format,
        version: draft.version,
        importedBy: actor.userId,
      });
      await drafts.remove(owner, draft.id);
      // The catalog changed since the preview (someone imported the same version): show why.
      if (!outcome.ok) throw new ValidationError("VERSION_EXISTS", outcome.problems[0]?.params ?? {});
      return redirect("/frameworks", { [outcome.created ? "imported" : "existing"]: outcome.framework.id });
    },
  });

  route(router, {
    method: "post",
    path: "/frameworks/course",
    guard: guard(frameworkCatalogPolicy, "chooseForCourse"),
    input: ChooseInput,
    form: "button",
    handle: async ({ actor, input }) => {
      const framework = await found(actor, input.body.frameworkId);
      authorize(actor, frameworkPolicy, "choose", framework);
      const course = courseOf(actor);
      if (!course) throw new NotFoundError();
      await courseSettings.update(course, { frameworkId: framework.id }, actor.userId);
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
        const framework = await found(actor, input.params.id);
        authorize(actor, frameworkPolicy, action, framework);
        await frameworks.setStatus(actor.platformId, framework.id, status);
        return redirect("/frameworks", { [notice]: framework.id });
      },
    });
  }

  route(router, {
    method: "get",
    path: "/frameworks/:id/export.:format",
    guard: guard(frameworkCatalogPolicy, "view"),
    input: ExportInput,
    handle: async ({ actor, input, res }) => {
      const framework = await found(actor, input.params.id);
      authorize(actor, frameworkPolicy, "export", framework);
      const filename = `${framework.key}-${framework.version}`.replace(/[^\w.-]+/g, "_");
      if (input.params.format === "json") {
        res
          .type("application/json")
          .attachment(`${filename}.json`)
          .send(serializeFrameworkJson(framework.definition));
      } else if (input.params.format === "case") {
        const text = toCaseJson(framework.definition, { baseUri, lastChange: framework.importedAt });
        res.type("application/json").attachment(`${filename}.case.json`).send(text);
      } else {
        res
          .type("text/csv")
          .attachment(`${filename}.csv`)
          .send(toMoodleCsv(framework.definition, { bom: true }));
      }
      return handled;
    },
  });

  return router;
}
