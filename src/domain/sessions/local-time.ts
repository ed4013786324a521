// Wall-clock dates and times of a programme's time zone ↔ instants: people type "10/12 at 14:00 in
// Tours", Carnet stores the instant and the calendar invitation carries it in UTC.

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;

export const DEFAULT_TIME_ZONE = "Europe/Paris";

export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, 24 h */
  time: string;
}

/** The zone's offset from UTC at an instant, in milliseconds (Paris in winter: +3 600 000). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const value = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    value("year"),
    value("month") - 1,
    value("day"),
    value("hour"),
    value("minute"),
    value("second"),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock date and time of the zone denote, or null when the text is not a real date
 * or time. (A time inside the hour skipped or repeated by a change of time gets one of its readings.)
 */
export function instantOf(local: LocalDateTime, timeZone: string = DEFAULT_TIME_ZONE): Date | null {
  const day = LOCAL_DATE.exec(local.date);
  const clock = LOCAL_TIME.exec(local.time);
  if (!day || !clock) return null;
  const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
  const [hour, minute] = [Number(clock[1]), Number(clock[2])];
  if (hour > 23 || minute > 59) return null;
  const naive = Date.UTC(year, month - 1, date, hour, minute);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date)
    return null;
  // Two passes: the offset at the guessed instant, then at the corrected one (around a change of time).
  const first = naive - offsetAt(naive, timeZone);
  return new Date(naive - offsetAt(first, timeZone));
}

/** The wall-clock date and time of an instant in the zone. */
export function localOf(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalDateTime {
  const shifted = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone));
  const iso = shifted.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}
