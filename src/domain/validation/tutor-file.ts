// A learner's file for the trainers who follow them: where their competences stand, the recent
// timeline, the contact log shared by those trainers, and each trainer's private notes (confidential:
// only their author reads them — never the learner, never an export, never the LMS).
import type { Actor } from "../actor.js";
import { sameCourse } from "../course.js";
import type { Person, PeopleDirectory } from "../people/people.js";
import { found } from "../../errors.js";
import { authorize } from "../../policies/policy.js";
import { competencesPolicy } from "../../policies/validation.js";
import type { Access } from "./access.js";
import type { LearnerCourse } from "./learner-competences.js";
import type { CompetenceRecordStore, CourseScope } from "./ports.js";
import type { CompetenceRecord } from "./records.js";
import { isPending, type CompetenceState } from "./states.js";
import { invalid, launchScope } from "./use-case-steps.js";

export const MAX_NOTE_LENGTH = 4000;
export const MAX_CONTACT_NOTE_LENGTH = 280;
/** A contact logged for tomorrow is a typo, not a plan: one day of slack for time zones. */
const FUTURE_SLACK_MS = 86_400_000;

export const CONTACT_CHANNELS = [
  "meeting",
  "group_session",
  "phone",
  "video",
  "email",
  "message",
  "other",
] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export interface TutorNote {
  body: string;
  createdAt: Date;
}

export interface ContactEntry {
  authorId: string;
  /** The day of the contact (at noon UTC, so no time zone moves it to another day). */
  date: Date;
  channel: ContactChannel;
  note: string;
}

/** Who writes about which learner, in which platform, when. */
interface Authored {
  platformId: string;
  learnerId: string;
  authorId: string;
  at: Date;
}

export type NewNote = Authored & Pick<TutorNote, "body">;
export type NewContact = Authored & Omit<ContactEntry, "authorId">;

export interface TutorFileStore {
  addNote(note: NewNote): Promise<void>;
  /** Only the author's own notes: a note is a private notebook, not a shared file. */
  notesBy(platformId: string, learnerId: string, authorId: string): Promise<TutorNote[]>;
  logContact(contact: NewContact): Promise<void>;
  /** Newest first. */
  contacts(platformId: string, learnerId: string): Promise<ContactEntry[]>;
}

/** How the learner came to the course: seen in a launch, or only listed in the LMS roster. */
export interface CourseMembership {
  source: "launch" | "roster";
  lastLaunchAt?: Date;
}

export interface LearnerFile {
  learner: Person;
  course: LearnerCourse;
  /** The learner's records of the course's framework. */
  records: CompetenceRecord[];
  notes: TutorNote[];
  contacts: ContactEntry[];
  /** Requests of theirs waiting in other courses. */
  pendingElsewhere: number;
  membership: CourseMembership | null;
  now: Date;
}

export interface LearnerFilesDeps {
  access: { access(actor: Actor, scope: CourseScope, learnerId: string): Promise<Access> };
  courses: { course(actor: Actor): Promise<LearnerCourse> };
  people: Pick<PeopleDirectory, "person"> & {
    membership(scope: CourseScope, userId: string): Promise<CourseMembership | null>;
  };
  records: Pick<CompetenceRecordStore, "forLearner"> & {
    ofLearner(
      platformId: string,
      learnerId: string,
    ): Promise<{ state: CompetenceState; deploymentId: string; contextId: string }[]>;
  };
  files: TutorFileStore;
  clock: { now(): Date };
}

export class LearnerFiles {
  constructor(private readonly deps: LearnerFilesDeps) {}

  /** The file of a learner the actor follows in the launch's course; absent (404) for anyone else. */
  async file(actor: Actor, learnerId: string): Promise<LearnerFile> {
    await this.authorized(actor, learnerId, "viewFile");
    const course = await this.deps.courses.course(actor);
    const { scope, framework } = course;
    const learner = found(await this.deps.people.person(actor.platformId, learnerId));
    const [records, notes, contacts, everywhere, membership] = await Promise.all([
      framework ? this.deps.records.forLearner(scope, learnerId, framework.id) : Promise.resolve([]),
      this.deps.files.notesBy(actor.platformId, learnerId, actor.userId),
      this.deps.files.contacts(actor.platformId, learnerId),
      this.deps.records.ofLearner(actor.platformId, learnerId),
      this.deps.people.membership(scope, learnerId),
    ]);
    const pendingElsewhere = everywhere.filter(
      (record) => isPending(record.state) && !sameCourse(record, scope),
    ).length;
    return {
      learner,
      course,
      records,
      notes,
      contacts,
      pendingElsewhere,
      membership,
      now: this.deps.clock.now(),
    };
  }

  async addNote(actor: Actor, learnerId: string, body: string): Promise<void> {
    await this.authorized(actor, learnerId, "writeNote");
    const text = body.trim();
    if (text === "") throw invalid({ note: "COMMENT_REQUIRED" });
    if (text.length > MAX_NOTE_LENGTH) throw invalid({ note: "TOO_LONG" });
    await this.deps.files.addNote({
      platformId: actor.platformId,
      learnerId,
      authorId: actor.userId,
      body: text,
      at: this.deps.clock.now(),
    });
  }

  /** A contact on a day (YYYY-MM-DD), never in the future. */
  async logContact(
    actor: Actor,
    learnerId: string,
    contact: { day: string; channel: ContactChannel; note: string },
  ): Promise<void> {
    await this.authorized(actor, learnerId, "logContact");
    const note = contact.note.trim();
    if (note.length > MAX_CONTACT_NOTE_LENGTH) throw invalid({ contactNote: "TOO_LONG" });
    const date = parseDay(contact.day);
    const now = this.deps.clock.now();
    if (date.getTime() > now.getTime() + FUTURE_SLACK_MS) throw invalid({ date: "FUTURE_DATE" });
    await this.deps.files.logContact({
      platformId: actor.platformId,
      learnerId,
      authorId: actor.userId,
      date,
      channel: contact.channel,
      note,
      at: now,
    });
  }

  private async authorized(
    actor: Actor,
    learnerId: string,
    action: "viewFile" | "writeNote" | "logContact",
  ): Promise<void> {
    const access = await this.deps.access.access(actor, launchScope(actor), learnerId);
    authorize(actor, competencesPolicy, action, access);
  }
}

/** A YYYY-MM-DD day, stored at noon UTC so no time zone moves it to another day. */
export function parseDay(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw invalid({ date: "INVALID_DATE" });
  return date;
}
