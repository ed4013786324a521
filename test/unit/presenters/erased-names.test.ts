import { expect } from "chai";
import { ERASED_PREFIX } from "../../../src/domain/people/data-rights.js";
import { translator } from "../../../src/i18n/i18n.js";
import { presentTeamNotes } from "../../../src/presenters/tutoring/team-notes.js";

describe("an erased person on the tutoring pages", () => {
  const can = { readTeamNotes: true, writeTeamNote: true, openTutee: true, logContact: true };
  const note = (authorId: string) => ({
    id: `note-${authorId}`,
    platformId: "p1",
    learnerId: "lea",
    authorId,
    body: "Vu en stage.",
    authorRole: "tutor" as const,
    createdAt: new Date("2026-12-01T10:00:00Z"),
  });

  it("names an erased author 'personne effacée', an unknown one 'quelqu'un', a known one by name", () => {
    const view = presentTeamNotes(
      { notes: [note(`${ERASED_PREFIX}1234`), note("ghost"), note("paul")], role: "tutor", can },
      { t: translator("fr"), base: "/l/x", learnerId: "lea", names: new Map([["paul", "Paul Tuteur"]]) },
    );
    expect(view.notes.map((shown) => shown.who)).to.deep.equal([
      "personne effacée",
      translator("fr")("validation:someone"),
      "Paul Tuteur",
    ]);
  });
});
