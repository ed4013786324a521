// The workspace's session facts: next session, absences, and the first session missed.
import { expect } from "chai";
import type { GroupSession } from "../../../src/domain/sessions/group-session.js";
import { sessionFactsOf } from "../../../src/domain/sessions/session-facts.js";

const NOW = new Date("2026-12-01T09:00:00Z");

function session(id: string, startsAt: string, overrides: Partial<GroupSession> = {}): GroupSession {
  const start = new Date(startsAt);
  return {
    id,
    platformId: "p",
    groupId: "g",
    groupName: "Groupe",
    tutorId: "tutor",
    deploymentId: "d1",
    contextId: "c1",
    number: 1,
    title: id,
    startsAt: start,
    endsAt: new Date(start.getTime() + 3_600_000),
    place: "Salle",
    videoUrl: null,
    agenda: [],
    invitees: ["lea", "max"],
    status: "scheduled",
    sequence: 0,
    attendance: [],
    report: null,
    acknowledgements: [],
    createdBy: "tutor",
    createdAt: start,
    updatedAt: start,
    ...overrides,
  };
}

describe("sessionFactsOf", () => {
  it("counts absences (not excused ones), flags the first session missed, and finds the next one", () => {
    const facts = sessionFactsOf(
      [
        session("third", "2027-01-10T13:00:00Z"),
        session("first", "2026-10-01T13:00:00Z", {
          attendance: [
            { learnerId: "lea", mark: "absent" },
            { learnerId: "max", mark: "excused" },
          ],
        }),
        session("second", "2026-11-01T13:00:00Z", {
          attendance: [
            { learnerId: "lea", mark: "present" },
            { learnerId: "max", mark: "absent" },
          ],
        }),
        session("cancelled", "2026-12-05T13:00:00Z", { status: "cancelled" }),
      ],
      ["lea", "max", "zoe"],
      NOW,
    );
    expect(facts.get("lea")).to.deep.equal({
      nextSessionAt: new Date("2027-01-10T13:00:00Z"),
      missedSessions: 1,
      missedFirstSession: true,
    });
    expect(facts.get("max")).to.deep.equal({
      nextSessionAt: new Date("2027-01-10T13:00:00Z"),
      missedSessions: 1,
      missedFirstSession: false,
    });
    expect(facts.get("zoe")).to.deep.equal({
      nextSessionAt: null,
      missedSessions: 0,
      missedFirstSession: false,
    });
  });
});
