// LearnerFiles: only who follows the learner writes in their file; notes and contacts are checked
// before anything is stored (a day that exists, never in the future, bounded text).
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import type { Access } from "../../../src/domain/validation/access.js";
import {
  LearnerFiles,
  MAX_NOTE_LENGTH,
  parseDay,
  type NewContact,
  type NewNote,
} from "../../../src/domain/validation/tutor-file.js";
import { AppError, NotFoundError, ValidationError } from "../../../src/errors.js";
import { actingRoles, displayRole } from "../../../src/policies/validation.js";

const scope = { platformId: "p", deploymentId: "d", contextId: "c" };

function actor(userId: string, roles: CarnetRole[]): Actor {
  return { ...scope, resourceLinkId: null, userId, roles, launchId: "launch-0123456789" };
}

function build(teachers: string[]): { files: LearnerFiles; notes: NewNote[]; contacts: NewContact[] } {
  const notes: NewNote[] = [];
  const contacts: NewContact[] = [];
  const access = async (who: Actor, _scope: unknown, learnerId: string): Promise<Access> => {
    const facts = {
      actorId: who.userId,
      learnerId,
      teachesInCourse: teachers.includes(who.userId),
      tutorOfLearner: false,
    };
    return { facts, roles: actingRoles(facts), displayRole: displayRole(facts) };
  };
  const files = new LearnerFiles({
    access: { access },
    courses: {
      course: async () => ({
        scope,
        framework: null,
        rules: { validationsRequired: 1, reminderAfterDays: 14 },
      }),
    },
    people: { person: async () => null, membership: async () => null },
    records: { forLearner: async () => [], ofLearner: async () => [] },
    files: {
      addNote: async (note) => void notes.push(note),
      notesBy: async () => [],
      logContact: async (contact) => void contacts.push(contact),
      contacts: async () => [],
    },
    clock: new ManualClock(new Date("2026-03-10T09:00:00Z")),
  });
  return { files, notes, contacts };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("not refused");
}

/** The fields a form refusal names. */
async function fieldsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await refusal(promise);
  if (!(error instanceof ValidationError)) throw error;
  return error.fields;
}

describe("LearnerFiles", () => {
  const fanny = actor("fanny", ["teacher"]);

  it("stores a trainer's note, trimmed, as theirs", async () => {
    const { files, notes } = build(["fanny"]);
    await files.addNote(fanny, "lea", "  En parler à l'entretien  ");
    expect(notes).to.have.length(1);
    expect(notes[0]).to.include({ learnerId: "lea", authorId: "fanny", body: "En parler à l'entretien" });
  });

  it("refuses an empty or over-long note as a field error, storing nothing", async () => {
    const { files, notes } = build(["fanny"]);
    expect(await fieldsOf(files.addNote(fanny, "lea", "   "))).to.deep.equal({ note: "COMMENT_REQUIRED" });
    expect(await fieldsOf(files.addNote(fanny, "lea", "x".repeat(MAX_NOTE_LENGTH + 1)))).to.deep.equal({
      note: "TOO_LONG",
    });
    expect(notes).to.deep.equal([]);
  });

  it("answers 404 to the learner and to someone who does not follow them", async () => {
    const { files, notes, contacts } = build(["fanny"]);
    const own = await refusal(files.addNote(actor("lea", ["learner"]), "lea", "Moi"));
    const stranger = await refusal(
      files.logContact(actor("zoe", ["teacher"]), "lea", { day: "2026-03-01", channel: "phone", note: "" }),
    );
    const file = await refusal(files.file(actor("lea", ["learner"]), "lea"));
    for (const error of [own, stranger, file]) expect(error).to.be.instanceOf(NotFoundError);
    expect([...notes, ...contacts]).to.deep.equal([]);
  });

  it("logs a contact on its day at noon UTC, and refuses one in the future", async () => {
    const { files, contacts } = build(["fanny"]);
    await files.logContact(fanny, "lea", { day: "2026-03-10", channel: "meeting", note: "Point de stage" });
    expect(contacts[0]?.date.toISOString()).to.equal("2026-03-10T12:00:00.000Z");
    const future = files.logContact(fanny, "lea", { day: "2026-03-12", channel: "phone", note: "" });
    expect(await fieldsOf(future)).to.deep.equal({ date: "FUTURE_DATE" });
    expect(contacts).to.have.length(1);
  });

  it("reads only days that exist", () => {
    expect(parseDay("2026-02-28").toISOString()).to.equal("2026-02-28T12:00:00.000Z");
    for (const day of ["2026-02-30", "hier", "2026-2-3", ""])
      expect(() => parseDay(day), day).to.throw(ValidationError);
  });
});
