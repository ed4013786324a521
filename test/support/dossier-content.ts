// A dossier's content built in memory (no database): N competences in domains, N traces with four
// written sections and attachments, a final synthesis — for the PDF's tests and its bench.
import type { DossierContent } from "../../src/domain/dossier/dossier.js";
import type { CompetenceState } from "../../src/domain/validation/states.js";

const STATES: CompetenceState[] = ["validated", "submitted", "more_evidence", "self_assessed", "not_started"];

const PARAGRAPH =
  "Lors de ma garde, j'ai reçu une patiente âgée pour une dyspnée ; la réflexion a porté sur l'efficacité " +
  "de l'examen clinique : que fallait-il chercher en premier ? J'ai appris à hiérarchiser les hypothèses ! " +
  "« Le raisonnement clinique est une affaire de probabilités », m'a dit mon maître de stage.";

export function buildDossierContent(
  options: { competences?: number; traces?: number; paragraphs?: number; synthesis?: boolean } = {},
): DossierContent {
  const competences = options.competences ?? 60;
  const traces = options.traces ?? 60;
  const paragraphs = options.paragraphs ?? 3;
  const at = new Date("2026-03-12T10:00:00Z");
  return {
    subject: { platformId: "p", deploymentId: "d", contextId: "c", learnerId: "l" },
    learnerName: "Léa Œillet-Stagiaire",
    programme: "DES de médecine générale — promotion 2026",
    framework: {
      key: "mg",
      version: "1",
      title: { fr: "Compétences de médecine générale", en: "General practice competences" },
      scale: [{ code: "competent", label: { fr: "compétent", en: "competent" } }],
    },
    competences: Array.from({ length: competences }, (_, i) => {
      const state = STATES[i % STATES.length] ?? "not_started";
      const validated = state === "validated";
      return {
        code: `C${String(i + 1).padStart(2, "0")}`,
        title: { fr: `Compétence n° ${i + 1} : approche globale et efficiente`, en: `Competence ${i + 1}` },
        domain: {
          code: `D${Math.floor(i / 10) + 1}`,
          title: { fr: `Domaine ${Math.floor(i / 10) + 1}`, en: "Domain" },
        },
        state,
        level: validated ? { code: "competent", label: { fr: "compétent", en: "competent" } } : null,
        validatedAt: validated ? at : null,
        validators: validated
          ? [{ name: "Fanny Formatrice", channel: "online" as const, at, level: "competent" }]
          : [],
      };
    }),
    synthesis:
      options.synthesis === false
        ? null
        : {
            id: "s1",
            platformId: "p",
            learnerId: "l",
            authorId: "t",
            authorName: "Théo Tuteur",
            version: 3,
            status: "final",
            createdAt: at,
            finalAt: at,
            progress: "Progression régulière sur les trois semestres.",
            reflexivity: "Une réflexivité qui s'affine : les traces analysent les difficultés.",
            competences: "Les compétences relationnelles sont acquises.",
            recommendations: "Poursuivre le travail sur la coordination des soins.",
          },
    attendance: [],
    traces: Array.from({ length: traces }, (_, i) => ({
      id: `t${i}`,
      title: `RSCA n° ${i + 1} — une situation complexe`,
      date: `2026-0${(i % 9) + 1}-1${i % 10}`,
      placement: "SASPAS S5",
      typeKey: "rsca",
      revision: 1 + (i % 4),
      sections: ["Récit", "Analyse", "Recherche", "Synthèse"].map((title, s) => ({
        key: `s${s}`,
        title: { fr: title, en: title },
        body: Array.from({ length: paragraphs }, () => PARAGRAPH).join("\n\n"),
      })),
      competenceCodes: ["C01", "C02"],
      attachments: [
        {
          id: `f${i}`,
          traceId: `t${i}`,
          filename: `compte-rendu-${i}.pdf`,
          mime: "application/pdf",
          size: 120_000,
        },
      ],
    })),
    generatedAt: at,
  };
}
