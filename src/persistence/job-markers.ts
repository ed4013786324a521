// Markers of work done once per day (one digest per validator and day): claimed by an insert that a
// unique _id makes atomic across instances, released when the work did not happen.
import { isDuplicateKey } from "./errors.js";
import type { ValidationModels } from "./models/validation-models.js";

export interface DailyMarkers {
  /** True when this call claimed the marker; false when someone already did (today's work is done). */
  claim(id: string, job: string, day: string, now: Date): Promise<boolean>;
  /** Forgets a claim so that a later run tries again. */
  release(id: string): Promise<void>;
}

export class JobMarkerRepository implements DailyMarkers {
  constructor(private readonly models: Pick<ValidationModels, "JobRun">) {}

  async claim(id: string, job: string, day: string, now: Date): Promise<boolean> {
    try {
      await this.models.JobRun.create({ _id: id, job, day, createdAt: now });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async release(id: string): Promise<void> {
    await this.models.JobRun.deleteOne({ _id: id });
  }
}
