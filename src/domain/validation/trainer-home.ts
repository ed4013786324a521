// What the trainers' home shows of a course: its learners (the LMS roster included, refreshed at most
// hourly), the queue at a glance, and who needs attention — a request overdue, never launched, or
// silent for weeks (silence is a signal), most urgent first.
import type { Actor } from "../actor.js";
import type { CourseScope } from "../course.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import type { CourseMember } from "../people/people.js";
import type { CourseRulesReader } from "./ports.js";
import type { QueueOverview, ValidationQueue } from "./queue.js";
import type { CompetenceSummaries, SummaryRow } from "./summary-row.js";
import { inactiveWeeks, isOverdue, waitingDays } from "./waiting.js";

/** After this many weeks without activity a learner is listed on the trainers' home. */
export const ATTENTION_INACTIVE_WEEKS = 3;
const ROSTER_MAX_AGE_MS = 3600_000;

export interface AttentionEntry {
  learner: CourseMember;
  /** Days the learner's oldest overdue request has waited. */
  overdueDays?: number;
  neverLaunched: boolean;
  /** Whole weeks without activity, when that is a reason (null: no activity ever). */
  quietWeeks?: number | null;
}

export interface TrainerHomeView {
  /** The course's learners, by name. */
  learners: CourseMember[];
  queue: QueueOverview;
  /** Most urgent first. */
  attention: AttentionEntry[];
  /** The course's setup, shown to who teaches until a framework is chosen (learners wait for it). */
  setup: CourseSetup;
}

export interface CourseSetup {
  frameworkChosen: boolean;
  /** The rules in force (the defaults until someone changes them), to say what applies already. */
  validationsRequired: number;
  reminderAfterDays: number;
}

export interface TrainerHomeDeps {
  queue: Pick<ValidationQueue, "overview">;
  roster: { refreshIfStale(scope: CourseScope, maxAgeMs: number): Promise<unknown> };
  people: { members(scope: CourseScope, role?: string): Promise<CourseMember[]> };
  frameworks: {
    forPlacement(ref: CourseScope & { resourceLinkId: string | null }): Promise<StoredFramework | null>;
  };
  summaries: Pick<CompetenceSummaries, "rows">;
  rules: CourseRulesReader;
  clock: { now(): Date };
}

export class TrainerHome {
  constructor(private readonly deps: TrainerHomeDeps) {}

  async forCourse(actor: Actor, scope: CourseScope): Promise<TrainerHomeView> {
    // Learners who never launched come from the LMS roster (NRPS).
    await this.deps.roster.refreshIfStale(scope, ROSTER_MAX_AGE_MS);
    const [members, framework, rules, queue] = await Promise.all([
      this.deps.people.members(scope, "learner"),
      this.deps.frameworks.forPlacement({ ...scope, resourceLinkId: actor.resourceLinkId }),
      this.deps.rules.get(scope),
      this.deps.queue.overview(actor),
    ]);
    const rows = framework ? await this.deps.summaries.rows(scope, framework.id) : [];
    const now = this.deps.clock.now();
    const byLearner = new Map(rows.map((row) => [row.learnerId, row]));
    const attention = members
      .filter((member) => !member.roles.includes("teacher") && member.id !== actor.userId)
      .map((member) => attentionOf(member, byLearner.get(member.id), now, rules.reminderAfterDays))
      .filter((entry): entry is AttentionEntry & { weight: number } => entry !== null)
      .sort((a, b) => b.weight - a.weight)
      .map(({ weight: _weight, ...entry }) => entry);
    const setup = {
      frameworkChosen: framework !== null,
      validationsRequired: rules.validationsRequired,
      reminderAfterDays: rules.reminderAfterDays,
    };
    return { learners: members, queue, attention, setup };
  }
}

/** A usable date: stored data may lack one (a pending record written without `waitingSince`). */
function isDate(value: Date | null | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function attentionOf(
  member: CourseMember,
  row: SummaryRow | undefined,
  now: Date,
  reminderAfterDays: number,
): (AttentionEntry & { weight: number }) | null {
  const activity = [member.lastLaunchAt, row?.learnerActivityAt].reduce<Date | undefined>(
    (max, at) => (at && (!max || at > max) ? at : max),
    undefined,
  );
  const weeks = inactiveWeeks(activity, now);
  const oldest = row?.oldestWaiting;
  const overdueDays =
    isDate(oldest) && isOverdue(oldest, now, reminderAfterDays) ? waitingDays(oldest, now) : undefined;
  const neverLaunched = member.source === "roster" && !member.lastLaunchAt;
  const quiet = !neverLaunched && (weeks === null || weeks >= ATTENTION_INACTIVE_WEEKS);
  if (overdueDays === undefined && !neverLaunched && !quiet) return null;
  return {
    learner: member,
    ...(overdueDays !== undefined ? { overdueDays } : {}),
    neverLaunched,
    ...(quiet ? { quietWeeks: weeks } : {}),
    weight: (overdueDays ?? 0) * 10 + (weeks ?? 52),
  };
}
