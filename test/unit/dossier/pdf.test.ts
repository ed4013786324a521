import { expect } from "chai";
import { renderDossierPdf } from "../../../src/presenters/dossier/pdf.js";
import { presentDossier } from "../../../src/presenters/dossier/view.js";
import { translator } from "../../../src/i18n/i18n.js";
import { buildDossierContent } from "../../support/dossier-content.js";
import { pdfPages, pdfText } from "../../support/pdf-text.js";

describe("renderDossierPdf", () => {
  it("writes the competences with their states, the synthesis and the traces, in French", async () => {
    const content = buildDossierContent({ competences: 12, traces: 3 });
    const pdf = await renderDossierPdf(presentDossier(content, { t: translator("fr"), locale: "fr" }), {
      lang: "fr-FR",
    });
    const text = await pdfText(pdf);
    expect(text).to.include("C01 — Compétence n° 1");
    expect(text).to.include("État : Validée");
    expect(text).to.include("En attente de validation");
    expect(text).to.include("Progression régulière sur les trois semestres.");
    expect(text).to.include("RSCA n° 3");
    // Accents and the ligature of "efficacité" come out as text a jury can search.
    expect(text).to.include("efficacité");
    expect(text).to.include("Œillet");
  });

  it("lists attendance as a table: date, kind, title, mark (French and English)", async () => {
    const content = {
      ...buildDossierContent({ competences: 2, traces: 1 }),
      attendance: [
        {
          kind: "group_session" as const,
          at: new Date("2026-10-15T12:00:00Z"),
          title: "Prise de contact",
          group: "Groupe Lestrade",
          mark: "present" as const,
        },
        {
          kind: "interview" as const,
          at: new Date("2026-11-15T10:00:00Z"),
          title: "",
          group: "",
          number: 1,
          mark: "completed" as const,
        },
        {
          kind: "group_session" as const,
          at: new Date("2026-11-20T13:00:00Z"),
          title: "Les RSCA",
          group: "Groupe Lestrade",
          mark: "absent" as const,
        },
      ],
    };
    const french = await pdfText(
      await renderDossierPdf(presentDossier(content, { t: translator("fr"), locale: "fr" }), { lang: "fr" }),
    );
    expect(french).to.match(/Date\s+Nature\s+Séance\s+Présence/);
    expect(french).to.match(
      /15 octobre 2026\s+Séance de groupe\s+Prise de contact · Groupe Lestrade\s+présent·e/,
    );
    expect(french).to.match(/15 novembre 2026\s+Entretien individuel\s+Entretien individuel n° 1\s+tenu/);
    expect(french).to.match(/20 novembre 2026\s+Séance de groupe\s+Les RSCA · Groupe Lestrade\s+absent·e/);
    const english = await pdfText(
      await renderDossierPdf(presentDossier(content, { t: translator("en"), locale: "en" }), { lang: "en" }),
    );
    expect(english).to.match(/November 20, 2026\s+Group session\s+Les RSCA · Groupe Lestrade\s+absent/);
  });

  it("puts the learner's name and programme and the page number on every page", async () => {
    const content = buildDossierContent({ competences: 30, traces: 8 });
    const pages = await pdfPages(
      await renderDossierPdf(presentDossier(content, { t: translator("fr"), locale: "fr" }), {
        lang: "fr-FR",
      }),
    );
    expect(pages.length).to.be.greaterThan(4);
    pages.forEach((page, index) => {
      expect(page).to.include("Léa Œillet-Stagiaire — DES de médecine générale");
      expect(page.replace(/\s+/g, " ")).to.include(`Page ${index + 1} / ${pages.length}`);
    });
  });

  it("lists every section in a table of contents with the page it starts on", async () => {
    const content = buildDossierContent({ competences: 20, traces: 5 });
    const pages = await pdfPages(
      await renderDossierPdf(presentDossier(content, { t: translator("fr"), locale: "fr" }), {
        lang: "fr-FR",
      }),
    );
    const toc = pages[1] ?? "";
    expect(toc).to.include("Sommaire");
    const match = /Synthèse du tuteur\s+(\d+)/.exec(toc);
    expect(match, toc).to.not.equal(null);
    const page = Number(match?.[1]);
    expect(pages[page - 1]).to.match(/Synthèse du tuteur\s+Rédigée par Théo Tuteur/);
  });

  it("never starts a line with « ; : ! ? » nor ends one with an opening guillemet", async () => {
    const content = buildDossierContent({ competences: 1, traces: 1 });
    // Paragraphs shifted one letter at a time: somewhere a line would break right before a mark.
    const body = Array.from(
      { length: 60 },
      (_, k) => `${"m".repeat(k + 1)} un mot ; deux : trois ! quatre ? « cinq » six`,
    ).join(" ");
    for (const trace of content.traces) for (const section of trace.sections) section.body = body;
    const pages = await pdfPages(
      await renderDossierPdf(presentDossier(content, { t: translator("fr"), locale: "fr" }), {
        lang: "fr-FR",
      }),
    );
    const lines = pages
      .join("\n")
      .split("\n")
      .map((line) => line.trim());
    expect(lines.length).to.be.greaterThan(100);
    expect(lines.filter((line) => /^[;:!?»]/.test(line))).to.deep.equal([]);
    expect(lines.filter((line) => /«$/.test(line))).to.deep.equal([]);
  });
});
