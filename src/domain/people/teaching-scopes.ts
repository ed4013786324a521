// Loads an actor's teaching scope (courses taught, tutees) from what Carnet has recorded.
import type { Actor } from "../actor.js";
import type { CourseRef } from "../course.js";
import { teachingScope, type TeachingScope } from "../../policies/teaching-scope.js";

export interface TeachingRelations {
  /** Courses of the platform where the person has a teaching membership (teacher/admin, not deleted). */
  coursesTaught(platformId: string, userId: string): Promise<CourseRef[]>;
  tuteesOf(platformId: string, tutorId: string): Promise<string[]>;
}

export class TeachingScopes {
  constructor(private readonly relations: TeachingRelations) {}

  async of(actor: Actor): Promise<TeachingScope> {
    const [coursesTaught, tutees] = await Promise.all([
      this.relations.coursesTaught(actor.platformId, actor.userId),
      this.relations.tuteesOf(actor.platformId, actor.userId),
    ]);
    return teachingScope(actor, { coursesTaught, tutees });
  }
}
