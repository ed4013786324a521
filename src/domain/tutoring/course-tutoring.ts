// The course's tutoring, as who teaches in it manages it: its groups and their members, its learners
// with their current tutors, whom it may appoint, its rhythm. The roster is refreshed from the LMS when
// the pickers open (a person added in the LMS a minute ago is pickable), and on demand.
import type { CourseScope } from "../course.js";
import { displayName, type CourseMember, type PeopleDirectory } from "../people/people.js";
import type { TutoringGroup, TutoringRelation, TutoringStore } from "./relations.js";
import type { TutoringSettings } from "./settings.js";
import type { SignThresholds } from "./signs.js";

/** Pickers refresh the roster when it is older than this: fresh enough, without calling the LMS on every page. */
export const PICKER_ROSTER_MAX_AGE_MS = 60_000;

const TUTOR_ROLES = ["teacher", "mentor", "admin"];

export interface RosterRefresh {
  refreshIfStale(scope: CourseScope, maxAgeMs: number): Promise<{ refreshed: boolean; error?: string }>;
  refresh(scope: CourseScope): Promise<{ refreshed: boolean; members: number; error?: string }>;
}

export interface CourseTutoringView {
  groups: { group: TutoringGroup; members: TutoringRelation[] }[];
  /** The course's learners with the relations that hold for them now. */
  learners: { member: CourseMember; relations: TutoringRelation[] }[];
  /** Who may tutor: the course's teachers, mentors and administrators. */
  tutorCandidates: CourseMember[];
  /** Who may be a peer tutor: the course's learners. */
  peerCandidates: CourseMember[];
  /** Names of tutors who are not in the course (appointed from elsewhere). */
  otherTutorNames: Map<string, string>;
  settings: SignThresholds;
  roster: { syncedAt: Date | null; error: string | null };
}

export interface CourseTutoringDeps {
  store: Pick<TutoringStore, "groupsIn" | "currentOfLearners">;
  people: Pick<PeopleDirectory, "members" | "course" | "people">;
  settings: Pick<TutoringSettings, "of">;
  roster: RosterRefresh;
}

export class CourseTutoring {
  constructor(private readonly deps: CourseTutoringDeps) {}

  async view(scope: CourseScope): Promise<CourseTutoringView> {
    const refreshed = await this.deps.roster.refreshIfStale(scope, PICKER_ROSTER_MAX_AGE_MS);
    const [members, groups, settings, course] = await Promise.all([
      this.deps.people.members(scope),
      this.deps.store.groupsIn(scope.platformId, scope),
      this.deps.settings.of(scope),
      this.deps.people.course(scope),
    ]);
    const active = members.filter((member) => member.status !== "Inactive");
    const learners = active.filter(
      (member) => member.roles.includes("learner") && !member.roles.includes("teacher"),
    );
    const relations = await this.deps.store.currentOfLearners(
      scope.platformId,
      learners.map((member) => member.id),
    );
    const inCourse = new Set(members.map((member) => member.id));
    const outsiders = [...new Set(relations.map((relation) => relation.tutorId))].filter(
      (id) => !inCourse.has(id),
    );
    const others = await this.deps.people.people(scope.platformId, outsiders);
    return {
      groups: groups.map((group) => ({
        group,
        members: relations.filter((relation) => relation.groupId === group.id),
      })),
      learners: learners.map((member) => ({
        member,
        relations: relations.filter((relation) => relation.learnerId === member.id),
      })),
      tutorCandidates: active.filter((member) => member.roles.some((role) => TUTOR_ROLES.includes(role))),
      peerCandidates: learners,
      otherTutorNames: new Map([...others].map(([id, person]) => [id, displayName(person)])),
      settings,
      // A course without the roster service is not a failure to report; an LMS that did not answer is.
      roster: {
        syncedAt: course?.rosterSyncedAt ?? null,
        error: refreshed.error === "NRPS_FAILED" ? refreshed.error : null,
      },
    };
  }

  /** The "refresh the list" button: asks the LMS for the roster now. */
  refreshRoster(scope: CourseScope): ReturnType<RosterRefresh["refresh"]> {
    return this.deps.roster.refresh(scope);
  }
}
