// Who is told what happened on a trace (shared, commented on, decided on), and in which course the
// notification links to it. Telling comes after the act: a failure is logged, never fatal.
import { chosenTutor, type TraceRelations } from "../../policies/portfolio.js";
import type { Actor } from "../actor.js";
import type { CourseRoster, PortfolioLog, TraceNotice, TraceNoticeKind, TraceNotifier } from "./ports.js";
import { sameCourse, type CourseRef, type Trace } from "./types.js";

export interface NoticeDeps {
  roster: Pick<CourseRoster, "teachersOf">;
  /** In-app notifications; none when absent. */
  notifier?: TraceNotifier;
  log: PortfolioLog;
}

/** A reviewer of a shared trace, with the course a link to it is offered from. */
export interface Reviewer {
  userId: string;
  course: CourseRef | null;
}

export class TraceNotices {
  constructor(private readonly deps: NoticeDeps) {}

  /**
   * Who is told of a shared trace besides its author: the trainers of the courses it is shared in (each
   * with that course, for the link), the tutors she chose and the people she named. Nobody while it is
   * private; her group's peers find it on their group page.
   */
  async reviewersOf(trace: Trace, relations: TraceRelations): Promise<Reviewer[]> {
    if (trace.visibility === "private") return [];
    const reviewers = new Map<string, CourseRef | null>();
    for (const course of trace.sharedIn) {
      for (const userId of await this.deps.roster.teachersOf(trace.platformId, course)) {
        if (!reviewers.has(userId)) reviewers.set(userId, course);
      }
    }
    const where = trace.sharedIn[0] ?? originOf(trace);
    const tutors = [...relations.tutors, ...relations.peerTutors].filter((id) => chosenTutor(trace, id));
    for (const userId of [...tutors, ...trace.sharedWith.people])
      if (!reviewers.has(userId)) reviewers.set(userId, where);
    reviewers.delete(trace.ownerId);
    return [...reviewers].map(([userId, course]) => ({ userId, course }));
  }

  /** The course the author is told about a reviewer's act in: the reviewer's, when the trace is shared there. */
  courseForOwner(trace: Trace, actor: Actor): CourseRef | null {
    const here = actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null;
    if (here && trace.sharedIn.some((course) => sameCourse(course, here))) return here;
    return trace.sharedIn[0] ?? originOf(trace);
  }

  /** The author, told of what a reviewer or a peer did. */
  toOwner(trace: Trace, actor: Actor, kind: TraceNoticeKind): TraceNotice {
    return this.notice(trace, trace.ownerId, kind, { by: actor.userId }, this.courseForOwner(trace, actor));
  }

  /** Reviewers, told of what the author did. */
  toReviewers(trace: Trace, reviewers: readonly Reviewer[], kind: TraceNoticeKind): TraceNotice[] {
    return reviewers.map(({ userId, course }) =>
      this.notice(trace, userId, kind, { learnerId: trace.ownerId }, course),
    );
  }

  async tell(notices: TraceNotice[], now: Date): Promise<void> {
    if (!this.deps.notifier || notices.length === 0) return;
    try {
      await this.deps.notifier.notify(notices, now);
    } catch (error) {
      this.deps.log.warn(
        { error: error instanceof Error ? error.message : String(error), count: notices.length },
        "portfolio: notifications not recorded",
      );
    }
  }

  private notice(
    trace: Trace,
    userId: string,
    kind: TraceNoticeKind,
    params: Record<string, string>,
    course: CourseRef | null,
  ): TraceNotice {
    return {
      platformId: trace.platformId,
      userId,
      kind,
      params: { ...params, title: trace.title },
      deploymentId: course?.deploymentId ?? trace.origin.deploymentId,
      ...(course ? { contextId: course.contextId } : {}),
      path: `traces/${trace.id}`,
    };
  }
}

/** The course a trace was written from, when it was written from one. */
function originOf(trace: Trace): CourseRef | null {
  return trace.origin.contextId
    ? { deploymentId: trace.origin.deploymentId, contextId: trace.origin.contextId }
    : null;
}
