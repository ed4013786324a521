// Waiting time and reminders: how long a learner has been waiting, which requests are overdue, and
// who gets them in the daily digest. Days are counted in the institution's time zone.
const DAY_MS = 86_400_000;

export const DIGEST_TIME_ZONE = "Europe/Paris";

/** Whole days elapsed since `since` (0 on the day of the request). */
export function waitingDays(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS));
}

/** Waiting more than N days. */
export function isOverdue(since: Date | undefined, now: Date, reminderAfterDays: number): boolean {
  return since !== undefined && waitingDays(since, now) > reminderAfterDays;
}

/** The calendar day of `now` in the digest's time zone, e.g. "2026-11-23": one digest per day. */
export function dayKey(now: Date, timeZone = DIGEST_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Whole weeks without activity (for "no activity for N weeks"). */
export function inactiveWeeks(lastActivity: Date | undefined, now: Date): number | null {
  if (!lastActivity) return null;
  return Math.floor((now.getTime() - lastActivity.getTime()) / (7 * DAY_MS));
}

export interface PendingItem {
  recordId: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  learnerId: string;
  competenceCode: string;
  requestId?: string;
  waitingSince: Date;
  assignedValidatorIds: readonly string[];
}

export interface ReminderSelection<T extends PendingItem> {
  validatorId: string;
  platformId: string;
  items: T[];
}

/**
 * Overdue items grouped by the validator to remind: the validators the learner chose, or when none
 * was chosen, everyone who teaches in the course. Oldest first.
 */
export function selectReminders<T extends PendingItem>(
  pending: readonly T[],
  options: {
    now: Date;
    reminderAfterDays: (item: T) => number;
    courseValidators: (item: T) => readonly string[];
  },
): ReminderSelection<T>[] {
  const byValidator = new Map<string, ReminderSelection<T>>();
  for (const item of pending) {
    if (!isOverdue(item.waitingSince, options.now, options.reminderAfterDays(item))) continue;
    const recipients =
      item.assignedValidatorIds.length > 0 ? item.assignedValidatorIds : options.courseValidators(item);
    for (const validatorId of recipients) {
      if (validatorId === item.learnerId) continue;
      const key = `${item.platformId} ${validatorId}`;
      const selection = byValidator.get(key) ?? { validatorId, platformId: item.platformId, items: [] };
      selection.items.push(item);
      byValidator.set(key, selection);
    }
  }
  for (const selection of byValidator.values()) {
    selection.items.sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime());
  }
  return [...byValidator.values()];
}
