import { expect } from "chai";
import {
  countCompetences,
  leafCompetences,
  proficientLevels,
} from "../../../src/domain/frameworks/framework.js";
import type { FrameworkDefinition } from "../../../src/domain/frameworks/framework.js";
import { parseFrameworkJson } from "../../../src/domain/frameworks/json-format.js";
import { moodleCsvContent, parseMoodleCsv, toMoodleCsv } from "../../../src/domain/frameworks/moodle-csv.js";
import { SHIPPED_FRAMEWORK_FILES } from "../../../src/domain/frameworks/shipped.js";
import { readRepoFile } from "./build.js";

function shipped(file: string): FrameworkDefinition {
  const result = parseFrameworkJson(readRepoFile(`data/frameworks/${file}`));
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.problems)}`);
  return result.framework;
}

describe("shipped frameworks", () => {
  for (const file of SHIPPED_FRAMEWORK_FILES) {
    describe(file, () => {
      it("parses and validates", () => {
        expect(parseFrameworkJson(readRepoFile(`data/frameworks/${file}`)).ok).to.equal(true);
      });

      it("says where its wording comes from and how faithful it is", () => {
        const { source } = shipped(file);
        expect(source.citation.length).to.be.greaterThan(40);
        expect(source.note.length).to.be.greaterThan(80);
      });

      it("has French and English titles everywhere", () => {
        const def = shipped(file);
        const titles = [
          def.title,
          ...leafCompetences(def).map(({ node }) => node.title),
          ...def.situationFamilies.map((family) => family.title),
        ];
        expect(titles.every((title) => title.en !== undefined)).to.equal(true);
      });

      it("survives Moodle CSV export and import on everything the CSV carries", () => {
        const def = shipped(file);
        const back = parseMoodleCsv(toMoodleCsv(def), { version: def.version, source: def.source });
        expect(back.ok && moodleCsvContent(back.framework)).to.deep.equal(moodleCsvContent(def));
        expect(back.ok && back.framework.version).to.equal(def.version);
      });

      it("is listed in data/frameworks/README.md", () => {
        expect(readRepoFile("data/frameworks/README.md")).to.include(file);
      });
    });
  }

  describe("c2i2e.json", () => {
    const def = shipped("c2i2e.json");

    it("has the seven domains in the seed paper's order and wording, each assessable", () => {
      expect(leafCompetences(def).map(({ node }) => [node.code, node.title.fr])).to.deep.equal([
        ["D1", "Maîtrise de l’environnement numérique professionnel"],
        ["D2", "Développement des compétences pour la formation tout au long de la vie"],
        ["D3", "Responsabilité professionnelle dans le cadre du système éducatif"],
        ["D4", "Travail en réseau avec l’utilisation des outils de travail collaboratif"],
        ["D5", "Conception et la préparation de contenus d’enseignement et de situations d’apprentissage"],
        ["D6", "Mise en œuvre pédagogique"],
        ["D7", "Mise en œuvre de démarches d’évaluation"],
      ]);
      expect(countCompetences(def)).to.deep.include({ total: 7, leaves: 7 });
    });

    it("uses a two-level scale that never says refused", () => {
      expect(def.scale.levels.map((level) => [level.label.fr, level.proficient])).to.deep.equal([
        ["à compléter", false],
        ["validé", true],
      ]);
      expect(JSON.stringify(def.scale)).to.not.match(/refus/i);
    });
  });

  describe("medecine-generale.json", () => {
    const def = shipped("medecine-generale.json");

    it("has the six competences of the CNGE daisy", () => {
      expect(leafCompetences(def).map(({ node }) => node.title.fr)).to.deep.equal([
        "Approche globale, prise en compte de la complexité",
        "Éducation en santé, prévention individuelle et communautaire",
        "Premier recours, urgences",
        "Continuité, suivi, coordination des soins",
        "Relation, communication, approche centrée patient",
        "Professionnalisme",
      ]);
    });

    it("rates them novice, intermédiaire, compétent, acquired at compétent", () => {
      expect(def.scale.levels.map((level) => level.label.fr)).to.deep.equal([
        "novice",
        "intermédiaire",
        "compétent",
      ]);
      expect(proficientLevels(def.scale).map((level) => level.code)).to.deep.equal(["competent"]);
    });

    it("has the eleven families of clinical situations", () => {
      expect(def.situationFamilies.map((family) => family.code)).to.deep.equal(
        Array.from({ length: 11 }, (_, index) => `F${index + 1}`),
      );
      expect(def.situationFamilies[0]?.title.fr).to.equal(
        "Situations autour de patients souffrant de pathologies chroniques, polymorbidité à forte prévalence",
      );
    });
  });
});
