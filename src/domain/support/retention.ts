// Retention: a case closed for longer than the programme's period is deleted — its notes, its signals,
// its access log — leaving only a record that it existed and when it was purged. Signals never brought
// into a case go after the same period. Times come from the injected clock.
import type { Clock } from "../../clock.js";
import type { AccessLog } from "./access-log.js";
import type { CaseStore } from "./cases.js";
import type { SignalStore } from "./signals.js";

const DAY_MS = 86_400_000;
const BATCH = 100;

/** What is left of a purged case: that it existed, for whom, when it ran, when it went. */
export interface PurgeRecord {
  caseId: string;
  platformId: string;
  learnerId: string;
  openedAt: Date;
  closedAt: Date;
  purgedAt: Date;
}

export interface PurgeRecordStore {
  /** Idempotent by case id: a purge interrupted and run again keeps one record. */
  record(record: PurgeRecord): Promise<void>;
  ofLearner(platformId: string, learnerId: string): Promise<PurgeRecord[]>;
}

export interface RetentionDeps {
  cases: Pick<CaseStore, "closedBefore" | "delete">;
  signals: Pick<SignalStore, "deleteOfCase" | "deleteLooseBefore">;
  access: Pick<AccessLog, "deleteOfCase">;
  purged: PurgeRecordStore;
  clock: Clock;
}

export interface PurgeResult {
  cases: number;
  looseSignals: number;
}

export class SupportRetention {
  constructor(
    private readonly deps: RetentionDeps,
    /** Days a closed case is kept (a programme's data-protection choice). */
    private readonly retentionDays: number,
  ) {
    if (!Number.isInteger(retentionDays) || retentionDays < 1)
      throw new RangeError("retentionDays must be a positive integer");
  }

  /** The moment before which a closure is old enough to purge. */
  cutoff(): Date {
    return new Date(this.deps.clock.now().getTime() - this.retentionDays * DAY_MS);
  }

  async purge(): Promise<PurgeResult> {
    const cutoff = this.cutoff();
    let cases = 0;
    for (;;) {
      const due = await this.deps.cases.closedBefore(cutoff, BATCH);
      for (const supportCase of due) {
        if (!supportCase.closure) continue;
        // The record first: a crash midway leaves a record and some data, and the next run finishes.
        await this.deps.purged.record({
          caseId: supportCase.id,
          platformId: supportCase.platformId,
          learnerId: supportCase.learnerId,
          openedAt: supportCase.openedAt,
          closedAt: supportCase.closure.at,
          purgedAt: this.deps.clock.now(),
        });
        await this.deps.signals.deleteOfCase(supportCase.platformId, supportCase.id);
        await this.deps.access.deleteOfCase(supportCase.platformId, supportCase.id);
        await this.deps.cases.delete(supportCase.platformId, supportCase.id);
        cases += 1;
      }
      if (due.length < BATCH) break;
    }
    const looseSignals = await this.deps.signals.deleteLooseBefore(cutoff);
    return { cases, looseSignals };
  }
}
