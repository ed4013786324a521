// The platforms (LMS registrations) Carnet trusts, with a short in-process cache: every launch reads it.
import { randomBytes } from "node:crypto";
import type { Model } from "mongoose";
import type { PlatformDoc } from "./models/lti-models.js";

export type PlatformRecord = PlatformDoc;

export interface NewPlatform {
  issuer: string;
  clientId: string;
  name: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  authServer?: string;
  deploymentIds: string[];
  active: boolean;
  registration: PlatformDoc["registration"];
}

const CACHE_TTL_MS = 30_000;

export class PlatformRegistry {
  private cache = new Map<string, { value: PlatformRecord | null; at: number }>();

  constructor(private readonly Platform: Model<PlatformDoc>) {}

  async findByIssuerAndClient(issuer: string, clientId: string): Promise<PlatformRecord | null> {
    return this.cached(`ic ${issuer} ${clientId}`, () =>
      this.Platform.findOne({ issuer, clientId }).lean<PlatformRecord>(),
    );
  }

  /** Moodle always sends client_id in login initiation; others may not, which is fine if the issuer has one registration. */
  async findForLogin(issuer: string, clientId: string | undefined): Promise<PlatformRecord | null> {
    if (clientId) return this.findByIssuerAndClient(issuer, clientId);
    const candidates = await this.Platform.find({ issuer }).limit(2).lean<PlatformRecord[]>();
    return candidates.length === 1 ? (candidates[0] ?? null) : null;
  }

  async findById(id: string): Promise<PlatformRecord | null> {
    return this.cached(`id ${id}`, () => this.Platform.findById(id).lean<PlatformRecord>());
  }

  async list(): Promise<PlatformRecord[]> {
    return this.Platform.find().sort({ createdAt: 1 }).lean<PlatformRecord[]>();
  }

  /** Creates or updates the registration of (issuer, client id); deployments accumulate. */
  async upsert(platform: NewPlatform): Promise<PlatformRecord> {
    const { deploymentIds, ...fields } = platform;
    const saved = await this.Platform.findOneAndUpdate(
      { issuer: platform.issuer, clientId: platform.clientId },
      {
        $set: fields,
        $addToSet: { deploymentIds: { $each: deploymentIds } },
        $setOnInsert: { _id: `plt_${randomBytes(9).toString("base64url")}` },
      },
      { upsert: true, new: true },
    ).lean<PlatformRecord>();
    this.invalidate();
    if (!saved) throw new Error("platform upsert returned nothing");
    return saved;
  }

  async addDeployment(id: string, deploymentId: string): Promise<void> {
    await this.Platform.updateOne({ _id: id }, { $addToSet: { deploymentIds: deploymentId } });
    this.invalidate();
  }

  async removeDeployment(id: string, deploymentId: string): Promise<void> {
    await this.Platform.updateOne({ _id: id }, { $pull: { deploymentIds: deploymentId } });
    this.invalidate();
  }

  async setActive(id: string, active: boolean): Promise<void> {
    await this.Platform.updateOne({ _id: id }, { $set: { active } });
    this.invalidate();
  }

  async remove(id: string): Promise<PlatformRecord | null> {
    const removed = await this.Platform.findByIdAndDelete(id).lean<PlatformRecord>();
    this.invalidate();
    return removed;
  }

  /** Origins allowed to frame Carnet: those of the registered platforms. */
  async frameOrigins(): Promise<string[]> {
    const platforms = await this.cachedList();
    const origins = new Set<string>();
    for (const platform of platforms) {
      for (const url of [platform.issuer, platform.authUrl]) {
        try {
          origins.add(new URL(url).origin);
        } catch {
          // A malformed URL cannot frame us anyway.
        }
      }
    }
    return [...origins];
  }

  invalidate(): void {
    this.cache.clear();
    this.listCache = undefined;
  }

  private listCache: { value: PlatformRecord[]; at: number } | undefined;

  private async cachedList(): Promise<PlatformRecord[]> {
    const now = Date.now();
    if (this.listCache && now - this.listCache.at < CACHE_TTL_MS) return this.listCache.value;
    let value: PlatformRecord[];
    try {
      value = await this.list();
    } catch (error) {
      // Every response's frame-ancestors come from here: while the database is unreachable, pages
      // (the "try again" page in the LMS's frame, style sheets) keep the last known list.
      if (this.listCache) return this.listCache.value;
      throw error;
    }
    this.listCache = { value, at: now };
    return value;
  }

  private async cached(
    key: string,
    load: () => Promise<PlatformRecord | null>,
  ): Promise<PlatformRecord | null> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CACHE_TTL_MS) return hit.value;
    const value = await load();
    // Unknown platforms are not cached: a registration made by another instance must work at once.
    if (value) this.cache.set(key, { value, at: now });
    return value;
  }
}
