// Per-course rules (default framework, single or double validation, reminder delay): configured by
// the course's teachers, read by every area.
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import type { CourseSettingsDoc, FrameworkModels } from "./models/framework-models.js";
import type { CourseScope } from "./people-repository.js";

export type CourseSettings = Omit<CourseSettingsDoc, "_id" | "updatedAt" | "updatedBy"> & {
  updatedAt?: Date;
};

export const DEFAULT_COURSE_SETTINGS = { validationsRequired: 1, reminderAfterDays: 14 } as const;

export class CourseSettingsRepository {
  constructor(
    private readonly models: Pick<FrameworkModels, "CourseSettings">,
    private readonly clock: Clock,
  ) {}

  async get(scope: CourseScope): Promise<CourseSettings> {
    const stored = await this.models.CourseSettings.findOne(scope).lean<CourseSettingsDoc>();
    return stored ?? { ...scope, ...DEFAULT_COURSE_SETTINGS };
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
    if (!updated) throw new Error("course settings upsert returned nothing");
    return updated;
  }
}
