// The warning signs the tutoring studies list, as facts a machine can check (never a judgement):
// never launched, no trace for N weeks, messages left unanswered, a request waiting N days, absent from
// a session (the first one above all), no contact for longer than the programme's rhythm.
// Silence is the signal: tutees are ordered by how long they have given no sign.

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** What Carnet knows of a tutee's recent life in it (null: never). */
export interface TuteeActivity {
  lastLaunchAt: Date | null;
  /** The last trace the tutee wrote or revised. */
  lastTraceAt: Date | null;
  /** The last validation request the tutee sent. */
  lastRequestAt: Date | null;
  lastContactAt: Date | null;
  /** Items waiting for a validator, and since when the oldest waits. */
  pendingItems: number;
  oldestWaitingAt: Date | null;
  /** The last comment someone left on the tutee's traces, and the tutee's last reply or revision. */
  lastMessageToTuteeAt: Date | null;
  lastReplyAt: Date | null;
}

/** What the sessions give the workspace (nothing until sessions exist). */
export interface TuteeSessionFacts {
  nextSessionAt: Date | null;
  missedSessions: number;
  missedFirstSession: boolean;
}

export const NO_SESSION_FACTS: TuteeSessionFacts = {
  nextSessionAt: null,
  missedSessions: 0,
  missedFirstSession: false,
};

/** The thresholds, per programme (course settings) with these defaults. */
export interface SignThresholds {
  silentAfterWeeks: number;
  requestWaitingDays: number;
  unansweredDays: number;
  /** A contact at least every N weeks; null: no target. */
  contactEveryWeeks: number | null;
}

export const DEFAULT_THRESHOLDS: SignThresholds = {
  silentAfterWeeks: 4,
  requestWaitingDays: 14,
  unansweredDays: 14,
  contactEveryWeeks: 6,
};

export type WarningSign =
  | { code: "never_launched" }
  | { code: "no_trace"; weeks: number | null }
  | { code: "unanswered"; days: number }
  | { code: "request_waiting"; days: number }
  | { code: "missed_session"; count: number; first: boolean }
  | { code: "contact_overdue"; weeks: number | null };

function weeksSince(at: Date, now: Date): number {
  return Math.floor((now.getTime() - at.getTime()) / WEEK_MS);
}

function daysSince(at: Date, now: Date): number {
  return Math.floor((now.getTime() - at.getTime()) / DAY_MS);
}

/** The signs that hold now, in the order a tutor should read them. */
export function warningSigns(
  activity: TuteeActivity,
  sessions: TuteeSessionFacts,
  thresholds: SignThresholds,
  now: Date,
  /** When the tutoring began: the contact rhythm counts from there until a first contact. */
  tutoredSince?: Date,
): WarningSign[] {
  const signs: WarningSign[] = [];
  if (!activity.lastLaunchAt) signs.push({ code: "never_launched" });
  if (sessions.missedSessions > 0)
    signs.push({
      code: "missed_session",
      count: sessions.missedSessions,
      first: sessions.missedFirstSession,
    });
  if (!activity.lastTraceAt) signs.push({ code: "no_trace", weeks: null });
  else if (weeksSince(activity.lastTraceAt, now) >= thresholds.silentAfterWeeks)
    signs.push({ code: "no_trace", weeks: weeksSince(activity.lastTraceAt, now) });
  const message = activity.lastMessageToTuteeAt;
  if (
    message &&
    (!activity.lastReplyAt || activity.lastReplyAt < message) &&
    daysSince(message, now) >= thresholds.unansweredDays
  )
    signs.push({ code: "unanswered", days: daysSince(message, now) });
  if (activity.oldestWaitingAt && daysSince(activity.oldestWaitingAt, now) >= thresholds.requestWaitingDays)
    signs.push({ code: "request_waiting", days: daysSince(activity.oldestWaitingAt, now) });
  if (contactOverdue(activity, thresholds, now, tutoredSince))
    signs.push({
      code: "contact_overdue",
      weeks: activity.lastContactAt ? weeksSince(activity.lastContactAt, now) : null,
    });
  return signs;
}

/** No contact logged within the programme's rhythm (counted from the relation's start when none yet). */
export function contactOverdue(
  activity: Pick<TuteeActivity, "lastContactAt">,
  thresholds: Pick<SignThresholds, "contactEveryWeeks">,
  now: Date,
  since?: Date,
): boolean {
  if (thresholds.contactEveryWeeks === null) return false;
  const reference = activity.lastContactAt ?? since ?? null;
  if (!reference) return true;
  return now.getTime() - reference.getTime() > thresholds.contactEveryWeeks * WEEK_MS;
}

/** The tutee's last sign of life in Carnet: a trace, a request, a contact, a reply (null: none ever). */
export function lastSignOfLife(activity: TuteeActivity): Date | null {
  const dates = [activity.lastTraceAt, activity.lastRequestAt, activity.lastContactAt, activity.lastReplyAt];
  return dates.reduce<Date | null>((latest, at) => (at && (!latest || at > latest) ? at : latest), null);
}

/** Silence first: never a sign, then the longest silence; more signs first on a tie. */
export function bySilence<T extends { lastSign: Date | null; signs: readonly unknown[]; name: string }>(
  a: T,
  b: T,
): number {
  const at = a.lastSign?.getTime() ?? Number.NEGATIVE_INFINITY;
  const bt = b.lastSign?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (at !== bt) return at < bt ? -1 : 1;
  return b.signs.length - a.signs.length || a.name.localeCompare(b.name, "fr");
}
