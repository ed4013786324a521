// What a person is to a learner in a course (the learner, a validator, a lead), decided once from
// their teaching scope; and whom a learner may address a request to.
import type { Actor } from "../actor.js";
import { NotFoundError } from "../../errors.js";
import { followsLearner } from "../../policies/teaching-scope.js";
import { actingRoles, displayRole, type AccessFacts } from "../../policies/validation.js";
import type { CourseRules, CourseScope, ValidationDeps } from "./ports.js";
import type { DisplayRole } from "./records.js";
import type { ActingRole } from "./states.js";

export interface Access {
  facts: AccessFacts;
  roles: ActingRole[];
  displayRole: DisplayRole;
}

export class ValidationAccess {
  constructor(private readonly deps: Pick<ValidationDeps, "teachingScopes" | "directory" | "rules">) {}

  /** What the actor is to this learner in this course: `teachingScope` is the only rule. */
  async access(actor: Actor, scope: CourseScope, learnerId: string): Promise<Access> {
    if (actor.platformId !== scope.platformId) throw new NotFoundError();
    const following =
      actor.userId === learnerId
        ? null
        : followsLearner(
            await this.deps.teachingScopes.of(actor),
            learnerId,
            scope,
            await this.deps.directory.isMemberOf(scope, learnerId),
          );
    const facts: AccessFacts = {
      actorId: actor.userId,
      learnerId,
      teachesInCourse: following === "teacher",
      tutorOfLearner: following === "tutor",
    };
    return { facts, roles: actingRoles(facts), displayRole: displayRole(facts) };
  }

  /** The validators a learner may address: who teaches in the course, and their tutors. */
  async allowedValidators(scope: CourseScope, learnerId: string): Promise<string[]> {
    const [teachers, tutors] = await Promise.all([
      this.deps.directory.courseValidators(scope),
      this.deps.directory.tutorsOf(scope.platformId, learnerId),
    ]);
    return [...new Set([...tutors, ...teachers])].filter((id) => id !== learnerId);
  }

  /** The referent: the course's, else the learner's first tutor, else nobody (any trainer of the course). */
  async referentOf(scope: CourseScope, learnerId: string, rules?: CourseRules): Promise<string | null> {
    const settings = rules ?? (await this.deps.rules.get(scope));
    if (settings.referentUserId && settings.referentUserId !== learnerId) return settings.referentUserId;
    const tutors = await this.deps.directory.tutorsOf(scope.platformId, learnerId);
    return tutors.find((id) => id !== learnerId) ?? null;
  }
}
