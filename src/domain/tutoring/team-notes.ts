// Team notes about a learner: written and read by the people who follow her — her tutors, her course's
// référent, the formateurs of her course acting from it — apart from each one's private notes. Never
// shown to the learner, never in an export, never sent to the LMS: only this module reads them, and
// only for the team (followedLearnerPolicy). A peer tutor is a fellow intern, not the team.
import type { Clock } from "../../clock.js";
import { fieldProblem, NotFoundError } from "../../errors.js";
import { abilities, authorize } from "../../policies/policy.js";
import {
  followedLearnerPolicy,
  followerRole,
  type FollowedLearner,
  type FollowerRole,
} from "../../policies/tutoring.js";
import type { Actor } from "../actor.js";
import type { CourseScope } from "../course.js";
import type { LearnerLog } from "../learner-log.js";
import type { TeachingScopes } from "../people/teaching-scopes.js";

export const MAX_TEAM_NOTE_LENGTH = 4000;
/** The most recent notes shown on the page. */
export const TEAM_NOTES_SHOWN = 200;

export interface TeamNote {
  id: string;
  platformId: string;
  learnerId: string;
  authorId: string;
  /** Plain text, shown escaped. */
  body: string;
  /** How the author followed the learner when writing (tutor, référent, formateur). */
  authorRole: FollowerRole;
  createdAt: Date;
}

export type TeamNoteStore = LearnerLog<TeamNote>;

/** What is needed to know how someone follows a learner. */
export interface FollowedLearnerDeps {
  scopes: Pick<TeachingScopes, "of">;
  courses: {
    coursesOf(platformId: string, userId: string, roles: readonly string[]): Promise<CourseScope[]>;
  };
  /** The référent a course's settings name, if any. */
  referents: { referentOf(scope: CourseScope): Promise<string | null> };
}

/** Loads how the actor follows a learner: the one input of followedLearnerPolicy. */
export async function loadFollowedLearner(
  deps: FollowedLearnerDeps,
  actor: Actor,
  learnerId: string,
): Promise<FollowedLearner> {
  const [scope, courses] = await Promise.all([
    deps.scopes.of(actor),
    deps.courses.coursesOf(actor.platformId, learnerId, ["learner"]),
  ]);
  const referents = await Promise.all(courses.map((course) => deps.referents.referentOf(course)));
  return {
    platformId: actor.platformId,
    learnerId,
    scope,
    learnerCourses: courses.map((course) => ({
      deploymentId: course.deploymentId,
      contextId: course.contextId,
    })),
    referents: referents.filter((id): id is string => id !== null && id !== learnerId),
  };
}

export interface TeamNotesDeps extends FollowedLearnerDeps {
  store: TeamNoteStore;
  clock: Clock;
  newId: () => string;
}

export interface TeamNotesPage {
  notes: TeamNote[];
  role: FollowerRole;
  can: Record<"readTeamNotes" | "writeTeamNote" | "openTutee" | "logContact", boolean>;
}

export class TeamNotes {
  constructor(private readonly deps: TeamNotesDeps) {}

  /** The learner's team notes, for a member of her team; anyone else finds nothing (404). */
  async of(actor: Actor, learnerId: string): Promise<TeamNotesPage> {
    const { target, role } = await this.allowed(actor, learnerId, "readTeamNotes");
    return {
      notes: await this.deps.store.ofLearner(actor.platformId, learnerId, TEAM_NOTES_SHOWN),
      role,
      can: abilities(actor, followedLearnerPolicy, target),
    };
  }

  /** Adds a note to the learner's team notes; an empty or over-long note is refused on its field. */
  async add(actor: Actor, learnerId: string, text: string): Promise<TeamNote> {
    const { role } = await this.allowed(actor, learnerId, "writeTeamNote");
    const body = text.trim();
    if (body === "") throw fieldProblem("body", "REQUIRED");
    if (body.length > MAX_TEAM_NOTE_LENGTH)
      throw fieldProblem("body", "TOO_LONG", { max: MAX_TEAM_NOTE_LENGTH });
    const note: TeamNote = {
      id: this.deps.newId(),
      platformId: actor.platformId,
      learnerId,
      authorId: actor.userId,
      body,
      authorRole: role,
      createdAt: this.deps.clock.now(),
    };
    await this.deps.store.append(note);
    return note;
  }

  private async allowed(
    actor: Actor,
    learnerId: string,
    action: "readTeamNotes" | "writeTeamNote",
  ): Promise<{ target: FollowedLearner; role: FollowerRole }> {
    const target = await loadFollowedLearner(this.deps, actor, learnerId);
    authorize(actor, followedLearnerPolicy, action, target);
    const role = followerRole(actor, target);
    if (!role) throw new NotFoundError("NOT_FOUND", "team notes: not followed");
    return { target, role };
  }
}
