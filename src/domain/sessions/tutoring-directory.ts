// Tutoring groups and relations as the sessions need them: a group with its members now, the groups a
// tutor runs, the tutees a tutor may interview. Read through the tutoring area's store.
import type { CourseScope } from "../course.js";
import type { TutoringGroup, TutoringStore } from "../tutoring/relations.js";
import type { SessionDirectory, SessionGroup } from "./ports.js";

export class TutoringSessionDirectory implements SessionDirectory {
  constructor(
    private readonly store: Pick<
      TutoringStore,
      "group" | "groupsIn" | "groupsById" | "currentOfTutor" | "currentOfLearners"
    >,
  ) {}

  async group(platformId: string, groupId: string): Promise<SessionGroup | null> {
    const group = await this.store.group(platformId, groupId);
    if (!group || group.removedAt) return null;
    return (await this.withMembers([group]))[0] ?? null;
  }

  async runBy(platformId: string, tutorId: string): Promise<SessionGroup[]> {
    const relations = await this.store.currentOfTutor(platformId, tutorId);
    const ids = [...new Set(relations.flatMap((relation) => relation.groupId ?? []))];
    const groups = await this.store.groupsById(platformId, ids);
    return this.withMembers(groups.filter((group) => !group.removedAt && group.tutorId === tutorId));
  }

  async ofCourse(scope: CourseScope): Promise<SessionGroup[]> {
    return this.withMembers(await this.store.groupsIn(scope.platformId, scope));
  }

  async tuteesOf(platformId: string, tutorId: string): Promise<string[]> {
    const relations = await this.store.currentOfTutor(platformId, tutorId);
    return [
      ...new Set(
        relations
          .filter((relation) => relation.kind === "tutor" && relation.learnerId !== tutorId)
          .map((relation) => relation.learnerId),
      ),
    ];
  }

  async isTutorOf(platformId: string, tutorId: string, learnerId: string): Promise<boolean> {
    if (tutorId === learnerId) return false;
    const relations = await this.store.currentOfLearners(platformId, [learnerId]);
    return relations.some((relation) => relation.tutorId === tutorId && relation.kind === "tutor");
  }

  private async withMembers(groups: readonly TutoringGroup[]): Promise<SessionGroup[]> {
    const byTutor = new Map<string, Promise<Awaited<ReturnType<TutoringStore["currentOfTutor"]>>>>();
    const result: SessionGroup[] = [];
    for (const group of [...groups].sort((a, b) => a.name.localeCompare(b.name, "fr"))) {
      const key = `${group.platformId} ${group.tutorId}`;
      const relations = byTutor.get(key) ?? this.store.currentOfTutor(group.platformId, group.tutorId);
      byTutor.set(key, relations);
      const members = (await relations)
        .filter((relation) => relation.groupId === group.id && relation.learnerId !== group.tutorId)
        .map((relation) => relation.learnerId);
      result.push({
        id: group.id,
        platformId: group.platformId,
        name: group.name,
        tutorId: group.tutorId,
        course: { platformId: group.platformId, ...group.createdIn },
        members: [...new Set(members)],
      });
    }
    return result;
  }
}
