// Lists of traces: the learner's own (and what waits for them), a followed learner's, the reviewers'
// queue, the tutoring group's; each list holds only what the trace policy lets the actor read.
import { NotFoundError } from "../../errors.js";
import { can } from "../../policies/policy.js";
import {
  followingRelation,
  learnerPortfolioPolicy,
  type FollowingRelation,
} from "../../policies/portfolio.js";
import { teachesCourse } from "../../policies/teaching-scope.js";
import type { Actor } from "../actor.js";
import type { PeopleDirectory, Person } from "../people/people.js";
import type { TraceAccessLoader } from "./access.js";
import type {
  CourseRoster,
  PortfolioLog,
  PortfolioStore,
  TraceListItem,
  TraceTally,
  TutoringDirectory,
} from "./ports.js";
import { sameCourse, type Trace, type TraceStatus } from "./types.js";

export type WaitingReason = "feedback" | "rework" | "reply" | "to_read";

export interface WaitingItem {
  trace: Trace;
  reasons: WaitingReason[];
}

/** What the learner's home shows of their portfolio. */
export interface LearnerHome {
  /** Every trace counted by status and type. */
  tallies: TraceTally[];
  /** The traces with the most recent activity. */
  recent: TraceListItem[];
  waiting: number;
  /** Peer tutors and tutors who launch as learners reach their tutees' traces from the home. */
  hasTutees: boolean;
}

/** The timeline's filter and the page asked for (the nearest page is shown when out of range). */
export interface TimelineFilter {
  status?: TraceStatus | undefined;
  typeKey?: string | undefined;
  page?: number | undefined;
}

/** One page of the learner's timeline, with the counts of every trace whatever the filter. */
export interface Timeline {
  traces: TraceListItem[];
  tallies: TraceTally[];
  /** How many traces the filter matches. */
  matched: number;
  page: number;
  pages: number;
}

/** How many traces the home shows as the latest. */
export const RECENT_ON_HOME = 5;

export interface ListsDeps {
  store: Pick<
    PortfolioStore,
    | "tracesOf"
    | "sharedTraces"
    | "timelinePage"
    | "traceTallies"
    | "recentTraces"
    | "listedTraces"
    | "tracesAwaitingOwner"
    | "traceCounts"
  >;
  access: Pick<TraceAccessLoader, "scopeOf" | "readableAmong">;
  tutoring: Pick<TutoringDirectory, "groupPeersOf" | "tuteesOf">;
  roster: Pick<CourseRoster, "learnerCourses">;
  people: Pick<PeopleDirectory, "person">;
  log: PortfolioLog;
}

export class TraceLists {
  constructor(private readonly deps: ListsDeps) {}

  /** The actor's whole portfolio as the lists show it (the views by competence), newest first. */
  listedTraces(actor: Actor): Promise<TraceListItem[]> {
    return this.deps.store.listedTraces(actor.platformId, actor.userId);
  }

  /** The actor's own portfolio, newest first. */
  ownTraces(actor: Actor, limit?: number): Promise<Trace[]> {
    return this.deps.store.tracesOf(actor.platformId, actor.userId, limit);
  }

  /**
   * One page of the actor's timeline, filtered by status and type, newest situation first; the page and
   * the counts are read from the database at once, and again for the last page when the one asked for is
   * past it.
   */
  async timeline(actor: Actor, filter: TimelineFilter, perPage: number): Promise<Timeline> {
    const { platformId, userId } = actor;
    const query = { status: filter.status, typeKey: filter.typeKey, limit: perPage };
    const wanted = Math.max(1, filter.page ?? 1);
    const [tallies, asked] = await Promise.all([
      this.deps.store.traceTallies(platformId, userId),
      this.deps.store.timelinePage(platformId, userId, { ...query, skip: (wanted - 1) * perPage }),
    ]);
    const matched = tallies
      .filter(
        (tally) =>
          (!filter.status || tally.status === filter.status) &&
          (!filter.typeKey || tally.typeKey === filter.typeKey),
      )
      .reduce((sum, tally) => sum + tally.count, 0);
    const pages = Math.max(1, Math.ceil(matched / perPage));
    const page = Math.min(pages, wanted);
    const traces =
      page === wanted
        ? asked
        : await this.deps.store.timelinePage(platformId, userId, { ...query, skip: (page - 1) * perPage });
    return { traces, tallies, matched, page, pages };
  }

  /** The owner's traces that need the owner: feedback to take in, rework asked, a comment to answer. */
  async waitingForLearner(actor: Actor): Promise<WaitingItem[]> {
    return waitingForOwner(await this.deps.store.tracesAwaitingOwner(actor.platformId, actor.userId));
  }

  async learnerHome(actor: Actor): Promise<LearnerHome> {
    // Created by the launch this page follows: no trace and no tutee can be theirs yet.
    if (actor.newcomer) return { tallies: [], recent: [], waiting: 0, hasTutees: false };
    const { platformId, userId } = actor;
    // Only the tutees of the teaching scope (its courses are another read): the relations the page's
    // badges read too, once for the request.
    const [counts, recent, tutees] = await Promise.all([
      this.deps.store.traceCounts(platformId, userId),
      this.deps.store.recentTraces(platformId, userId, RECENT_ON_HOME),
      this.deps.tutoring.tuteesOf(platformId, userId),
    ]);
    const { tallies, awaitingOwner: waiting } = counts;
    return { tallies, recent, waiting, hasTutees: tutees.some((id) => id !== userId) };
  }

