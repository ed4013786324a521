// Frameworks in the workspace: see what is available, import (Moodle CSV or JSON), export, and choose
// the course's framework. Teachers of the course and administrators only.
import express, { type Response, type Router } from "express";
import { z } from "zod";
import type { Actor } from "../../domain/actor.js";
import { hasRole, teachesHere } from "../../domain/actor.js";
import { countCompetences, diffFrameworks } from "../../domain/frameworks/framework.js";
import { serializeFrameworkJson, toMoodleCsv } from "../../domain/frameworks/index.js";
import type { StoredFramework } from "../../domain/frameworks/catalog.js";
import { ForbiddenError, NotFoundError, PayloadTooLargeError } from "../../errors.js";
import { formatProblems } from "../../cli/framework-commands.js";
import { actorOf, renderPage } from "../render.js";
import { bytesOf } from "../uploads.js";
import type { LaunchedDeps } from "./launched.js";

const ImportForm = z.object({
  text: z.string().max(2_000_000).optional(),
  version: z.string().trim().max(50).optional(),
});
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** A whole uploaded file as text, refused past `maxBytes`. */
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

const ChooseForm = z.object({ frameworkId: z.string().min(1).max(100) });

function requireManager(actor: Actor): void {
  if (!teachesHere(actor) && !hasRole(actor, "admin"))
    throw new ForbiddenError("FORBIDDEN", "frameworks page");
}

export function frameworkRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const { frameworks, courseSettings } = deps.services;

  const show = async (res: Response, extra: Record<string, unknown> = {}): Promise<void> => {
    const actor = actorOf(res);
    const t = res.locals.t;
    const locale = res.locals.locale;
    const scope = actor.contextId
      ? { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId }
      : null;
    const settings = scope ? await courseSettings.get(scope) : null;
    const list = await frameworks.list(actor.platformId);
    const view = (framework: StoredFramework): Record<string, unknown> => ({
      id: framework.id,
      title: framework.definition.title[locale] ?? framework.definition.title.fr,
      version: framework.version,
      shipped: framework.shipped,
      competences: countCompetences(framework.definition).leaves,
      levels: framework.definition.scale.levels
        .map((level) => level.label[locale] ?? level.label.fr)
        .join(" · "),
      isCourseFramework: settings?.frameworkId === framework.id,
      source: framework.definition.source.citation,
    });
    renderPage(res, "pages/frameworks/index", "frameworks", {
      title: t("frameworks:page.title"),
      frameworks: list.filter((f) => f.status === "active").map(view),
      courseFramework: list.filter((f) => f.id === settings?.frameworkId).map(view)[0],
      canChoose: scope !== null && teachesHere(actor),
      ...extra,
    });
  };

  router.get("/frameworks", (_req, res, next) => {
    Promise.resolve()
      .then(() => requireManager(actorOf(res)))
      .then(() => show(res))
      .catch(next);
  });

  // The file is read whole (the parser needs all of it), within the import's own limit.
  deps.uploads.post(
    router,
    "/frameworks/import",
    {
      field: "file",
      maxFileBytes: MAX_IMPORT_BYTES,
      receive: async (file, _req, res) => {
        requireManager(actorOf(res));
        return readText(bytesOf(file.stream), MAX_IMPORT_BYTES);
      },
      discard: async () => undefined,
    },
    async (req, res, files) => {
      const actor = actorOf(res);
      requireManager(actor);
      const t = res.locals.t;
      const form = ImportForm.parse(req.body ?? {});
      const text = files[0] ?? form.text ?? "";
      if (text.trim() === "") {
        res.status(400);
        await show(res, { importError: t("frameworks:page.emptyImport") });
        return;
      }
      const previous = await frameworks.list(actor.platformId);
      const outcome = await frameworks.import({
        platformId: actor.platformId,
        text,
        version: form.version || undefined,
        importedBy: actor.userId,
      });
      if (!outcome.ok) {
        res.status(422);
        await show(res, {
          problems: formatProblems(outcome.problems, t),
          problemCount: outcome.problems.length,
        });
        return;
      }
      const framework = outcome.framework;
      const older = previous.filter((f) => f.key === framework.key && f.id !== framework.id).at(-1);
      const diff = older ? diffFrameworks(older.definition, framework.definition) : undefined;
      await show(res, {
        notice: outcome.created
          ? t("frameworks:page.importedNotice", {
              title: framework.definition.title[res.locals.locale] ?? framework.definition.title.fr,
              version: framework.version,
              count: countCompetences(framework.definition).leaves,
            })
          : t("frameworks:page.alreadyImported"),
        changes:
          older && diff
            ? t("frameworks:page.changesSince", {
                version: older.version,
                added: diff.added.length,
                removed: diff.removed.length,
                retitled: diff.retitled.length,
              })
            : undefined,
      });
    },
  );

  router.post("/frameworks/course", (req, res, next) => {
    (async () => {
      const actor = actorOf(res);
      if (!teachesHere(actor) || !actor.contextId)
        throw new ForbiddenError("FORBIDDEN", "choose course framework");
      const { frameworkId } = ChooseForm.parse(req.body);
      const framework = await frameworks.byId(actor.platformId, frameworkId);
      if (!framework) throw new NotFoundError();
      await courseSettings.update(
        { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId },
        { frameworkId },
        actor.userId,
      );
      await show(res, {
        notice: res.locals.t("frameworks:page.chosenNotice", {
          title: framework.definition.title[res.locals.locale] ?? framework.definition.title.fr,
        }),
      });
    })().catch(next);
  });

  router.get("/frameworks/:id/export.:format(json|csv)", (req, res, next) => {
    (async () => {
      const actor = actorOf(res);
      requireManager(actor);
      const framework = await frameworks.byId(actor.platformId, req.params.id ?? "");
      if (!framework) throw new NotFoundError();
      const filename = `${framework.key}-${framework.version}`.replace(/[^\w.-]+/g, "_");
      if (req.params.format === "json") {
        res
          .type("application/json")
          .attachment(`${filename}.json`)
          .send(serializeFrameworkJson(framework.definition));
      } else {
        res
          .type("text/csv")
          .attachment(`${filename}.csv`)
          .send(toMoodleCsv(framework.definition, { bom: true }));
      }
    })().catch(next);
  });

  return router;
}
