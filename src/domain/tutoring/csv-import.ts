// Importing tutors from a file: a dry run first (who becomes whose tutor, in which group, and every
// problem named by its line), then the import itself, which re-checks everything and writes nothing
// while a single problem remains.
import { assignmentNotices } from "./assignment-notices.js";
import type { Clock } from "../../clock.js";
import { fieldProblem, NotFoundError } from "../../errors.js";
import { can } from "../../policies/policy.js";
import { appointmentPolicy } from "../../policies/tutoring.js";
import type { Actor } from "../actor.js";
import type { CourseRef } from "../course.js";
import { displayName, type Person } from "../people/people.js";
import type { NewNotification, NotificationSink } from "../validation/ports.js";
import type { TutorAppointments } from "./appointments.js";
import { MAX_GROUP_NAME } from "./groups.js";
import type { TutoringGroup, TutoringKind, TutoringRelation, TutoringStore } from "./relations.js";
import { MAX_IMPORT_CHARS, readTutorCsv, type ImportProblem, type TutorCsvRow } from "./tutor-csv.js";

/** Finds people by what a file names them with: their e-mail or their LMS user id. */
export interface PersonLookup {
  /** Every person each key may designate (the key as given → matches). */
  byLogins(platformId: string, keys: readonly string[]): Promise<Map<string, Person[]>>;
}

/** A pasted file waiting for its import to be confirmed (kept a day, for its author only). */
export interface ImportDraft {
  id: string;
  platformId: string;
  course: CourseRef;
  userId: string;
  text: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface ImportDrafts {
  save(draft: ImportDraft): Promise<void>;
  /** The author's draft made from this course, if it has not expired. */
  find(
    platformId: string,
    id: string,
    userId: string,
    course: CourseRef,
    now: Date,
  ): Promise<ImportDraft | null>;
  remove(platformId: string, id: string): Promise<void>;
}

export const DRAFT_LIFETIME_MS = 24 * 3600_000;

export type RowOutcome = "new" | "unchanged" | "regrouped";

export interface PlannedRow {
  line: number;
  tutor: { id: string; name: string };
  learner: { id: string; name: string };
  kind: TutoringKind;
  group: string | null;
  outcome: RowOutcome;
}

export interface ImportPlan {
  rows: PlannedRow[];
  problems: ImportProblem[];
  /** Groups the import would create. */
  newGroups: string[];
}

export interface CsvImportDeps {
  store: TutoringStore;
  drafts: ImportDrafts;
  newId: () => string;
  lookup: PersonLookup;
  appointments: Pick<TutorAppointments, "target">;
  notifications: NotificationSink;
  clock: Clock;
}

type Resolved = { row: TutorCsvRow; tutor: Person; learner: Person };

export class TutorCsvImport {
  constructor(private readonly deps: CsvImportDeps) {}

  /** Keeps the pasted file for its dry run; an empty or over-long text is refused on its field. */
  async draft(actor: Actor, course: CourseRef, text: string): Promise<string> {
    if (text.trim() === "") throw fieldProblem("csv", "REQUIRED");
    if (text.length > MAX_IMPORT_CHARS) throw fieldProblem("csv", "TOO_LONG");
    const now = this.deps.clock.now();
    const id = this.deps.newId();
    await this.deps.drafts.save({
      id,
      platformId: actor.platformId,
      course,
      userId: actor.userId,
      text,
      createdAt: now,
      expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_MS),
    });
    return id;
  }

  /** The author's draft (404 for anyone else, another course, or once expired or imported). */
  async findDraft(actor: Actor, course: CourseRef, draftId: string): Promise<ImportDraft> {
    const draft = await this.deps.drafts.find(
      actor.platformId,
      draftId,
      actor.userId,
      course,
      this.deps.clock.now(),
    );
    if (!draft) throw new NotFoundError("NOT_FOUND", "no such import draft");
    return draft;
  }