  /** Whether the actor has a tutoring group whose peers may open traces to them. */
  async hasGroup(actor: Actor): Promise<boolean> {
    return (await this.deps.tutoring.groupPeersOf(actor.platformId, actor.userId)).length > 0;
  }

  /** How the actor relates to this learner's portfolio (null: they do not follow them). */
  async following(actor: Actor, learnerId: string): Promise<FollowingRelation | null> {
    if (learnerId === actor.userId) return "self";
    const [scope, courses, groupPeers] = await Promise.all([
      this.deps.access.scopeOf(actor),
      this.deps.roster.learnerCourses(actor.platformId, learnerId),
      this.deps.tutoring.groupPeersOf(actor.platformId, learnerId),
    ]);
    const here = actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null;
    const access = {
      platformId: actor.platformId,
      learnerId,
      scope,
      learnerInLaunchCourse: here !== null && courses.some((course) => sameCourse(course, here)),
      groupPeers,
    };
    return can(actor, learnerPortfolioPolicy, "viewTraces", access) ? followingRelation(actor, access) : null;
  }

  /** A learner's traces the actor may read; a learner they do not follow does not exist for them. */
  async tracesOfLearner(actor: Actor, learnerId: string): Promise<Trace[]> {
    if (!(await this.following(actor, learnerId))) {
      this.deps.log.warn(
        { platformId: actor.platformId, userId: actor.userId, learnerId },
        "portfolio: learner's traces refused",
      );
      throw new NotFoundError("NOT_FOUND", `learner ${learnerId} not followed by ${actor.userId}`);
    }
    return this.deps.access.readableAmong(actor, await this.deps.store.tracesOf(actor.platformId, learnerId));
  }

  /** The learner's page for those who follow them: who they are and the traces the actor may read. */
  async learnerPortfolio(actor: Actor, learnerId: string): Promise<{ learner: Person; traces: Trace[] }> {
    const traces = await this.tracesOfLearner(actor, learnerId);
    const learner = await this.deps.people.person(actor.platformId, learnerId);
    if (!learner) throw new NotFoundError("NOT_FOUND", `learner ${learnerId}`);
    return { learner, traces };
  }

  /** Traces shared with the actor: in the course they launched from, their (peer) tutees', naming them. */
  async reviewQueue(actor: Actor): Promise<WaitingItem[]> {
    const scope = await this.deps.access.scopeOf(actor);
    const here = actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null;
    const courses = here && teachesCourse(scope, here) ? [here] : [];
    const shared = await this.deps.store.sharedTraces(actor.platformId, {
      courses,
      ownerIds: [...scope.tutees, ...scope.peerTutees],
      readerId: actor.userId,
      visibilities: ["tutors", "group"],
    });
    return (await this.deps.access.readableAmong(actor, shared))
      .map((trace) => ({ trace, reasons: waitingForReviewer(trace) }))
      .sort(
        (a, b) =>
          Number(b.reasons.length > 0) - Number(a.reasons.length > 0) ||
          b.trace.lastActivityAt.getTime() - a.trace.lastActivityAt.getTime(),
      );
  }

  /**
   * The actor's tutees (and peer tutees) who have shared nothing the list shows: silence is the signal
   * the tutoring studies single out, so "my tutees' traces" lists them too, first.
   */
  async tuteesWithNothingShared(actor: Actor, shown: readonly Trace[]): Promise<SilentTutee[]> {
    const scope = await this.deps.access.scopeOf(actor);
    const owners = new Set(shown.map((trace) => trace.ownerId));
    const silent = (ids: Iterable<string>, kind: SilentTutee["kind"]): SilentTutee[] =>
      [...ids].filter((id) => !owners.has(id)).map((learnerId) => ({ learnerId, kind }));
    const tutees = silent(scope.tutees, "tutor");
    return [
      ...tutees,
      ...silent(scope.peerTutees, "peer").filter((peer) => !scope.tutees.has(peer.learnerId)),
    ];
  }

  /** Peers' traces opened to the actor's tutoring group. */
  async groupTraces(actor: Actor): Promise<Trace[]> {
    const peers = await this.deps.tutoring.groupPeersOf(actor.platformId, actor.userId);
    if (peers.length === 0) return [];
    const traces = await this.deps.store.sharedTraces(actor.platformId, {
      courses: [],
      ownerIds: peers,
      visibilities: ["group"],
    });
    return this.deps.access.readableAmong(actor, traces);
  }
}

/** A tutee who shared nothing with the actor, and how the actor accompanies them. */
export interface SilentTutee {
  learnerId: string;
  kind: "tutor" | "peer";
}

function waitingForOwner(traces: readonly Trace[]): WaitingItem[] {
  return traces
    .map((trace) => {
      const reasons: WaitingReason[] = [];
      if (trace.status === "feedback") reasons.push("feedback");
      if (trace.status === "to_rework") reasons.push("rework");
      if (trace.lastComment && trace.lastComment.authorId !== trace.ownerId) reasons.push("reply");
      return { trace, reasons };
    })
    .filter((item) => item.reasons.length > 0)
    .sort((a, b) => b.trace.lastActivityAt.getTime() - a.trace.lastActivityAt.getTime());
}

function waitingForReviewer(trace: Trace): WaitingReason[] {
  const reasons: WaitingReason[] = [];
  if (trace.status === "shared" || trace.status === "revised") reasons.push("to_read");
  if (trace.lastComment && trace.lastComment.authorId === trace.ownerId) reasons.push("reply");
  return reasons;
}
