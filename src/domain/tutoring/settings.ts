// A programme's tutoring rhythm, set by who teaches in its course: a contact every N weeks, and after how
// long silence and waiting become warning signs. A tutee in several programmes gets the strictest.
import { fieldProblem } from "../../errors.js";
import type { Clock } from "../../clock.js";
import type { CourseRef, CourseScope } from "../course.js";
import { DEFAULT_THRESHOLDS, type SignThresholds } from "./signs.js";

export const THRESHOLD_LIMITS = {
  silentAfterWeeks: { min: 1, max: 26 },
  requestWaitingDays: { min: 1, max: 90 },
  unansweredDays: { min: 1, max: 90 },
  contactEveryWeeks: { min: 1, max: 52 },
} as const;

export interface TutoringSettingsStore {
  /** The course's thresholds as saved, null when never set. */
  get(scope: CourseScope): Promise<SignThresholds | null>;
  save(scope: CourseScope, thresholds: SignThresholds, userId: string, at: Date): Promise<void>;
}

export class TutoringSettings {
  constructor(
    private readonly store: TutoringSettingsStore,
    private readonly courses: {
      coursesOf(platformId: string, userId: string, roles: readonly string[]): Promise<CourseScope[]>;
    },
    private readonly clock: Clock,
  ) {}

  async of(scope: CourseScope): Promise<SignThresholds> {
    return (await this.store.get(scope)) ?? DEFAULT_THRESHOLDS;
  }

  /** Saves the course's thresholds; a value out of range is refused on its field. */
  async save(scope: CourseScope, thresholds: SignThresholds, userId: string): Promise<void> {
    for (const field of Object.keys(THRESHOLD_LIMITS) as (keyof typeof THRESHOLD_LIMITS)[]) {
      const value = thresholds[field];
      const { min, max } = THRESHOLD_LIMITS[field];
      if (value !== null && (!Number.isInteger(value) || value < min || value > max))
        throw fieldProblem(field, "OUT_OF_RANGE", { min, max });
    }
    await this.store.save(scope, thresholds, userId, this.clock.now());
  }

  /** Each learner's thresholds: the strictest of the programmes they are a learner in (defaults when none). */
  async forLearners(platformId: string, learnerIds: readonly string[]): Promise<Map<string, SignThresholds>> {
    const byCourse = new Map<string, Promise<SignThresholds | null>>();
    const result = new Map<string, SignThresholds>();
    for (const learnerId of learnerIds) {
      const courses = await this.courses.coursesOf(platformId, learnerId, ["learner"]);
      const settings = await Promise.all(
        courses.map((course) => {
          const key = courseKey(course);
          const known = byCourse.get(key) ?? this.store.get(course);
          byCourse.set(key, known);
          return known;
        }),
      );
      result.set(learnerId, strictest(settings.filter((value): value is SignThresholds => value !== null)));
    }
    return result;
  }
}

function courseKey(course: CourseRef): string {
  return `${course.deploymentId}\u0000${course.contextId}`;
}

export function strictest(all: readonly SignThresholds[]): SignThresholds {
  if (all.length === 0) return DEFAULT_THRESHOLDS;
  const smallest = (pick: (value: SignThresholds) => number): number => Math.min(...all.map(pick));
  const rhythms = all.flatMap((value) => (value.contactEveryWeeks === null ? [] : [value.contactEveryWeeks]));
  return {
    silentAfterWeeks: smallest((value) => value.silentAfterWeeks),
    requestWaitingDays: smallest((value) => value.requestWaitingDays),
    unansweredDays: smallest((value) => value.unansweredDays),
    contactEveryWeeks: rhythms.length > 0 ? Math.min(...rhythms) : null,
  };
}
