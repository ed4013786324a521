// Appointing tutors: one learner or many at once, into a group or not, reassigning and ending with the
// past kept. Every learner is checked against appointmentPolicy first and nothing is written until all
// of them pass, so a refused batch leaves no half-made appointment.
import { assignmentNotices } from "./assignment-notices.js";
import type { Clock } from "../../clock.js";
import { fieldProblem, NotFoundError } from "../../errors.js";
import { authorize, can } from "../../policies/policy.js";
import { appointmentPolicy, type AppointmentTarget } from "../../policies/tutoring.js";
import type { Actor } from "../actor.js";
import type { CourseRef } from "../course.js";
import type { PeopleDirectory } from "../people/people.js";
import type { NotificationSink } from "../validation/ports.js";
import type { RelationSource, TutoringKind, TutoringRelation, TutoringStore } from "./relations.js";

export interface AppointmentDeps {
  store: TutoringStore;
  people: Pick<PeopleDirectory, "person" | "people" | "coursesOf">;
  notifications: NotificationSink;
  clock: Clock;
}

export interface AppointInput {
  tutorId: string;
  learnerIds: readonly string[];
  kind: TutoringKind;
  groupId?: string | null;
}

export interface AppointOutcome {
  opened: string[];
  /** Learners the tutor already accompanied: nothing changed for them (except joining the group). */
  unchanged: string[];
}

export class TutorAppointments {
  constructor(private readonly deps: AppointmentDeps) {}

  /** What appointing a tutor for this learner depends on. */
  async target(platformId: string, learnerId: string): Promise<AppointmentTarget> {
    const courses = await this.deps.people.coursesOf(platformId, learnerId, ["learner"]);
    return {
      platformId,
      learnerId,
      learnerCourses: courses.map((course) => ({
        deploymentId: course.deploymentId,
        contextId: course.contextId,
      })),
    };
  }

  /** Whether the actor may appoint for each of these learners (the pickers offer no one else). */
  async appointable(actor: Actor, learnerIds: readonly string[]): Promise<Set<string>> {
    const allowed = new Set<string>();
    for (const learnerId of new Set(learnerIds)) {
      if (can(actor, appointmentPolicy, "appoint", await this.target(actor.platformId, learnerId)))
        allowed.add(learnerId);
    }
    return allowed;
  }

  /** Refuses the tutor on its field: unknown here, or one of the learners themselves. */
  async checkTutor(actor: Actor, tutorId: string, learnerIds: readonly string[]): Promise<void> {
    if (tutorId === "" || !(await this.deps.people.person(actor.platformId, tutorId)))
      throw fieldProblem("tutorId", "UNKNOWN_TUTOR");
    if (learnerIds.includes(tutorId)) throw fieldProblem("tutorId", "SELF_TUTOR");
  }

  /**
   * Gives these learners this tutor. Every learner must be appointable by the actor (else 404: a
   * learner of another course is none of their business); a learner the tutor already accompanies is
   * left as is — or moved into the group — and reported unchanged.
   */
  async appoint(
    actor: Actor,
    input: AppointInput,
    origin: { course: CourseRef | null; source?: RelationSource; groupName?: string },
  ): Promise<AppointOutcome> {
    const learnerIds = [...new Set(input.learnerIds)];
    if (learnerIds.length === 0) throw fieldProblem("learnerIds", "NOTHING_SELECTED");
    for (const learnerId of learnerIds)
      authorize(actor, appointmentPolicy, "appoint", await this.target(actor.platformId, learnerId));
    await this.checkTutor(actor, input.tutorId, learnerIds);
    const current = await this.deps.store.currentOfLearners(actor.platformId, learnerIds);
    const held = (learnerId: string): TutoringRelation | undefined =>
      current.find((relation) => relation.learnerId === learnerId && relation.tutorId === input.tutorId);
    if (!input.groupId && learnerIds.length === 1 && held(learnerIds[0] ?? ""))
      throw fieldProblem("learnerIds", "ALREADY_TUTORED");

    const now = this.deps.clock.now();
    const outcome: AppointOutcome = { opened: [], unchanged: [] };
    for (const learnerId of learnerIds) {
      const existing = held(learnerId);
      if (existing) {
        if (input.groupId) await this.deps.store.setGroup(actor.platformId, existing.id, input.groupId);
        outcome.unchanged.push(learnerId);
        continue;
      }
      const opened = await this.deps.store.open({
        platformId: actor.platformId,
        tutorId: input.tutorId,
        learnerId,
        kind: input.kind,
        groupId: input.groupId ?? null,
        source: origin.source ?? "carnet",
        assignedBy: actor.userId,
        assignedIn: origin.course,
        from: now,
      });
      (opened === "opened" ? outcome.opened : outcome.unchanged).push(learnerId);
    }
    await this.tell(actor, input.tutorId, outcome.opened, origin.course, now, origin.groupName ?? "");
    return outcome;
  }