  /** Imports the draft if it has no problem (and forgets it); otherwise writes nothing. */
  async applyDraft(
    actor: Actor,
    course: CourseRef,
    draftId: string,
  ): Promise<ImportPlan & { applied: boolean }> {
    const draft = await this.findDraft(actor, course, draftId);
    const result = await this.apply(actor, course, draft.text);
    if (result.applied) await this.deps.drafts.remove(actor.platformId, draft.id);
    return result;
  }

  /** The dry run: what the file would do from this course, and what stops it. */
  async plan(actor: Actor, course: CourseRef, text: string): Promise<ImportPlan> {
    const csv = readTutorCsv(text);
    const problems = [...csv.problems];
    const resolved = await this.resolve(actor, csv.rows, problems);
    const kept = this.withoutRepeats(resolved, problems);
    const groups = await this.deps.store.groupsIn(actor.platformId, course);
    const newGroups = this.checkGroups(kept, groups, problems);
    const current = await this.deps.store.currentOfLearners(
      actor.platformId,
      kept.map(({ learner }) => learner.id),
    );
    const rows = kept.map((entry) => planned(entry, current, groups));
    problems.sort((a, b) => a.line - b.line);
    return { rows, problems, newGroups };
  }

  /** Imports, if the file still has no problem; otherwise returns the plan and writes nothing. */
  async apply(actor: Actor, course: CourseRef, text: string): Promise<ImportPlan & { applied: boolean }> {
    const plan = await this.plan(actor, course, text);
    if (plan.problems.length > 0 || plan.rows.length === 0) return { ...plan, applied: false };
    const now = this.deps.clock.now();
    const groupIds = await this.groupIds(actor, course, plan, now);
    const current = await this.deps.store.currentOfLearners(
      actor.platformId,
      plan.rows.map((row) => row.learner.id),
    );
    const opened = new Map<string, string[]>();
    for (const row of plan.rows) {
      const groupId = row.group ? (groupIds.get(row.group.toLowerCase()) ?? null) : null;
      const existing = current.find(
        (relation) => relation.learnerId === row.learner.id && relation.tutorId === row.tutor.id,
      );
      if (existing) {
        if (groupId && existing.groupId !== groupId)
          await this.deps.store.setGroup(actor.platformId, existing.id, groupId);
        continue;
      }
      const result = await this.deps.store.open({
        platformId: actor.platformId,
        tutorId: row.tutor.id,
        learnerId: row.learner.id,
        kind: row.kind,
        groupId,
        source: "import",
        assignedBy: actor.userId,
        assignedIn: course,
        from: now,
      });
      if (result === "opened")
        opened.set(row.tutor.id, [...(opened.get(row.tutor.id) ?? []), row.learner.id]);
    }
    await this.deps.notifications.notify(notices(actor, course, opened), now);
    return { ...plan, applied: true };
  }

  private async resolve(actor: Actor, rows: TutorCsvRow[], problems: ImportProblem[]): Promise<Resolved[]> {
    const keys = [...new Set(rows.flatMap((row) => [row.tutor, row.learner]))];
    const found = await this.deps.lookup.byLogins(actor.platformId, keys);
    const one = (row: TutorCsvRow, key: string, role: "tutor" | "learner"): Person | null => {
      const matches = found.get(key) ?? [];
      if (matches.length === 1) return matches[0] ?? null;
      problems.push({
        line: row.line,
        code: matches.length === 0 ? "UNKNOWN_PERSON" : "AMBIGUOUS_PERSON",
        params: { value: key, role },
      });
      return null;
    };
    const resolved: Resolved[] = [];
    const appointable = new Map<string, boolean>();
    for (const row of rows) {
      const tutor = one(row, row.tutor, "tutor");
      const learner = one(row, row.learner, "learner");
      if (!tutor || !learner) continue;
      if (tutor.id === learner.id) {
        problems.push({ line: row.line, code: "SELF_TUTOR", params: { name: displayName(learner) } });
        continue;
      }
      if (!appointable.has(learner.id)) {
        const target = await this.deps.appointments.target(actor.platformId, learner.id);
        appointable.set(learner.id, can(actor, appointmentPolicy, "appoint", target));
      }
      if (!appointable.get(learner.id)) {
        problems.push({ line: row.line, code: "NOT_IN_COURSE", params: { name: displayName(learner) } });
        continue;
      }
      resolved.push({ row, tutor, learner });
    }
    return resolved;
  }

