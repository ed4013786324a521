// Dates and times of sessions and interviews as people read them, in the programme's zone.
import type { Locale } from "../../i18n/i18n.js";

export function longDate(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "fr-FR", { dateStyle: "full", timeZone }).format(
    at,
  );
}

export function clockTime(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "fr-FR", {
    timeStyle: "short",
    timeZone,
  }).format(at);
}

/** "jeudi 10 décembre 2026, 14:00–16:00" */
export function slotOf(startsAt: Date, endsAt: Date, locale: Locale, timeZone: string): string {
  return `${longDate(startsAt, locale, timeZone)}, ${clockTime(startsAt, locale, timeZone)}–${clockTime(endsAt, locale, timeZone)}`;
}
