// Stores framework versions and answers the FrameworkCatalog port. Imports are all or nothing: a
// file with problems stores nothing; a new version never overwrites an old one; the same content
// imported twice (under any version label) is recognised and stored once.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Clock } from "../clock.js";
import type { CourseScope } from "../domain/course.js";
import type { FrameworkCatalog, PlacementRef, StoredFramework } from "../domain/frameworks/catalog.js";
import { contentHash } from "../domain/frameworks/content-hash.js";
import { pickFields } from "../domain/pick-fields.js";
import type { FrameworkDefinition } from "../domain/frameworks/framework.js";
import { previewImport, type ImportPreview } from "../domain/frameworks/import-preview.js";
import { parseFrameworkFile, type FrameworkFileInput } from "../domain/frameworks/parse-file.js";
import {
  parseFrameworkJson,
  SHIPPED_FRAMEWORK_FILES,
  type ImportProblem,
  type ImportResult,
} from "../domain/frameworks/index.js";
import type { Logger } from "../logger.js";
import { paths } from "../paths.js";
import { CourseSettingsRepository } from "./course-settings.js";
import type { FrameworkDoc, FrameworkModels } from "./models/framework-models.js";
import type { LtiModels, PlacementDoc } from "./models/lti-models.js";

export const SHIPPED_FRAMEWORKS_DIR = paths.frameworks;

export type FrameworkFormat = "json" | "moodle-csv" | "case";

export type ImportOutcome =
  { ok: true; framework: StoredFramework; created: boolean } | { ok: false; problems: ImportProblem[] };

export type PreviewOutcome =
  { ok: true; format: FrameworkFormat; preview: ImportPreview } | { ok: false; problems: ImportProblem[] };

export interface ImportRequest {
  platformId: string | null;
  text: string;
  format?: FrameworkFormat;
  /** Moodle's CSV and CASE have no version column: which version this file is (default "1"). */
  version?: string;
  importedBy?: string;
}

function toStored(doc: FrameworkDoc): StoredFramework {
  // The format, content hash and importer are the import's bookkeeping, not part of a framework.
  return {
    ...pickFields(doc, "key", "version", "definition", "platformId", "shipped", "status", "importedAt"),
    id: doc._id,
  };
}

/** Guesses the format from the content: JSON starts with "{", and a CASE package has a CFDocument. */
export function detectFormat(text: string): FrameworkFormat {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (!start.startsWith("{")) return "moodle-csv";
  return /"CFDocument"\s*:/.test(start) ? "case" : "json";
}

/** Reads a file in its format; `version` names the version when the format has none. */
export function parseFramework(text: string, format: FrameworkFormat, version?: string): ImportResult {
  return parseFrameworkFile({ text, format, ...(version ? { version } : {}) });
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === 11000;
}

/** Parses an imported file: in this thread by default, in a worker thread in the application. */
export type FrameworkParser = (input: FrameworkFileInput) => Promise<ImportResult>;

export class FrameworkRepository implements FrameworkCatalog {
  private readonly cache = new Map<string, StoredFramework>();

  constructor(
    private readonly models: FrameworkModels & Pick<LtiModels, "Placement">,
    private readonly clock: Clock,
    /** Parses an imported file; the application runs it in a worker thread (a 5 MB file takes seconds). */
    private readonly parse: FrameworkParser = async (input) => parseFrameworkFile(input),
    /** The course's default framework is in its settings: read where the rules are (once per request). */
    private readonly settings: Pick<CourseSettingsRepository, "stored"> = new CourseSettingsRepository(
      models,
      clock,
    ),
  ) {}

  async byId(platformId: string, id: string): Promise<StoredFramework | null> {
    const cached = this.cache.get(id);
    if (cached) return cached.platformId === null || cached.platformId === platformId ? cached : null;
    const doc = await this.models.Framework.findOne({
      _id: id,
      platformId: { $in: [null, platformId] },
    }).lean<FrameworkDoc>();
    if (!doc) return null;
    const stored = toStored(doc);
    // Versions never change; only the status does, and setStatus() drops the cached copy.
    this.cache.set(id, stored);
    return stored;
  }

  /** Every framework the platform can see (shipped and its own), archived ones included, oldest first. */
  async list(platformId: string | null): Promise<StoredFramework[]> {
    const docs = await this.models.Framework.find({
      platformId: { $in: platformId ? [null, platformId] : [null] },
    })
      .sort({ key: 1, importedAt: 1 })
      .lean<FrameworkDoc[]>();
    return docs.map(toStored);
  }

  async listAll(): Promise<StoredFramework[]> {
    const docs = await this.models.Framework.find().sort({ key: 1, importedAt: 1 }).lean<FrameworkDoc[]>();
    return docs.map(toStored);
  }

  async forPlacement(ref: PlacementRef): Promise<StoredFramework | null> {
    const course = { platformId: ref.platformId, deploymentId: ref.deploymentId, contextId: ref.contextId };
    // Both read at once (each by its unique key): every launched page of a course asks this.
    const [placement, settings] = await Promise.all([
      ref.resourceLinkId
        ? this.models.Placement.findOne({
            ...course,
            resourceLinkId: ref.resourceLinkId,
          }).lean<PlacementDoc>()
        : null,
      this.settings.stored(course),
    ]);
    if (placement?.frameworkId) {
      const framework = await this.byId(ref.platformId, placement.frameworkId);
      if (framework) return framework;
    }
    return settings?.frameworkId ? this.byId(ref.platformId, settings.frameworkId) : null;
  }

