// What the jury dossier shows of sessions: held group sessions with the learner's mark, completed
// interviews by number, oldest first — never a cancelled or future session, another learner's, or text.
import { expect } from "chai";
import type { GroupSession } from "../../../src/domain/sessions/group-session.js";
import type { Interview } from "../../../src/domain/sessions/interview.js";
import { attendanceRows } from "../../../src/domain/sessions/dossier-attendance.js";

const NOW = new Date("2026-12-01T09:00:00Z");

function session(id: string, startsAt: string, overrides: Partial<GroupSession> = {}): GroupSession {
  const start = new Date(startsAt);
  return {
    id,
    platformId: "p",
    groupId: "g",
    groupName: "Groupe Lestrade",
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
    report: {
      discussed: "Compte rendu du groupe",
      nextSteps: "Suite",
      writtenBy: "tutor",
      writtenAt: start,
      version: 1,
    },
    acknowledgements: [],
    createdBy: "tutor",
    createdAt: start,
    updatedAt: start,
    ...overrides,
  };
}

function interview(number: number, overrides: Partial<Interview> = {}): Interview {
  const at = new Date("2026-11-15T10:00:00Z");
  const text = { difficulties: "Confidentiel", strengths: "", traces: "", objectives: "" };
  return {
    id: `i${number}`,
    platformId: "p",
    learnerId: "lea",
    tutorId: "tutor",
    number,
    plannedAt: at,
    previousObjectives: null,
    preparation: { ...text, topics: "" },
    preparedAt: at,
    synthesis: text,
    completedAt: at,
    learnerSignedAt: null,
    tutorSignedAt: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

describe("attendanceRows", () => {
  it("lists held sessions with the learner's mark and completed interviews, oldest first", () => {
    const rows = attendanceRows(
      "lea",
      [
        session("Les RSCA", "2026-11-05T13:00:00Z", {
          attendance: [
            { learnerId: "lea", mark: "absent" },
            { learnerId: "max", mark: "present" },
          ],
        }),
        session("Prise de contact", "2026-10-15T12:00:00Z", {
          attendance: [{ learnerId: "lea", mark: "present" }],
        }),
        session("Thèse", "2026-11-20T13:00:00Z", { attendance: [{ learnerId: "lea", mark: "excused" }] }),
        session("Sans appel", "2026-11-25T13:00:00Z"),
      ],
      [interview(1)],
      NOW,
    );
    expect(rows.map((row) => [row.kind, row.title, row.mark, row.number ?? null])).to.deep.equal([
      ["group_session", "Prise de contact", "present", null],
      ["group_session", "Les RSCA", "absent", null],
      ["interview", "", "completed", 1],
      ["group_session", "Thèse", "excused", null],
      ["group_session", "Sans appel", "unrecorded", null],
    ]);
    expect(rows[0]?.group).to.equal("Groupe Lestrade");
  });

  it("leaves out cancelled and future sessions, sessions she was not convened to, and interviews not held", () => {
    const rows = attendanceRows(
      "lea",
      [
        session("Annulée", "2026-10-15T12:00:00Z", { status: "cancelled" }),
        session("À venir", "2027-01-10T13:00:00Z"),
        session("Autre groupe", "2026-10-20T12:00:00Z", { invitees: ["max"] }),
      ],
      [interview(2, { completedAt: null }), interview(3, { learnerId: "max" })],
      NOW,
    );
    expect(rows).to.deep.equal([]);
  });

  it("carries no word of what an interview or a report says", () => {
    const rows = attendanceRows("lea", [session("Séance", "2026-10-15T12:00:00Z")], [interview(1)], NOW);
    const shown = JSON.stringify(rows);
    expect(shown).to.not.contain("Confidentiel");
    expect(shown).to.not.contain("Compte rendu du groupe");
  });
});
