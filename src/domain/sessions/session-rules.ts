// What makes a group session plan acceptable: a real date and time in the future, a sensible duration,
// a place or a video link, bounded texts; and no tutee (nor the tutor) already expected elsewhere then.
import { ValidationError } from "../../errors.js";
import { agendaItems, AGENDA_LIMITS } from "./agenda-templates.js";
import type { SessionPlan } from "./group-session.js";
import { instantOf } from "./local-time.js";

export const SESSION_LIMITS = {
  title: 120,
  place: 200,
  videoUrl: 500,
  minMinutes: 15,
  maxMinutes: 480,
  report: 5000,
} as const;

/** The plan as typed in the form (already bounded and typed by the route's schema). */
export interface SessionPlanInput {
  title: string;
  date: string;
  time: string;
  durationMinutes: number;
  place: string;
  videoUrl: string;
  agenda: string;
}

function videoLinkProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "NOT_A_LINK";
  }
  return url.protocol === "https:" || url.protocol === "http:" ? null : "NOT_A_LINK";
}

/** The plan, or a ValidationError naming each field that is wrong (nothing is saved then). */
export function checkedPlan(input: SessionPlanInput, now: Date, timeZone: string): SessionPlan {
  const fields: Record<string, string> = {};
  const title = input.title.trim();
  if (title === "") fields.title = "TITLE_REQUIRED";
  else if (title.length > SESSION_LIMITS.title) fields.title = "TOO_LONG";
  const date = input.date.trim();
  const startsAt = instantOf({ date, time: input.time.trim() }, timeZone);
  // Which field is wrong: the date when it is no date at all (whatever the time), else the time.
  if (!startsAt) fields[instantOf({ date, time: "12:00" }, timeZone) ? "time" : "date"] = "DATE_INVALID";
  else if (startsAt.getTime() <= now.getTime()) fields.date = "IN_PAST";
  const minutes = input.durationMinutes;
  if (
    !Number.isInteger(minutes) ||
    minutes < SESSION_LIMITS.minMinutes ||
    minutes > SESSION_LIMITS.maxMinutes
  )
    fields.durationMinutes = "DURATION_RANGE";
  const place = input.place.trim();
  const videoUrl = input.videoUrl.trim();
  if (place.length > SESSION_LIMITS.place) fields.place = "TOO_LONG";
  if (videoUrl.length > SESSION_LIMITS.videoUrl) fields.videoUrl = "TOO_LONG";
  else if (videoUrl !== "") {
    const problem = videoLinkProblem(videoUrl);
    if (problem) fields.videoUrl = problem;
  }
  if (place === "" && videoUrl === "") fields.place = "PLACE_OR_LINK";
  const agenda = agendaItems(input.agenda);
  if (agenda.length > AGENDA_LIMITS.items) fields.agenda = "TOO_MANY_ITEMS";
  else if (agenda.some((item) => item.length > AGENDA_LIMITS.item)) fields.agenda = "ITEM_TOO_LONG";
  if (Object.keys(fields).length > 0 || !startsAt)
    throw new ValidationError("VALIDATION_FAILED", { ...SESSION_LIMITS, ...AGENDA_LIMITS }, fields);
  return {
    title,
    startsAt,
    endsAt: new Date(startsAt.getTime() + minutes * 60_000),
    place: place === "" ? null : place,
    videoUrl: videoUrl === "" ? null : videoUrl,
    agenda,
  };
}

/** A session someone is already expected at. */
export interface BusySlot {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** Its tutor and its invitees. */
  people: readonly string[];
}

export interface Clash {
  personId: string;
  slot: BusySlot;
}

/** Who among `people` is already expected at another session overlapping [startsAt, endsAt). */
export function clashesOf(
  plan: Pick<SessionPlan, "startsAt" | "endsAt">,
  people: readonly string[],
  busy: readonly BusySlot[],
  except?: string,
): Clash[] {
  const clashes: Clash[] = [];
  for (const slot of busy) {
    if (slot.id === except) continue;
    if (!(slot.startsAt < plan.endsAt && plan.startsAt < slot.endsAt)) continue;
    for (const personId of people) {
      if (slot.people.includes(personId) && !clashes.some((clash) => clash.personId === personId))
        clashes.push({ personId, slot });
    }
  }
  return clashes;
}
