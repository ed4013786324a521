// Tutoring relations derived from the LMS: a launch with the Mentor role and `role_scope_mentor` says
// whom the person mentors. Those relations follow the LMS (opened when a mentee appears, ended when one
// disappears from the claim); relations made in Carnet are never touched by a launch.
import type { CourseRef } from "../course.js";
import type { TutoringStore } from "./relations.js";

/** Mentees listed in one launch beyond this are ignored (a claim is not a bulk import). */
export const MAX_MENTEES_PER_LAUNCH = 200;

export interface MentorLaunch {
  platformId: string;
  mentorId: string;
  /** Carnet's ids of the people listed in role_scope_mentor (resolved from their LMS user ids). */
  menteeIds: readonly string[];
  course: CourseRef | null;
  at: Date;
}

export interface MentorSyncResult {
  opened: number;
  ended: number;
}

export class MentorScopeSync {
  constructor(private readonly store: Pick<TutoringStore, "open" | "end" | "currentOfTutor">) {}

  async apply(launch: MentorLaunch): Promise<MentorSyncResult> {
    const wanted = new Set(
      launch.menteeIds.filter((id) => id !== launch.mentorId).slice(0, MAX_MENTEES_PER_LAUNCH),
    );
    const current = await this.store.currentOfTutor(launch.platformId, launch.mentorId);
    const result: MentorSyncResult = { opened: 0, ended: 0 };
    for (const relation of current) {
      if (relation.source !== "lti" || wanted.has(relation.learnerId)) continue;
      const ended = await this.store.end(launch.platformId, relation.id, {
        at: launch.at,
        by: null,
        reason: "lms",
      });
      if (ended) result.ended += 1;
    }
    const held = new Set(current.map((relation) => relation.learnerId));
    for (const learnerId of wanted) {
      if (held.has(learnerId)) continue;
      const opened = await this.store.open({
        platformId: launch.platformId,
        tutorId: launch.mentorId,
        learnerId,
        kind: "tutor",
        groupId: null,
        source: "lti",
        assignedBy: null,
        assignedIn: launch.course,
        from: launch.at,
      });
      if (opened === "opened") result.opened += 1;
    }
    return result;
  }
}
