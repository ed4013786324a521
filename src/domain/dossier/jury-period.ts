// A jury's period is typed as whole days; they are days of the programme's time zone, not UTC days (a
// jury "until 15 June" in Paris still reads at 23:30 on the 15th, and not at 00:30 on the 15th's eve).
// Courses have no time zone of their own yet: every programme uses the sessions' Europe/Paris.
import { ValidationError } from "../../errors.js";
import { DEFAULT_TIME_ZONE, instantOf } from "../sessions/local-time.js";

export const JURY_TIME_ZONE = DEFAULT_TIME_ZONE;

/** YYYY-MM-DD of the day after (calendar arithmetic, no time zone involved). */
function nextDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (date ?? 1) + 1)).toISOString().slice(0, 10);
}

/**
 * From the first day's midnight to the last second of the last day, in the zone. A day that does not
 * exist (2026-02-30) is refused on its field.
 */
export function juryPeriod(
  firstDay: string,
  lastDay: string,
  timeZone: string = JURY_TIME_ZONE,
): { validFrom: Date; validUntil: Date } {
  const validFrom = instantOf({ date: firstDay, time: "00:00" }, timeZone);
  const lastIsReal = instantOf({ date: lastDay, time: "00:00" }, timeZone);
  const end = lastIsReal ? instantOf({ date: nextDay(lastDay), time: "00:00" }, timeZone) : null;
  const errors: Record<string, string> = {};
  if (!validFrom) errors.validFrom = "DATE_INVALID";
  if (!end) errors.validUntil = "DATE_INVALID";
  if (!validFrom || !end) throw new ValidationError("VALIDATION_FAILED", {}, errors);
  return { validFrom, validUntil: new Date(end.getTime() - 1000) };
}
