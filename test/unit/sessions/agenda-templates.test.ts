// The programme's agenda, seeded with the Tours cahier des charges, edited by its lead.
import { expect } from "chai";
import { ValidationError } from "../../../src/errors.js";
import {
  agendaFor,
  checkedTemplate,
  defaultAgenda,
  TOURS_AGENDA,
} from "../../../src/domain/sessions/agenda-templates.js";

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("agenda templates", () => {
  it("seeds the Tours sessions in order: contact and placements, RSCA, portfolio review, thesis", () => {
    const titles = TOURS_AGENDA.fr.sessions.map((session) => session.title);
    expect(titles.slice(0, 4)).to.deep.equal([
      "Prise de contact",
      "Les RSCA",
      "Suivi du portfolio",
      "La thèse",
    ]);
    expect(TOURS_AGENDA.fr.sessions[0]?.items).to.include("Comment se passent les stages");
    expect(TOURS_AGENDA.en.sessions).to.have.length(TOURS_AGENDA.fr.sessions.length);
    expect(defaultAgenda("en-GB")).to.equal(TOURS_AGENDA.en);
    expect(defaultAgenda("fr")).to.equal(TOURS_AGENDA.fr);
  });

  it("proposes the n-th session's agenda, and the last one beyond the template", () => {
    expect(agendaFor(TOURS_AGENDA.fr, 2)?.title).to.equal("Les RSCA");
    expect(agendaFor(TOURS_AGENDA.fr, 9)?.title).to.equal("Séance de groupe");
    expect(agendaFor({ sessions: [] }, 1)).to.equal(null);
  });

  it("keeps what the lead typed, one item a line, dropping empty sessions and blank lines", () => {
    const template = checkedTemplate([
      { title: " Accueil ", items: "Présentations\n\n  Stages  \r\n" },
      { title: "", items: "  " },
      { title: "Thèse", items: "" },
    ]);
    expect(template).to.deep.equal({
      sessions: [
        { title: "Accueil", items: ["Présentations", "Stages"] },
        { title: "Thèse", items: [] },
      ],
    });
  });

  it("refuses a session without a title, too many items or an empty template, naming the field", () => {
    expect(fieldsOf(() => checkedTemplate([{ title: "", items: "Un point" }]))).to.deep.equal({
      "sessions.0.title": "TITLE_REQUIRED",
    });
    expect(
      fieldsOf(() =>
        checkedTemplate([
          { title: "A", items: "x\n".repeat(16) },
          { title: "B".repeat(121), items: "" },
        ]),
      ),
    ).to.deep.equal({ "sessions.0.items": "TOO_MANY_ITEMS", "sessions.1.title": "TOO_LONG" });
    expect(fieldsOf(() => checkedTemplate([{ title: " ", items: "" }]))).to.deep.equal({
      "sessions.0.title": "TEMPLATE_EMPTY",
    });
  });
});