  /** The same pair twice, or a tutee given two tutors of the same kind by one file. */
  private withoutRepeats(resolved: Resolved[], problems: ImportProblem[]): Resolved[] {
    const kept: Resolved[] = [];
    for (const entry of resolved) {
      const same = kept.find(
        (other) => other.learner.id === entry.learner.id && other.row.kind === entry.row.kind,
      );
      if (!same) {
        kept.push(entry);
        continue;
      }
      const duplicate = same.tutor.id === entry.tutor.id;
      problems.push({
        line: entry.row.line,
        code: duplicate ? "DUPLICATE_ROW" : "ASSIGNED_TWICE",
        params: { first: same.row.line, name: displayName(entry.learner) },
      });
    }
    return kept;
  }

  /** A group belongs to one tutor: an existing group keeps its tutor; a new one gets the first row's. */
  private checkGroups(kept: Resolved[], groups: TutoringGroup[], problems: ImportProblem[]): string[] {
    const tutorOf = new Map<string, { tutorId: string; line: number }>();
    for (const group of groups) tutorOf.set(group.name.toLowerCase(), { tutorId: group.tutorId, line: 0 });
    const created: string[] = [];
    for (const { row, tutor } of kept) {
      if (!row.group) continue;
      if (row.group.length > MAX_GROUP_NAME) {
        problems.push({ line: row.line, code: "GROUP_NAME_TOO_LONG", params: { max: MAX_GROUP_NAME } });
        continue;
      }
      const key = row.group.toLowerCase();
      const owner = tutorOf.get(key);
      if (!owner) {
        tutorOf.set(key, { tutorId: tutor.id, line: row.line });
        created.push(row.group);
      } else if (owner.tutorId !== tutor.id) {
        problems.push({ line: row.line, code: "GROUP_OTHER_TUTOR", params: { group: row.group } });
      }
    }
    return created;
  }

  private async groupIds(
    actor: Actor,
    course: CourseRef,
    plan: ImportPlan,
    now: Date,
  ): Promise<Map<string, string>> {
    const ids = new Map(
      (await this.deps.store.groupsIn(actor.platformId, course)).map((group) => [
        group.name.toLowerCase(),
        group.id,
      ]),
    );
    for (const name of plan.newGroups) {
      const row = plan.rows.find((candidate) => candidate.group?.toLowerCase() === name.toLowerCase());
      if (!row || ids.has(name.toLowerCase())) continue;
      const group = await this.deps.store.createGroup({
        platformId: actor.platformId,
        name,
        tutorId: row.tutor.id,
        kind: row.kind,
        createdIn: course,
        createdBy: actor.userId,
        createdAt: now,
      });
      ids.set(name.toLowerCase(), group.id);
    }
    return ids;
  }
}

function planned(entry: Resolved, current: TutoringRelation[], groups: TutoringGroup[]): PlannedRow {
  const { row, tutor, learner } = entry;
  const existing = current.find(
    (relation) => relation.learnerId === learner.id && relation.tutorId === tutor.id,
  );
  const groupId = groups.find((group) => group.name.toLowerCase() === row.group?.toLowerCase())?.id ?? null;
  const outcome: RowOutcome = !existing
    ? "new"
    : row.group && existing.groupId !== groupId
      ? "regrouped"
      : "unchanged";
  return {
    line: row.line,
    tutor: { id: tutor.id, name: displayName(tutor) },
    learner: { id: learner.id, name: displayName(learner) },
    kind: row.kind,
    group: row.group,
    outcome,
  };
}

function notices(actor: Actor, course: CourseRef, opened: Map<string, string[]>): NewNotification[] {
  const where = { deploymentId: course.deploymentId, contextId: course.contextId };
  return [...opened].flatMap(([tutorId, learnerIds]) =>
    assignmentNotices(actor.platformId, tutorId, learnerIds, where),
  );
}
