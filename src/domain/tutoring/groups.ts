// Tutoring groups of a course (about 4–6 learners with the same tutor or peer tutor): made and removed
// by who teaches in the course; removing a group ends its members' relations, which stay in history.
import type { Clock } from "../../clock.js";
import { fieldProblem, NotFoundError } from "../../errors.js";
import type { Actor } from "../actor.js";
import { sameCourse, type CourseRef } from "../course.js";
import type { TutorAppointments, AppointOutcome } from "./appointments.js";
import type { TutoringGroup, TutoringStore } from "./relations.js";

export const MAX_GROUP_NAME = 80;

export interface GroupsDeps {
  store: TutoringStore;
  appointments: Pick<TutorAppointments, "appoint" | "checkTutor">;
  clock: Clock;
}

/** What who makes a group chooses; the rest of the group is Carnet's. */
export type NewGroupInput = Pick<TutoringGroup, "name" | "tutorId" | "kind">;

export class TutoringGroups {
  constructor(private readonly deps: GroupsDeps) {}

  /** A group made from this course (404 for any other: groups of other courses are not shown). */
  async ofCourse(actor: Actor, course: CourseRef, groupId: string): Promise<TutoringGroup> {
    const group = await this.deps.store.group(actor.platformId, groupId);
    if (!group || group.removedAt || !sameCourse(group.createdIn, course))
      throw new NotFoundError("NOT_FOUND", "no such group in this course");
    return group;
  }

  async create(actor: Actor, course: CourseRef, input: NewGroupInput): Promise<TutoringGroup> {
    const name = input.name.trim();
    if (name === "") throw fieldProblem("groupName", "NAME_REQUIRED");
    if (name.length > MAX_GROUP_NAME) throw fieldProblem("groupName", "TOO_LONG");
    await this.deps.appointments.checkTutor(actor, input.tutorId, []);
    const taken = await this.deps.store.groupsIn(actor.platformId, course);
    if (taken.some((group) => group.name.localeCompare(name, "fr", { sensitivity: "base" }) === 0))
      throw fieldProblem("groupName", "NAME_TAKEN", { name });
    return this.deps.store.createGroup({
      platformId: actor.platformId,
      name,
      tutorId: input.tutorId,
      kind: input.kind,
      createdIn: course,
      createdBy: actor.userId,
      createdAt: this.deps.clock.now(),
    });
  }

  /** Gives the group's tutor these learners, in the group. */
  async add(
    actor: Actor,
    course: CourseRef,
    groupId: string,
    learnerIds: readonly string[],
  ): Promise<{ group: TutoringGroup; outcome: AppointOutcome }> {
    const group = await this.ofCourse(actor, course, groupId);
    const outcome = await this.deps.appointments.appoint(
      actor,
      { tutorId: group.tutorId, learnerIds, kind: group.kind, groupId: group.id },
      { course, groupName: group.name },
    );
    return { group, outcome };
  }

  /** Removes the group and ends the relations made through it (the history keeps them). */
  async remove(actor: Actor, course: CourseRef, groupId: string): Promise<TutoringGroup> {
    const group = await this.ofCourse(actor, course, groupId);
    const now = this.deps.clock.now();
    const current = await this.deps.store.currentOfTutor(actor.platformId, group.tutorId);
    for (const relation of current.filter((candidate) => candidate.groupId === group.id)) {
      await this.deps.store.end(actor.platformId, relation.id, {
        at: now,
        by: actor.userId,
        reason: "group_removed",
      });
    }
    await this.deps.store.removeGroup(actor.platformId, group.id, now);
    return group;
  }
}
