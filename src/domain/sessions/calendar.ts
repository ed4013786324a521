// The iCalendar (RFC 5545) invitation sent with a convocation: one VEVENT per session with a UID that
// never changes, a SEQUENCE raised on every change, METHOD:REQUEST while it holds and METHOD:CANCEL once
// cancelled (RFC 5546 iTIP), so calendar applications update or remove the event they already have.
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from "ical-generator";

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarInvitation {
  /** Stable for the session's whole life: "<session id>@<Carnet's host>". */
  uid: string;
  sequence: number;
  method: "REQUEST" | "CANCEL";
  /** When this version was issued (DTSTAMP). */
  issuedAt: Date;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  organizer: CalendarPerson;
  attendees: readonly CalendarPerson[];
}

export function invitationCalendar(invitation: CalendarInvitation): string {
  const calendar = ical({
    prodId: { company: "Carnet", product: "Carnet", language: "FR" },
    method: invitation.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: invitation.uid,
    sequence: invitation.sequence,
    stamp: invitation.issuedAt,
    start: invitation.startsAt,
    end: invitation.endsAt,
    summary: invitation.summary,
    description: invitation.description,
    location: invitation.location,
    url: invitation.url,
    status: invitation.method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: invitation.organizer.name, email: invitation.organizer.email },
    attendees: invitation.attendees.map((attendee) => ({
      name: attendee.name,
      email: attendee.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: invitation.method === "REQUEST",
    })),
  });
  return calendar.toString();
}
