// Tutoring as a relation of its own: who tutors whom on a platform, since when, until when, made by whom
// and how (Carnet, a CSV import, the LMS's Mentor role), so that reassigning keeps the past.
import type { CourseRef } from "../course.js";

/** A tutor follows, reads, comments and validates; a peer tutor (a senior intern) reads and comments only. */
export const TUTORING_KINDS = ["tutor", "peer"] as const;
export type TutoringKind = (typeof TUTORING_KINDS)[number];

/** Where a relation comes from: a person in Carnet, an imported file, or the LMS (role_scope_mentor). */
export const RELATION_SOURCES = ["carnet", "import", "lti"] as const;
export type RelationSource = (typeof RELATION_SOURCES)[number];

/** Why a relation ended: the history says it in plain words. */
export const END_REASONS = ["reassigned", "ended", "group_removed", "lms"] as const;
export type EndReason = (typeof END_REASONS)[number];

export interface TutoringRelation {
  id: string;
  platformId: string;
  tutorId: string;
  learnerId: string;
  kind: TutoringKind;
  /** The tutoring group the relation was made through, if any. */
  groupId: string | null;
  source: RelationSource;
  /** Who appointed the tutor (null when the LMS did). */
  assignedBy: string | null;
  /** The course the appointment was made from; it spans the platform's courses once made. */
  assignedIn: CourseRef | null;
  from: Date;
  /** null while the relation holds. */
  to: Date | null;
  endedBy: string | null;
  endReason: EndReason | null;
}

/** A tutoring group (about 4–6 learners with the same tutor), made by a teacher of a course. */
export interface TutoringGroup {
  id: string;
  platformId: string;
  name: string;
  tutorId: string;
  /** A group of a tutor or of a peer tutor: its members' relations are of that kind. */
  kind: TutoringKind;
  createdIn: CourseRef;
  createdBy: string;
  createdAt: Date;
  /** Removed groups stay in the history of the relations made through them. */
  removedAt: Date | null;
}

export type NewRelation = Omit<TutoringRelation, "id" | "to" | "endedBy" | "endReason">;

export interface RelationEnd {
  at: Date;
  by: string | null;
  reason: EndReason;
}

/** What the tutoring area stores; persistence implements it. Every call is scoped by platform. */
export interface TutoringStore {
  /** Opens the relation; "already" when the same tutor already holds one of the same kind. */
  open(relation: NewRelation): Promise<"opened" | "already">;
  /** Ends a relation that still holds; false when it had already ended (or does not exist). */
  end(platformId: string, relationId: string, end: RelationEnd): Promise<boolean>;
  relation(platformId: string, relationId: string): Promise<TutoringRelation | null>;
  /** Relations that hold now for these learners, oldest first. */
  currentOfLearners(platformId: string, learnerIds: readonly string[]): Promise<TutoringRelation[]>;
  /** Relations that hold now where the person tutors. */
  currentOfTutor(platformId: string, tutorId: string): Promise<TutoringRelation[]>;
  /** Relations that hold now where the person tutors or is tutored, oldest first. */
  currentOfPerson(platformId: string, personId: string): Promise<PersonRelations>;
  /** Every relation a learner had, newest first (the history the learner and their leads see). */
  historyOfLearner(platformId: string, learnerId: string): Promise<TutoringRelation[]>;
  /** Moves a holding relation into a group (or out of one, with null). */
  setGroup(platformId: string, relationId: string, groupId: string | null): Promise<void>;

  createGroup(group: Omit<TutoringGroup, "id" | "removedAt">): Promise<TutoringGroup>;
  group(platformId: string, groupId: string): Promise<TutoringGroup | null>;
  /** The course's groups that were not removed, by name. */
  groupsIn(platformId: string, course: CourseRef): Promise<TutoringGroup[]>;
  groupsById(platformId: string, groupIds: readonly string[]): Promise<TutoringGroup[]>;
  removeGroup(platformId: string, groupId: string, at: Date): Promise<boolean>;
}

/** A person's current relations, seen from both ends (a senior intern may be both tutor and tutee). */
export interface PersonRelations {
  asTutor: TutoringRelation[];
  asLearner: TutoringRelation[];
}

export function holds(relation: Pick<TutoringRelation, "to">): boolean {
  return relation.to === null;
}

/** A tutor's current tutees, split by kind: whom they validate, whom they accompany as a peer. */
export interface Tutorships {
  tutees: string[];
  peerTutees: string[];
}

export function tutorshipsOf(relations: readonly TutoringRelation[]): Tutorships {
  const current = relations.filter(holds);
  const unique = (kind: TutoringKind): string[] => [
    ...new Set(current.filter((relation) => relation.kind === kind).map((relation) => relation.learnerId)),
  ];
  return { tutees: unique("tutor"), peerTutees: unique("peer") };
}
