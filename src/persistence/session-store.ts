// OIDC login states, browser sessions and launches. Each launch gets its own id in the URL; the
// session cookie proves the browser is the one that launched. The database stores only cookie hashes.
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../clock.js";
import type { LaunchDoc, LoginStateDoc, LtiModels, SessionDoc } from "./models/lti-models.js";
import { TtlCache } from "./ttl-cache.js";

export function hashToken(raw: string): string {
  return createHash("sha256").update(raw).digest("base64url");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** One launch: who, from which platform, course and placement, with which roles and services. */
export type Launch = LaunchDoc;

/** What a login initiation keeps for its launch. */
export type LoginState = LoginStateDoc;

export const LOGIN_STATE_TTL_MS = 10 * 60_000;

/** A launch and its session; `raw` is the session cookie, `reused` when it was the browser's already. */
export interface OpenedLaunch {
  raw: string;
  session: SessionDoc;
  launch: LaunchDoc;
  reused: boolean;
}

/**
 * How long a launch or session stays in this process's memory after its last page, and how many at
 * most. Each page read keeps its own for another period, so someone clicking through Carnet is
 * served from memory, and a launch's first page always is; a page after a longer pause reads its
 * launch by id. A cached launch is about 3 KB: a class launching at 100 a second holds 1,500 (5 MB),
 * where a minute's worth held 20 MB (docs/performance.md, "Memory").
 */
export const LAUNCH_CACHE = { ttlMs: 15_000, maxEntries: 2_000 };

export class SessionStore {
  // Every page reads its launch and session: launches never change, sessions rarely (expiry is
  // checked on the cached copy too; an ended session may live on another instance for 15 s at most).
  private readonly launchCache: TtlCache<LaunchDoc>;
  private readonly sessionCache: TtlCache<SessionDoc>;
  /** Launches whose person this launch created and whose first page has not been asked for yet. */
  private readonly newcomerLaunches: TtlCache<true>;

  constructor(
    private readonly models: Pick<LtiModels, "LoginState" | "Session" | "Launch">,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
    cache = LAUNCH_CACHE,
  ) {
    this.launchCache = new TtlCache<LaunchDoc>(cache.ttlMs, cache.maxEntries, clock);
    this.sessionCache = new TtlCache<SessionDoc>(cache.ttlMs, cache.maxEntries, clock);
    this.newcomerLaunches = new TtlCache<true>(60_000, 10_000, clock);
  }

  async saveLoginState(state: Omit<LoginStateDoc, "createdAt" | "expiresAt">): Promise<void> {
    const now = this.clock.now();
    await this.models.LoginState.create({
      ...state,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LOGIN_STATE_TTL_MS),
    });
  }

  async findLoginState(state: string): Promise<LoginStateDoc | null> {
    return this.models.LoginState.findById(state).lean<LoginStateDoc>();
  }

  /** Single use: the first launch that presents this state consumes it, so a replay finds nothing. */
  async consumeLoginState(state: string): Promise<LoginStateDoc | null> {
    return this.models.LoginState.findOneAndDelete({ _id: state }).lean<LoginStateDoc>();
  }

  /**
   * Records a launch and the browser session it continues in: the browser's session when it belongs to
   * the same person, else a new one. The two writes go out together (the session's id is known before
   * it is stored), and both are kept in this process's caches, so the first page reads neither.
   */
  async openLaunch(
    facts: Omit<LaunchDoc, "_id" | "createdAt" | "expiresAt" | "sessionId">,
    rawCookie: string | undefined,
  ): Promise<OpenedLaunch> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    const continued = rawCookie ? await this.continuedSession(rawCookie, facts, expiresAt) : null;
    const raw = continued && rawCookie ? rawCookie : randomToken();
    const session: SessionDoc = continued?.session ?? {
      _id: hashToken(raw),
      platformId: facts.platformId,
      userId: facts.userId,
      csrfSecret: randomToken(),
      createdAt: now,
      expiresAt,
    };
    const launch: LaunchDoc = {
      ...facts,
      _id: randomToken(18),
      sessionId: session._id,
      createdAt: now,
      expiresAt,
    };
    await Promise.all([
      continued && !continued.extended
        ? this.models.Session.updateOne({ _id: session._id }, { $set: { expiresAt } })
        : null,
      continued ? null : this.models.Session.create(session),
      this.models.Launch.create(launch),
    ]);
    this.sessionCache.set(session._id, session);
    this.launchCache.set(launch._id, launch);
    return { raw, session, launch, reused: continued !== null };
  }

  /**
   * The browser's session when it is this person's and has not expired, to continue in, extended to
   * `expiresAt`. One this process knows is extended with the launch's writes (`extended: false`); any
   * other is checked and extended in one command. Someone else's, expired or unknown: null.
   */
  private async continuedSession(
    rawCookie: string,
    person: Pick<SessionDoc, "platformId" | "userId">,
    expiresAt: Date,
  ): Promise<{ session: SessionDoc; extended: boolean } | null> {
    const id = hashToken(rawCookie);
    const now = this.clock.now();
    const cached = this.sessionCache.get(id);
    if (cached) {
      const theirs = cached.platformId === person.platformId && cached.userId === person.userId;
      const live = cached.expiresAt.getTime() > now.getTime();
      return theirs && live ? { session: { ...cached, expiresAt }, extended: false } : null;
    }
    const extended = await this.models.Session.findOneAndUpdate(
      { _id: id, platformId: person.platformId, userId: person.userId, expiresAt: { $gt: now } },
      { $set: { expiresAt } },
      { new: true },
    ).lean<SessionDoc>();
    return extended ? { session: extended, extended: true } : null;
  }

  /** Removes a launch opened for the wrong person, and its session unless it was the browser's own. */
  async discardLaunch(opened: OpenedLaunch): Promise<void> {
    this.launchCache.delete(opened.launch._id);
    if (!opened.reused) this.sessionCache.delete(opened.session._id);
    await Promise.all([
      this.models.Launch.deleteOne({ _id: opened.launch._id }),
      opened.reused ? undefined : this.models.Session.deleteOne({ _id: opened.session._id }),
    ]);
  }

  /** This launch created its person (see takeNewcomer). */
  markNewcomer(launchId: string): void {
    this.newcomerLaunches.set(launchId, true);
  }

  /**
   * True once, for the first page asked for in a launch that created its person in this process (a
   * minute at most after it): that page need not look for the person's traces, notifications or
   * tutors, none can exist yet. Any later page, or a page served by another instance, reads them.
   */
  takeNewcomer(launchId: string): boolean {
    if (!this.newcomerLaunches.get(launchId)) return false;
    this.newcomerLaunches.delete(launchId);
    return true;
  }

  async findSession(rawCookie: string): Promise<SessionDoc | null> {
    const id = hashToken(rawCookie);
    const session = this.sessionCache.get(id) ?? (await this.models.Session.findById(id).lean<SessionDoc>());
    if (!session || session.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    this.sessionCache.set(id, session);
    return session;
  }

  async findLaunch(launchId: string): Promise<LaunchDoc | null> {
    const launch =
      this.launchCache.get(launchId) ?? (await this.models.Launch.findById(launchId).lean<LaunchDoc>());
    if (!launch || launch.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    this.launchCache.set(launchId, launch);
    return launch;
  }

  /**
   * A launch that lapsed less than `graceMs` ago, with the session this browser's cookie names, when
   * that session is the launch's own (expired or not). Only to keep what someone was typing when it
   * ran out (src/web/middleware/kept-on-expiry.ts); never to open a page. Real MongoDB's TTL index
   * removes expired launches and sessions within a minute or so, after which there is nothing to find.
   */
  async lapsed(
    launchId: string,
    rawCookie: string,
    graceMs: number,
  ): Promise<{ launch: LaunchDoc; session: SessionDoc } | null> {
    const [launch, session] = await Promise.all([
      this.models.Launch.findById(launchId).lean<LaunchDoc>(),
      this.models.Session.findById(hashToken(rawCookie)).lean<SessionDoc>(),
    ]);
    if (!launch || !session || launch.sessionId !== session._id) return null;
    const now = this.clock.now().getTime();
    const lapsedAt = Math.min(launch.expiresAt.getTime(), session.expiresAt.getTime());
    if (lapsedAt > now || now - lapsedAt > graceMs) return null;
    return { launch, session };
  }

  async endSession(rawCookie: string): Promise<void> {
    this.sessionCache.delete(hashToken(rawCookie));
    await this.models.Session.deleteOne({ _id: hashToken(rawCookie) });
  }
}
