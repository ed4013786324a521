// Who reads a trace besides its author: the audiences she picks — her tutors, people she names, the
// formateurs of courses she chooses, her tutoring group — or nobody. Everything about sharing lives here.
import type { Clock } from "../../clock.js";
import { ValidationError } from "../../errors.js";
import type { TraceRelations } from "../../policies/portfolio.js";
import type { Actor } from "../actor.js";
import type { PeopleDirectory } from "../people/people.js";
import type { TraceAccessLoader } from "./access.js";
import { PortfolioError } from "./errors.js";
import { nextStatus } from "./lifecycle.js";
import type { TraceNotices } from "./notices.js";
import type { CourseRoster, PortfolioStore } from "./ports.js";
import { sameCourse, type CourseRef, type Trace, type TraceReaders, type Visibility } from "./types.js";

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

/** The share form's facts: the courses and people to choose from and who can read the trace now. */
export interface ShareChoices {
  courses: CourseChoice[];
  /** People the author may name: the staff of her courses and the peers of her group. */
  people: string[];
  relations: TraceRelations;
  /** Her tutors now, of both kinds (tutors, then peer tutors). */
  tutorsNow: string[];
  /** Tutors appointed since she chose "my tutors": they do not read it until she agrees. */
  tutorsNotChosen: string[];
}

/** What the author picks. Nothing picked (or `private`) keeps the trace to herself. */
export interface AudienceChoice {
  private: boolean;
  tutors: boolean;
  group: boolean;
  people: readonly string[];
  courses: readonly CourseRef[];
}

export const MAX_NAMED_READERS = 30;

export interface SharingDeps {
  store: Pick<PortfolioStore, "updateTrace" | "tracesOf">;
  access: TraceAccessLoader;
  roster: Pick<CourseRoster, "learnerCourses">;
  courses: Pick<PeopleDirectory, "course" | "members">;
  notices: TraceNotices;
  clock: Clock;
}

/** Tutors of both kinds, each once: those who may be chosen under "my tutors". */
export function tutorsNow(relations: Pick<TraceRelations, "tutors" | "peerTutors">): string[] {
  return [...new Set([...relations.tutors, ...relations.peerTutors])];
}

export class TraceSharing {
  constructor(private readonly deps: SharingDeps) {}

  /** Opens the trace to what the author picked, or makes it private again (her choices are kept). */
  async share(actor: Actor, traceId: string, choice: AudienceChoice): Promise<Trace> {
    const { trace, access } = await this.deps.access.allowed(actor, traceId, "share");
    const patch = await this.audiencePatch(actor, trace, access.relations, choice);
    return this.apply(actor, trace, access.relations, patch);
  }

  /** The author agrees that her tutors of now read the trace (after a change of tutor). */
  async openToCurrentTutors(actor: Actor, traceId: string): Promise<Trace> {
    const { trace, access } = await this.deps.access.allowed(actor, traceId, "share");
    const sharedWith: TraceReaders = {
      ...trace.sharedWith,
      tutors: true,
      tutorIds: tutorsNow(access.relations),
    };
    const visibility = trace.visibility === "private" ? "tutors" : trace.visibility;
    return this.apply(actor, trace, access.relations, { visibility, sharedIn: trace.sharedIn, sharedWith });
  }

  /**
   * After a change of tutor: the author's traces shared with "my tutors" that a tutor of now cannot
   * read (appointed after she chose), and who those tutors are. Carnet asks; it never widens alone.
   */
  async waitingForNewTutors(actor: Actor): Promise<{ traces: Trace[]; tutors: string[] }> {
    const relations = await this.deps.access.relationsOf(actor.platformId, actor.userId);
    const now = tutorsNow(relations);
    const traces = (await this.deps.store.tracesOf(actor.platformId, actor.userId)).filter(
      (trace) => trace.visibility !== "private" && notChosen(trace, now).length > 0,
    );
    return { traces, tutors: [...new Set(traces.flatMap((trace) => notChosen(trace, now)))] };
  }

  /** She agrees: every such trace is opened to her tutors of now. Returns how many were. */
  async openAllToCurrentTutors(actor: Actor): Promise<number> {
    const { traces } = await this.waitingForNewTutors(actor);
    for (const trace of traces) await this.openToCurrentTutors(actor, trace.id);
    return traces.length;
  }

  /** The courses and people the author may choose from, and how her tutors relate to the trace. */
  async choices(actor: Actor, trace: Trace, relations: TraceRelations): Promise<ShareChoices> {
    const current = currentCourse(actor);
    const learnerCourses = await this.deps.roster.learnerCourses(actor.platformId, actor.userId);
    const known = dedupeCourses([...learnerCourses, ...(current ? [current] : []), ...trace.sharedIn]);
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
    const now = tutorsNow(relations);
    return {
      courses,
      people: await this.nameable(actor, relations, [...learnerCourses, ...(current ? [current] : [])]),
      relations,
      tutorsNow: now,
      tutorsNotChosen: notChosen(trace, now),
    };
  }

