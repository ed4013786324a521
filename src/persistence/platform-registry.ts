// The platforms (LMS registrations) Carnet knows, with a short in-process cache: every launch reads it.
// A registration is created once and never overwritten by another one; only operators change it.
import { randomBytes } from "node:crypto";
import type { Model } from "mongoose";
import { systemClock, type Clock } from "../clock.js";
import { ConflictError } from "../errors.js";
import { frameOriginsOf } from "../lti/platform-origins.js";
import type { Origin } from "../lti/platform-urls.js";
import type { PlatformDoc } from "./models/lti-models.js";

export type PlatformRecord = PlatformDoc;

/** A registration as received: what is set by activation, keys and timestamps comes later. */
export type NewPlatform = Pick<
  PlatformDoc,
  "issuer" | "clientId" | "name" | "authUrl" | "tokenUrl" | "jwksUrl" | "deploymentIds" | "registration"
> &
  Partial<Pick<PlatformDoc, "authServer" | "origins" | "operator">>;

export type RegistrationState = "active" | "pending" | "inactive";

/** Pending: never activated (a registration awaiting an operator); inactive: switched off later. */
export function registrationState(platform: Pick<PlatformDoc, "active" | "activatedAt">): RegistrationState {
  if (platform.active) return "active";
  return platform.activatedAt ? "inactive" : "pending";
}

/** What an operator may change on a registration (never its issuer or client id). */
export type PlatformChanges = Partial<
  Pick<PlatformDoc, "name" | "authUrl" | "tokenUrl" | "jwksUrl" | "authServer" | "origins" | "operator">
>;

export class PlatformExistsError extends ConflictError {
  constructor(readonly existing: PlatformRecord | null) {
    super("PLATFORM_EXISTS");
  }
}

const CACHE_TTL_MS = 30_000;

export class PlatformRegistry {
  private cache = new Map<string, { value: PlatformRecord | null; at: number }>();
  private listCache: { value: PlatformRecord[]; at: number } | undefined;

  constructor(
    private readonly Platform: Model<PlatformDoc>,
    private readonly clock: Clock = systemClock,
  ) {}

  async findByIssuerAndClient(issuer: string, clientId: string): Promise<PlatformRecord | null> {
    return this.cached(`ic ${issuer} ${clientId}`, () =>
      this.Platform.findOne({ issuer, clientId }).lean<PlatformRecord>(),
    );
  }

  /**
   * Moodle always sends client_id in login initiation; others may not, which is fine when the issuer has
   * one active registration (pending ones, made by anyone, must not make the issuer ambiguous).
   */
  async findForLogin(issuer: string, clientId: string | undefined): Promise<PlatformRecord | null> {
    if (clientId) return this.findByIssuerAndClient(issuer, clientId);
    const candidates = await this.Platform.find({ issuer, active: true }).limit(2).lean<PlatformRecord[]>();
    return candidates.length === 1 ? (candidates[0] ?? null) : null;
  }

  async findById(id: string): Promise<PlatformRecord | null> {
    return this.cached(`id ${id}`, () => this.Platform.findById(id).lean<PlatformRecord>());
  }

  async findByIssuer(issuer: string): Promise<PlatformRecord[]> {
    return this.Platform.find({ issuer }).sort({ createdAt: 1 }).lean<PlatformRecord[]>();
  }

  async list(): Promise<PlatformRecord[]> {
    return this.Platform.find().sort({ createdAt: 1 }).lean<PlatformRecord[]>();
  }

  async countPending(): Promise<number> {
    return this.Platform.countDocuments({ active: false, activatedAt: { $exists: false } });
  }

  /** Stores a new registration, inactive; a registration of the same issuer and client id is refused. */
  async create(platform: NewPlatform): Promise<PlatformRecord> {
    const existing = await this.Platform.findOne({
      issuer: platform.issuer,
      clientId: platform.clientId,
    }).lean<PlatformRecord>();
    if (existing) throw new PlatformExistsError(existing);
    try {
      const created = await this.Platform.create({
        ...platform,
        _id: `plt_${randomBytes(9).toString("base64url")}`,
        active: false,
      });
      this.invalidate();
      return created.toObject<PlatformRecord>();
    } catch (error) {
      // Two registrations of one (issuer, client id) at once: the unique index lets one win.
      if (isDuplicateKey(error)) throw new PlatformExistsError(null);
      throw error;
    }
  }

  async update(id: string, changes: PlatformChanges): Promise<PlatformRecord | null> {
    const updated = await this.Platform.findByIdAndUpdate(
      id,
      { $set: changes },
      { new: true },
    ).lean<PlatformRecord>();
    this.invalidate();
    return updated;
  }

  async addDeployment(id: string, deploymentId: string): Promise<void> {
    await this.Platform.updateOne({ _id: id }, { $addToSet: { deploymentIds: deploymentId } });
    this.invalidate();
  }

  async removeDeployment(id: string, deploymentId: string): Promise<void> {
    await this.Platform.updateOne({ _id: id }, { $pull: { deploymentIds: deploymentId } });
    this.invalidate();
  }

  /** Activation keeps the date of the first one: a platform activated once is no longer "pending". */
  async setActive(id: string, active: boolean, signingKid?: string): Promise<void> {
    const set: Partial<PlatformDoc> = { active };
    if (signingKid) set.signingKid = signingKid;
    await this.Platform.updateOne({ _id: id }, { $set: set });
    if (active) {
      await this.Platform.updateOne(
        { _id: id, activatedAt: { $exists: false } },
        { $set: { activatedAt: this.clock.now() } },
      );
    }
    this.invalidate();
  }

  async setSigningKid(id: string, signingKid: string): Promise<void> {
    await this.Platform.updateOne({ _id: id }, { $set: { signingKid } });
    this.invalidate();
  }

  async remove(id: string): Promise<PlatformRecord | null> {
    const removed = await this.Platform.findByIdAndDelete(id).lean<PlatformRecord>();
    this.invalidate();
    return removed;
  }

  /** Origins allowed to frame Carnet: those of active platforms, each re-checked. */
  async frameOrigins(): Promise<Origin[]> {
    const platforms = await this.cachedList();
    const origins = new Set<Origin>();
    for (const platform of platforms) {
      if (!platform.active) continue;
      for (const origin of frameOriginsOf(platform)) origins.add(origin);
    }
    return [...origins];
  }

  invalidate(): void {
    this.cache.clear();
    this.listCache = undefined;
  }

  private async cachedList(): Promise<PlatformRecord[]> {
    const now = this.clock.now().getTime();
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
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CACHE_TTL_MS) return hit.value;
    const value = await load();
    // Unknown platforms are not cached: a registration made by another instance must work at once.
    if (value) this.cache.set(key, { value, at: now });
    return value;
  }
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === 11000;
}
