// Per-course rules (default framework, single or double validation, reminder delay): configured by
// the course's teachers, read by every area.
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import type { CourseSettingsDoc, FrameworkModels } from "./models/framework-models.js";
import type { CourseScope } from "./people-repository.js";
import { RequestScope, type RequestMemo } from "./request-scope.js";

export type CourseSettings = Omit<CourseSettingsDoc, "_id" | "updatedAt" | "updatedBy"> & {
  updatedAt?: Date;
};

export const DEFAULT_COURSE_SETTINGS = { validationsRequired: 1, reminderAfterDays: 14 } as const;

export class CourseSettingsRepository {
  /** The stored document, read once per request: a page asks for the framework and the rules. */
  private readonly reads: RequestMemo<CourseSettingsDoc | null>;

  /** Without a request scope (tests of the repository alone) every question is a read. */
  constructor(
    private readonly models: Pick<FrameworkModels, "CourseSettings">,
    private readonly clock: Clock,
    requests: RequestScope = new RequestScope(),
  ) {
    this.reads = requests.memo();
  }

  async get(scope: CourseScope): Promise<CourseSettings> {
    return (await this.stored(scope)) ?? { ...scope, ...DEFAULT_COURSE_SETTINGS };
  }

  /** The course's settings as stored, null when its teachers never saved any (the framework reads it). */
  stored({ platformId, deploymentId, contextId }: CourseScope): Promise<CourseSettingsDoc | null> {
    return this.reads.once(`${platformId}\u0000${deploymentId}\u0000${contextId}`, () =>
      this.models.CourseSettings.findOne({ platformId, deploymentId, contextId })
        .lean<CourseSettingsDoc>()
        .exec(),
    );
  }

  async update(
    scope: CourseScope,
    changes: Partial<Omit<CourseSettings, keyof CourseScope>>,
    userId: string,
  ): Promise<CourseSettings> {
    const updated = await this.models.CourseSettings.findOneAndUpdate(
      scope,
      {
        $set: { ...changes, updatedAt: this.clock.now(), updatedBy: userId },
        $setOnInsert: {
          _id: randomUUID(),
          ...Object.fromEntries(Object.entries(DEFAULT_COURSE_SETTINGS).filter(([key]) => !(key in changes))),
        },
      },
      { upsert: true, new: true },
    ).lean<CourseSettingsDoc>();
    this.reads.forget();
    if (!updated) throw new Error("course settings upsert returned nothing");
    return updated;
  }
}
