// The convocation's iCalendar as calendar applications read it (RFC 5545 / RFC 5546).
import { expect } from "chai";
import { invitationCalendar, type CalendarInvitation } from "../../../src/domain/sessions/calendar.js";

function invitation(overrides: Partial<CalendarInvitation> = {}): CalendarInvitation {
  return {
    uid: "session-42@carnet.example",
    sequence: 0,
    method: "REQUEST",
    issuedAt: new Date("2026-12-01T09:00:00Z"),
    startsAt: new Date("2026-12-10T13:00:00Z"),
    endsAt: new Date("2026-12-10T15:00:00Z"),
    summary: "Séance 1, groupe Lestrade; prise de contact",
    description: "Prise de contact\nComment se passent les stages",
    location: "Faculté de médecine, salle 2",
    url: null,
    organizer: { name: "Dr Anne Martin", email: "anne.martin@example.org" },
    attendees: [{ name: "Léa Interne", email: "lea@example.org" }],
    ...overrides,
  };
}

/** Unfolds continuation lines (RFC 5545 §3.1) so properties can be read whole. */
function lines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, "").split("\r\n");
}

describe("invitationCalendar", () => {
  it("writes a METHOD:REQUEST calendar with the session's stable UID, sequence and UTC times", () => {
    const text = invitationCalendar(invitation());
    const all = lines(text);
    expect(text).to.match(/^BEGIN:VCALENDAR\r\n/);
    expect(all).to.include("METHOD:REQUEST");
    expect(all).to.include("UID:session-42@carnet.example");
    expect(all).to.include("SEQUENCE:0");
    expect(all).to.include("DTSTART:20261210T130000Z");
    expect(all).to.include("DTEND:20261210T150000Z");
    expect(all).to.include("DTSTAMP:20261201T090000Z");
    expect(all).to.include("STATUS:CONFIRMED");
    expect(
      all.some((line) => line.startsWith("ORGANIZER") && line.endsWith(":mailto:anne.martin@example.org")),
    ).to.be.true;
    const attendee = all.find((line) => line.startsWith("ATTENDEE"));
    expect(attendee).to.match(/RSVP=TRUE/);
    expect(attendee?.toLowerCase()).to.match(/:mailto:lea@example\.org$/);
  });

  it("escapes commas, semicolons and line breaks of typed text", () => {
    const all = lines(invitationCalendar(invitation()));
    expect(all).to.include("SUMMARY:Séance 1\\, groupe Lestrade\\; prise de contact");
    expect(all).to.include("DESCRIPTION:Prise de contact\\nComment se passent les stages");
    expect(all).to.include("LOCATION:Faculté de médecine\\, salle 2");
  });

  it("cancels with METHOD:CANCEL, the same UID, a higher sequence and STATUS:CANCELLED", () => {
    const all = lines(invitationCalendar(invitation({ method: "CANCEL", sequence: 2 })));
    expect(all).to.include("METHOD:CANCEL");
    expect(all).to.include("UID:session-42@carnet.example");
    expect(all).to.include("SEQUENCE:2");
    expect(all).to.include("STATUS:CANCELLED");
    expect(all.find((line) => line.startsWith("ATTENDEE"))).not.to.match(/RSVP=TRUE/);
  });

  it("carries a video link as the event's URL and leaves LOCATION out when there is no place", () => {
    const all = lines(invitationCalendar(invitation({ location: null, url: "https://visio.example/abc" })));
    expect(all).to.include("URL;VALUE=URI:https://visio.example/abc");
    expect(all.some((line) => line.startsWith("LOCATION"))).to.be.false;
  });

  it("folds long lines at 75 octets as the RFC requires", () => {
    const text = invitationCalendar(invitation({ description: "x".repeat(400) }));
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).to.be.at.most(75);
  });
});
