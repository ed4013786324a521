// How an actor stands towards a learner, for the support policy: how they follow them (from their
// teaching scope: tutor, référent, formateur of one of the learner's courses) and whether a programme of
// the learner designates them as a support person. Loaded once per request; the policy decides from it.
import type { Actor } from "../actor.js";
import { sameCourse, type CourseRef } from "../course.js";
import type { TeachingScopes } from "../people/teaching-scopes.js";
import { teachesCourse, tutorsLearner, type TeachingScope } from "../../policies/teaching-scope.js";
import type { SupportFollower, SupportLearner } from "../../policies/support.js";
import type { SupportDirectory } from "./circle.js";

export interface StandingSources {
  teachingScopes: Pick<TeachingScopes, "of">;
  /** The courses where the learner is enrolled as a learner. */
  learnerCourses(platformId: string, learnerId: string): Promise<CourseRef[]>;
  /** The référents of those courses (course settings). */
  referentsOf(platformId: string, learnerId: string): Promise<string[]>;
  directory: Pick<SupportDirectory, "designatedFor">;
}

/**
 * The strongest way the actor follows the learner. Teaching gives a say on the learner only from a
 * course the learner is in, as everywhere in Carnet (teachingScope).
 */
export function followerOf(
  actor: Actor,
  learnerId: string,
  facts: { scope: TeachingScope; learnerCourses: readonly CourseRef[]; referents: readonly string[] },
): SupportFollower | null {
  if (actor.userId === learnerId || facts.scope.userId !== actor.userId) return null;
  if (tutorsLearner(facts.scope, learnerId)) return "tutor";
  if (facts.referents.includes(actor.userId)) return "referent";
  const here = actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null;
  if (
    here &&
    teachesCourse(facts.scope, here) &&
    facts.learnerCourses.some((course) => sameCourse(course, here))
  )
    return "teacher";
  return null;
}

export class SupportStanding {
  constructor(private readonly sources: StandingSources) {}

  async towards(actor: Actor, learnerId: string): Promise<SupportLearner> {
    const { platformId } = actor;
    const [scope, learnerCourses, referents, designated] = await Promise.all([
      this.sources.teachingScopes.of(actor),
      this.sources.learnerCourses(platformId, learnerId),
      this.sources.referentsOf(platformId, learnerId),
      this.sources.directory.designatedFor(platformId, learnerId),
    ]);
    return {
      platformId,
      learnerId,
      follower: followerOf(actor, learnerId, { scope, learnerCourses, referents }),
      designated: designated.includes(actor.userId),
      invited: false,
    };
  }
}
