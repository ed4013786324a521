// Loads an actor's teaching scope (courses taught, tutees, peer tutees) from what Carnet has recorded.
import type { Actor } from "../actor.js";
import type { CourseRef } from "../course.js";
import { teachingScope, type TeachingScope } from "../../policies/teaching-scope.js";

export interface TeachingRelations {
  /** Courses of the platform where the person has a teaching membership (teacher/admin, not deleted). */
  coursesTaught(platformId: string, userId: string): Promise<CourseRef[]>;
  /** Whom the person tutors now (they validate them). */
  tuteesOf(platformId: string, tutorId: string): Promise<string[]>;
  /** Whom the person accompanies as a peer tutor now (they never validate them); none when unknown. */
  peerTuteesOf?(platformId: string, tutorId: string): Promise<string[]>;
}

export class TeachingScopes {
  constructor(private readonly relations: TeachingRelations) {}

  async of(actor: Actor): Promise<TeachingScope> {
    const [coursesTaught, tutees, peerTutees] = await Promise.all([
      this.relations.coursesTaught(actor.platformId, actor.userId),
      this.relations.tuteesOf(actor.platformId, actor.userId),
      this.relations.peerTuteesOf?.(actor.platformId, actor.userId) ?? Promise.resolve([]),
    ]);
    return teachingScope(actor, { coursesTaught, tutees, peerTutees });
  }
}