  async forCourse(ref: CourseScope): Promise<StoredFramework[]> {
    const [settings, placements] = await Promise.all([
      this.settings.stored(ref),
      this.models.Placement.find({ ...ref, frameworkId: { $type: "string" } }).lean<PlacementDoc[]>(),
    ]);
    const ids = [settings?.frameworkId, ...placements.map((placement) => placement.frameworkId)];
    const unique = [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))];
    const found = await Promise.all(unique.map((id) => this.byId(ref.platformId, id)));
    return found.filter((framework): framework is StoredFramework => framework !== null);
  }

  /**
   * The newest active version of a framework key visible to the platform (deep links may name a
   * key), or that version when one is named.
   */
  async latestByKey(platformId: string, key: string, version?: string): Promise<StoredFramework | null> {
    const docs = await this.models.Framework.find({
      key,
      ...(version === undefined ? {} : { version }),
      platformId: { $in: [null, platformId] },
      status: "active",
    })
      .sort({ importedAt: -1 })
      .limit(1)
      .lean<FrameworkDoc[]>();
    return docs[0] ? toStored(docs[0]) : null;
  }

  private async parseRequest(
    request: ImportRequest,
  ): Promise<{ format: FrameworkFormat; parsed: ImportResult }> {
    const format = request.format ?? detectFormat(request.text);
    const version = request.version ? { version: request.version } : {};
    return { format, parsed: await this.parse({ text: request.text, format, ...version }) };
  }

  /** What importing this file would do, without storing anything. */
  async preview(request: ImportRequest): Promise<PreviewOutcome> {
    const { format, parsed } = await this.parseRequest(request);
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    return {
      ok: true,
      format,
      preview: previewImport(parsed.framework, await this.list(request.platformId)),
    };
  }

  async import(request: ImportRequest): Promise<ImportOutcome> {
    const { format, parsed } = await this.parseRequest(request);
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    return this.store(parsed.framework, {
      platformId: request.platformId,
      format,
      shipped: false,
      importedBy: request.importedBy,
    });
  }

  /**
   * Installs the frameworks shipped in data/frameworks; existing versions are left as they are, and
   * shipped versions no longer in the files are archived (kept for the records that use them).
   */
  async installShipped(logger: Logger, dir = SHIPPED_FRAMEWORKS_DIR): Promise<StoredFramework[]> {
    const installed: StoredFramework[] = [];
    for (const file of SHIPPED_FRAMEWORK_FILES) {
      const parsed = parseFrameworkJson(readFileSync(path.join(dir, file), "utf8"));
      if (!parsed.ok) {
        logger.error(
          { file, problems: parsed.problems.slice(0, 5) },
          "shipped framework is invalid; skipped",
        );
        continue;
      }
      const outcome = await this.store(parsed.framework, {
        platformId: null,
        format: "shipped",
        shipped: true,
      });
      if (outcome.ok) installed.push(outcome.framework);
      else logger.warn({ file, problems: outcome.problems }, "shipped framework not installed");
    }
    const current = new Set(installed.map((framework) => framework.id));
    const retired = await this.models.Framework.find({ shipped: true, status: "active" }).lean<
      FrameworkDoc[]
    >();
    for (const doc of retired.filter((candidate) => !current.has(candidate._id))) {
      await this.models.Framework.updateOne({ _id: doc._id }, { $set: { status: "archived" } });
      this.cache.delete(doc._id);
    }
    return installed;
  }

  /**
   * Archives (or restores) one of the platform's own imports: kept for the records that use it,
   * offered for no new placement. Shipped frameworks belong to every platform and are not touched.
   */
  async setStatus(platformId: string | null, id: string, status: "active" | "archived"): Promise<boolean> {
    const result = await this.models.Framework.updateOne(
      { _id: id, platformId, shipped: false },
      { $set: { status } },
    );
    this.cache.delete(id);
    return result.matchedCount > 0;
  }

  private async store(
    definition: FrameworkDefinition,
    meta: {
      platformId: string | null;
      format: FrameworkDoc["format"];
      shipped: boolean;
      importedBy?: string;
    },
  ): Promise<ImportOutcome> {
    const hash = contentHash(definition);
    const identical = await this.models.Framework.findOne({
      platformId: { $in: meta.platformId ? [null, meta.platformId] : [null] },
      contentHash: hash,
    }).lean<FrameworkDoc>();
    if (identical) return { ok: true, framework: toStored(identical), created: false };
    const existing = await this.models.Framework.findOne({
      platformId: meta.platformId,
      key: definition.key,
      version: definition.version,
    }).lean<FrameworkDoc>();
    if (existing) {
      // Stored before content hashes were recorded: compare the content itself.
      if (contentHash(existing.definition) === hash)
        return { ok: true, framework: toStored(existing), created: false };
      return {
        ok: false,
        problems: [{ code: "VERSION_EXISTS", params: { key: definition.key, version: definition.version } }],
      };
    }
    const doc: FrameworkDoc = {
      _id: randomUUID(),
      platformId: meta.platformId,
      key: definition.key,
      version: definition.version,
      definition,
      shipped: meta.shipped,
      status: "active",
      format: meta.format,
      contentHash: hash,
      ...(meta.importedBy ? { importedBy: meta.importedBy } : {}),
      importedAt: this.clock.now(),
    };
    try {
      await this.models.Framework.create(doc);
    } catch (error) {
      // Two imports of the same version at once: the unique index lets one win; compare with it.
      if (isDuplicateKey(error)) return this.store(definition, meta);
      throw error;
    }
    return { ok: true, framework: toStored(doc), created: true };
  }
}
