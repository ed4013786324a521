// Importing a framework: the file (or pasted text) goes into a draft, the draft's preview is a page of
// its own (the tree, what changes against the previous version, or every problem with its line), and
// a confirmation imports it. Identical content already in the catalog is recognised, never copied.
import type { Router } from "express";
import { z } from "zod";
import type { Actor } from "../../../domain/actor.js";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "../../../errors.js";
import type { FrameworkDraft } from "../../../persistence/framework-drafts.js";
import { detectFormat, type FrameworkFormat } from "../../../persistence/framework-repository.js";
import { frameworkCatalogPolicy } from "../../../policies/frameworks.js";
import { guard } from "../../../policies/policy.js";
import { formatProblems, previewView } from "../../../presenters/frameworks.js";
import { page, redirect, route, uploadRoute } from "../../route.js";
import { bytesOf } from "../../uploads.js";
import type { CatalogPage } from "./catalog.js";
import type { FrameworkRoutesDeps } from "./deps.js";

const MAX_FILE_BYTES = 5 * 1024 * 1024;

const UploadInput = z.object({
  body: z.object({
    text: z.string().max(MAX_FILE_BYTES).optional(),
    version: z.string().trim().max(40).optional(),
  }),
});
const DraftParams = z.object({ params: z.object({ draftId: z.string().uuid() }) });
const ConfirmInput = z.object({ body: z.object({ draftId: z.string().uuid() }) });

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

const ownerOf = (actor: Actor): { platformId: string; userId: string } => ({
  platformId: actor.platformId,
  userId: actor.userId,
});

export function importRoutes(router: Router, deps: FrameworkRoutesDeps, catalog: CatalogPage): void {
  uploadForm(router, deps, catalog);
  const { frameworks, drafts } = deps;
  const importGuard = guard(frameworkCatalogPolicy, "import");
  const draftOf = async (actor: Actor, id: string): Promise<FrameworkDraft> => {
    const draft = await drafts.find(ownerOf(actor), id);
    if (!draft) throw new NotFoundError("DRAFT_EXPIRED");
    return draft;
  };

  route(router, {
    method: "get",
    path: "/frameworks/drafts/:draftId",
    guard: importGuard,
    input: DraftParams,
    handle: async (ctx) => {
      const { actor, t, locale } = ctx;
      const draft = await draftOf(actor, ctx.input.params.draftId);
      const { text, format, version } = draft;
      const outcome = await frameworks.preview({ platformId: actor.platformId, text, format, version });
      // A refused file comes back with its version and, when it was pasted, its text.
      const values = { version: version ?? "", text: draft.pasted ? text : "" };
      if (!outcome.ok) {
        const problems = formatProblems(outcome.problems, t);
        return catalog(ctx, { problems, problemCount: outcome.problems.length, values }, 422);
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
    guard: importGuard,
    input: ConfirmInput,
    form: "button",
    handle: async ({ actor, input }) => {
      const draft = await draftOf(actor, input.body.draftId);
      const { text, format, version } = draft;
      const request = { platformId: actor.platformId, text, format, version, importedBy: actor.userId };
      const outcome = await frameworks.import(request);
      await drafts.remove(ownerOf(actor), draft.id);
      // The catalog changed since the preview (someone imported the same version): show why.
      if (!outcome.ok) throw new ValidationError("VERSION_EXISTS", outcome.problems[0]?.params ?? {});
      return redirect("/frameworks", { [outcome.created ? "imported" : "existing"]: outcome.framework.id });
    },
  });
}

// The one route that takes a file: the guard runs before a byte of it is read; the file or the pasted
// text becomes a draft. A version label too long is the form's problem, shown with what was typed.
function uploadForm(router: Router, deps: FrameworkRoutesDeps, catalog: CatalogPage): void {
  uploadRoute(router, deps.uploads, {
    path: "/frameworks/upload",
    guard: guard(frameworkCatalogPolicy, "import"),
    input: UploadInput,
    messages: "frameworks",
    invalid: (ctx, problem) => catalog(ctx, { values: problem.values, formErrors: problem.errors }),
    upload: {
      field: "file",
      maxFileBytes: MAX_FILE_BYTES,
      maxFields: 4,
      maxFieldBytes: MAX_FILE_BYTES,
      receive: (file) => readText(bytesOf(file.stream), MAX_FILE_BYTES),
      discard: async () => undefined,
    },
    handle: async ({ actor, input, files }) => {
      const { text: pasted, version } = input.body;
      const text = files[0] ?? pasted ?? "";
      if (text.trim() === "") throw new ValidationError("VALIDATION_FAILED", {}, { file: "FILE_REQUIRED" });
      const draftId = await deps.drafts.save(ownerOf(actor), {
        text,
        format: detectFormat(text),
        version: version || undefined,
        pasted: files.length === 0,
      });
      return redirect(`/frameworks/drafts/${draftId}`);
    },
  });
}