  /** Ends the relation and opens one with the new tutor: the past stays in the history. */
  async reassign(
    actor: Actor,
    relationId: string,
    tutorId: string,
    course: CourseRef | null,
  ): Promise<string> {
    const relation = await this.currentRelation(actor, relationId);
    await this.checkTutor(actor, tutorId, [relation.learnerId]);
    if (tutorId === relation.tutorId) throw fieldProblem("tutorId", "SAME_TUTOR");
    const others = await this.deps.store.currentOfLearners(actor.platformId, [relation.learnerId]);
    if (others.some((other) => other.tutorId === tutorId)) throw fieldProblem("tutorId", "ALREADY_TUTORED");
    const now = this.deps.clock.now();
    await this.deps.store.end(actor.platformId, relation.id, {
      at: now,
      by: actor.userId,
      reason: "reassigned",
    });
    await this.deps.store.open({
      platformId: actor.platformId,
      tutorId,
      learnerId: relation.learnerId,
      kind: relation.kind,
      groupId: null,
      source: "carnet",
      assignedBy: actor.userId,
      assignedIn: course,
      from: now,
    });
    await this.tell(actor, tutorId, [relation.learnerId], course, now);
    return relation.learnerId;
  }

  /** Ends a relation (the learner keeps it in their history). */
  async end(actor: Actor, relationId: string): Promise<TutoringRelation> {
    const relation = await this.currentRelation(actor, relationId);
    await this.deps.store.end(actor.platformId, relation.id, {
      at: this.deps.clock.now(),
      by: actor.userId,
      reason: "ended",
    });
    return relation;
  }

  /** Every tutor the learner had, newest first: for the learner and for who may appoint. */
  async history(actor: Actor, learnerId: string): Promise<TutoringRelation[]> {
    authorize(actor, appointmentPolicy, "history", await this.target(actor.platformId, learnerId));
    return this.deps.store.historyOfLearner(actor.platformId, learnerId);
  }

  /** A relation that still holds and that the actor may end (404 otherwise). */
  async currentRelation(actor: Actor, relationId: string): Promise<TutoringRelation> {
    const relation = await this.deps.store.relation(actor.platformId, relationId);
    if (!relation || relation.to !== null) throw new NotFoundError("NOT_FOUND", "no current relation");
    authorize(actor, appointmentPolicy, "end", await this.target(actor.platformId, relation.learnerId));
    return relation;
  }

  private async tell(
    actor: Actor,
    tutorId: string,
    learnerIds: readonly string[],
    course: CourseRef | null,
    now: Date,
    group = "",
  ): Promise<void> {
    if (learnerIds.length === 0) return;
    const where = course ? { deploymentId: course.deploymentId, contextId: course.contextId } : {};
    await this.deps.notifications.notify(
      assignmentNotices(actor.platformId, tutorId, learnerIds, where, group),
      now,
    );
  }
}
