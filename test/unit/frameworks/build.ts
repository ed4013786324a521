// Test data builders for competence frameworks.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CompetenceNode, FrameworkDefinition } from "../../../src/domain/frameworks/framework.js";

export function repoFile(relativePath: string): string {
  return fileURLToPath(new URL(`../../../${relativePath}`, import.meta.url));
}

export function readRepoFile(relativePath: string): string {
  return readFileSync(repoFile(relativePath), "utf8");
}

export function node(code: string, title: string, children: CompetenceNode[] = []): CompetenceNode {
  return { code, title: { fr: title }, children };
}

export function buildFramework(overrides: Partial<FrameworkDefinition> = {}): FrameworkDefinition {
  return {
    key: "exemple",
    version: "2024",
    title: { fr: "Référentiel d’exemple", en: "Example framework" },
    source: { citation: "Écrit pour les tests", note: "Texte inventé pour les tests." },
    scale: {
      levels: [
        { code: "non-acquis", label: { fr: "non acquis" }, proficient: false },
        { code: "acquis", label: { fr: "acquis" }, proficient: true },
      ],
    },
    competences: [
      node("D1", "Premier domaine", [
        node("D1.1", "Première compétence"),
        node("D1.2", "Deuxième compétence"),
      ]),
      node("D2", "Second domaine", [node("D2.1", "Troisième compétence")]),
    ],
    situationFamilies: [],
    ...overrides,
  };
}

/** A JSON document with one member per line, so tests can point at lines. */
export function frameworkJson(overrides: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...buildFramework(), ...overrides }, null, 2)}\n`;
}
