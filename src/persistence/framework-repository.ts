// Stores framework versions and answers the FrameworkCatalog port. Imports are all or nothing: a
// file with problems stores nothing; a new version never overwrites an old one.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Clock } from "../clock.js";
import type { FrameworkCatalog, PlacementRef, StoredFramework } from "../domain/frameworks/catalog.js";
import type { FrameworkDefinition } from "../domain/frameworks/framework.js";
import {
  parseFrameworkJson,
  parseMoodleCsv,
  SHIPPED_FRAMEWORK_FILES,
  type ImportProblem,
} from "../domain/frameworks/index.js";
import type { Logger } from "../logger.js";
import { paths } from "../paths.js";
import type { FrameworkDoc, FrameworkModels } from "./models/framework-models.js";
import type { LtiModels, PlacementDoc } from "./models/lti-models.js";
import { isDuplicateKey } from "./errors.js";

export const SHIPPED_FRAMEWORKS_DIR = paths.frameworks;

export type FrameworkFormat = "json" | "moodle-csv";

export type ImportOutcome =
  { ok: true; framework: StoredFramework; created: boolean } | { ok: false; problems: ImportProblem[] };

export interface ImportRequest {
  platformId: string | null;
  text: string;
  format?: FrameworkFormat;
  /** Moodle's CSV has no version column: which version this file is (default "1"). */
  version?: string;
  importedBy?: string;
}

function toStored(doc: FrameworkDoc): StoredFramework {
  return {
    id: doc._id,
    key: doc.key,
    version: doc.version,
    definition: doc.definition,
    platformId: doc.platformId,
    shipped: doc.shipped,
    status: doc.status,
    importedAt: doc.importedAt,
  };
}

/** Guesses the format from the content: our JSON starts with "{", Moodle's CSV never does. */
export function detectFormat(text: string): FrameworkFormat {
  return text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .startsWith("{")
    ? "json"
    : "moodle-csv";
}

export class FrameworkRepository implements FrameworkCatalog {
  private readonly cache = new Map<string, StoredFramework>();

  constructor(
    private readonly models: FrameworkModels & Pick<LtiModels, "Placement">,
    private readonly clock: Clock,
  ) {}

  async byId(platformId: string, id: string): Promise<StoredFramework | null> {
    const cached = this.cache.get(id);
    if (cached) return cached.platformId === null || cached.platformId === platformId ? cached : null;
    const doc = await this.models.Framework.findOne({
      _id: id,
      platformId: { $in: [null, platformId] },
    }).lean<FrameworkDoc>();
    if (!doc) return null;
    // Versions are immutable, so caching them by id is always correct.
    const stored = toStored(doc);
    this.cache.set(id, stored);
    return stored;
  }

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
    if (ref.resourceLinkId) {
      const placement = await this.models.Placement.findOne({
        platformId: ref.platformId,
        deploymentId: ref.deploymentId,
        contextId: ref.contextId,
        resourceLinkId: ref.resourceLinkId,
      }).lean<PlacementDoc>();
      if (placement?.frameworkId) {
        const framework = await this.byId(ref.platformId, placement.frameworkId);
        if (framework) return framework;
      }
    }
    const settings = await this.models.CourseSettings.findOne({
      platformId: ref.platformId,
      deploymentId: ref.deploymentId,
      contextId: ref.contextId,
    }).lean<{ frameworkId?: string }>();
    return settings?.frameworkId ? this.byId(ref.platformId, settings.frameworkId) : null;
  }

  /** The newest version of a framework key visible to the platform (deep links may name a key). */
  async latestByKey(platformId: string, key: string): Promise<StoredFramework | null> {
    const docs = await this.models.Framework.find({
      key,
      platformId: { $in: [null, platformId] },
      status: "active",
    })
      .sort({ importedAt: -1 })
      .limit(1)
      .lean<FrameworkDoc[]>();
    return docs[0] ? toStored(docs[0]) : null;
  }

  async import(request: ImportRequest): Promise<ImportOutcome> {
    const format = request.format ?? detectFormat(request.text);
    const parsed =
      format === "json"
        ? parseFrameworkJson(request.text)
        : parseMoodleCsv(request.text, request.version ? { version: request.version } : {});
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    const definition =
      request.version && format === "json"
        ? { ...parsed.framework, version: request.version }
        : parsed.framework;
    return this.store(definition, {
      platformId: request.platformId,
      format,
      shipped: false,
      importedBy: request.importedBy,
    });
  }

  /** Installs the frameworks shipped in data/frameworks once; existing versions are left as they are. */
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
    return installed;
  }

  async setStatus(id: string, status: "active" | "archived"): Promise<void> {
    await this.models.Framework.updateOne({ _id: id }, { $set: { status } });
    this.cache.delete(id);
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
    const existing = await this.models.Framework.findOne({
      platformId: meta.platformId,
      key: definition.key,
      version: definition.version,
    }).lean<FrameworkDoc>();
    if (existing) {
      if (checksum(existing.definition) === checksum(definition))
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
      importedBy: meta.importedBy,
      importedAt: this.clock.now(),
    };
    try {
      await this.models.Framework.create(doc);
    } catch (error) {
      // Two imports of the same version at once: the unique index lets one win; compare with it.
      if (isDuplicateKey(error)) {
        return this.store(definition, meta);
      }
      throw error;
    }
    return { ok: true, framework: toStored(doc), created: true };
  }
}

function checksum(definition: FrameworkDefinition): string {
  return createHash("sha256").update(stableStringify(definition)).digest("hex");
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
