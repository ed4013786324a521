// Who reads a trace besides its author: the author's choice (private, tutors, group) and the courses
// whose trainers may read it. Everything about sharing lives here.
import type { Clock } from "../../clock.js";
import type { TraceRelations } from "../../policies/portfolio.js";
import type { Actor } from "../actor.js";
import type { PeopleDirectory } from "../people/people.js";
import type { TraceAccessLoader } from "./access.js";
import { PortfolioError } from "./errors.js";
import { nextStatus } from "./lifecycle.js";
import type { TraceNotices } from "./notices.js";
import type { CourseRoster, PortfolioStore } from "./ports.js";
import { sameCourse, type CourseRef, type Trace, type Visibility } from "./types.js";

/** A course the author may share a trace in, as the share form offers it. */
export interface CourseChoice {
  course: CourseRef;
  /** The course's title (or label) as the LMS gave it; null when unknown. */
  title: string | null;
  /** The trace is shared there now. */
  sharedHere: boolean;
  /** The course the author is working from. */
  current: boolean;
}

/** The share form's facts: the courses to choose from and who can read the trace now. */
export interface ShareChoices {
  courses: CourseChoice[];
  relations: TraceRelations;
}

export interface SharingDeps {
  store: Pick<PortfolioStore, "updateTrace">;
  access: TraceAccessLoader;
  roster: Pick<CourseRoster, "learnerCourses">;
  courses: Pick<PeopleDirectory, "course">;
  notices: TraceNotices;
  clock: Clock;
}

export class TraceSharing {
  constructor(private readonly deps: SharingDeps) {}

  /** The audience: private, tutors or group; with the courses whose teachers may read it. */
  async share(
    actor: Actor,
    traceId: string,
    visibility: Visibility,
    courses: readonly CourseRef[],
  ): Promise<Trace> {
    const { trace, access } = await this.deps.access.allowed(actor, traceId, "share");
    const sharedIn = visibility === "private" ? trace.sharedIn : await this.chosenCourses(actor, courses);
    const status = nextStatus(trace.status, visibility === "private" ? "unshare" : "share");
    if (!status) throw new PortfolioError("TRACE_LOCKED");
    const now = this.deps.clock.now();
    const updated = await this.deps.store.updateTrace(actor.platformId, trace.id, null, {
      visibility,
      sharedIn,
      status,
      updatedAt: now,
      lastActivityAt: now,
    });
    if (!updated) throw this.deps.access.notFound(actor, traceId, "vanished");
    // Told once: the tutors and trainers who could not read it before this share.
    const { notices } = this.deps;
    const before = new Set((await notices.reviewersOf(trace, access.relations)).map(({ userId }) => userId));
    const added = (await notices.reviewersOf(updated, access.relations)).filter(
      ({ userId }) => !before.has(userId),
    );
    await notices.tell(notices.toReviewers(updated, added, "trace_shared"), now);
    return updated;
  }

  /** The courses the author may share in: theirs as a learner, the current one, those already chosen. */
  async choices(actor: Actor, trace: Trace, relations: TraceRelations): Promise<ShareChoices> {
    const current = currentCourse(actor);
    const known = dedupeCourses([
      ...(await this.deps.roster.learnerCourses(actor.platformId, actor.userId)),
      ...(current ? [current] : []),
      ...trace.sharedIn,
    ]);
    const courses = await Promise.all(
      known.map(async (course) => {
        const record = await this.deps.courses.course({ platformId: actor.platformId, ...course });
        return {
          course,
          title: record?.title ?? record?.label ?? null,
          sharedHere: trace.sharedIn.some((shared) => sameCourse(shared, course)),
          current: current !== null && sameCourse(current, course),
        };
      }),
    );
    return { courses, relations };
  }

  /** Courses the author belongs to (or works from); by default, the one they are working from. */
  private async chosenCourses(actor: Actor, courses: readonly CourseRef[]): Promise<CourseRef[]> {
    const allowed = await this.deps.roster.learnerCourses(actor.platformId, actor.userId);
    const current = currentCourse(actor);
    const chosen = courses.filter(
      (course) =>
        allowed.some((known) => sameCourse(known, course)) || (current && sameCourse(current, course)),
    );
    return chosen.length > 0 ? dedupeCourses(chosen) : current ? [current] : [];
  }
}

function currentCourse(actor: Actor): CourseRef | null {
  return actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null;
}

function dedupeCourses(courses: readonly CourseRef[]): CourseRef[] {
  const unique: CourseRef[] = [];
  for (const course of courses) {
    if (!unique.some((known) => sameCourse(known, course))) {
      unique.push({ deploymentId: course.deploymentId, contextId: course.contextId });
    }
  }
  return unique;
}