  private async audiencePatch(
    actor: Actor,
    trace: Trace,
    relations: TraceRelations,
    choice: AudienceChoice,
  ): Promise<{ visibility: Visibility; sharedIn: CourseRef[]; sharedWith: TraceReaders }> {
    const keep = { visibility: "private" as const, sharedIn: trace.sharedIn, sharedWith: trace.sharedWith };
    if (choice.private) return keep;
    const people = await this.checkedPeople(actor, relations, choice.people);
    const sharedIn = await this.chosenCourses(actor, choice.courses);
    if (!choice.tutors && !choice.group && people.length === 0 && sharedIn.length === 0) return keep;
    return {
      visibility: choice.group ? "group" : "tutors",
      sharedIn,
      sharedWith: { tutors: choice.tutors, tutorIds: choice.tutors ? tutorsNow(relations) : [], people },
    };
  }

  private async apply(
    actor: Actor,
    trace: Trace,
    relations: TraceRelations,
    patch: { visibility: Visibility; sharedIn: CourseRef[]; sharedWith: TraceReaders },
  ): Promise<Trace> {
    const status = nextStatus(trace.status, patch.visibility === "private" ? "unshare" : "share");
    if (!status) throw new PortfolioError("TRACE_LOCKED");
    const now = this.deps.clock.now();
    const updated = await this.deps.store.updateTrace(actor.platformId, trace.id, null, {
      ...patch,
      status,
      updatedAt: now,
      lastActivityAt: now,
    });
    if (!updated) throw this.deps.access.notFound(actor, trace.id, "vanished");
    // Told once: the tutors, trainers and named people who could not read it before this share.
    const { notices } = this.deps;
    const before = new Set((await notices.reviewersOf(trace, relations)).map(({ userId }) => userId));
    const added = (await notices.reviewersOf(updated, relations)).filter(({ userId }) => !before.has(userId));
    await notices.tell(notices.toReviewers(updated, added, "trace_shared"), now);
    return updated;
  }

  /** Named readers must be people the author may name; anyone else is refused on the field. */
  private async checkedPeople(
    actor: Actor,
    relations: TraceRelations,
    chosen: readonly string[],
  ): Promise<string[]> {
    const unique = [...new Set(chosen)].filter((id) => id !== actor.userId);
    if (unique.length === 0) return [];
    if (unique.length > MAX_NAMED_READERS)
      throw new ValidationError("VALIDATION_FAILED", {}, { person: "TOO_MANY_PEOPLE" });
    const current = currentCourse(actor);
    const courses = [
      ...(await this.deps.roster.learnerCourses(actor.platformId, actor.userId)),
      ...(current ? [current] : []),
    ];
    const allowed = new Set(await this.nameable(actor, relations, courses));
    if (unique.some((id) => !allowed.has(id)))
      throw new ValidationError("VALIDATION_FAILED", {}, { person: "UNKNOWN_PERSON" });
    return unique;
  }

  /** The staff of the author's courses (everyone but learners) and the peers of her tutoring group. */
  private async nameable(actor: Actor, relations: TraceRelations, courses: CourseRef[]): Promise<string[]> {
    const staff = await Promise.all(
      dedupeCourses(courses).map(async (course) =>
        (await this.deps.courses.members({ platformId: actor.platformId, ...course }))
          .filter((member) => member.status !== "Deleted" && member.roles.some((role) => role !== "learner"))
          .map((member) => member.id),
      ),
    );
    const ids = new Set([...staff.flat(), ...relations.groupPeers]);
    ids.delete(actor.userId);
    return [...ids];
  }

  /** Courses the author belongs to (or works from); a course she did not tick stays unticked. */
  private async chosenCourses(actor: Actor, courses: readonly CourseRef[]): Promise<CourseRef[]> {
    if (courses.length === 0) return [];
    const allowed = await this.deps.roster.learnerCourses(actor.platformId, actor.userId);
    const current = currentCourse(actor);
    return dedupeCourses(
      courses.filter(
        (course) =>
          allowed.some((known) => sameCourse(known, course)) || (current && sameCourse(current, course)),
      ),
    );
  }
}

/** Tutors of now the author did not choose on this trace (none when she did not pick "my tutors"). */
function notChosen(trace: Trace, now: readonly string[]): string[] {
  const { tutors, tutorIds } = trace.sharedWith;
  return tutors && tutorIds !== null ? now.filter((id) => !tutorIds.includes(id)) : [];
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
