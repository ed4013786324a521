import { expect } from "chai";
import {
  countCompetences,
  leafCompetences,
  proficientLevels,
  selfAssessmentLevels,
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

      it("never asks learners to self-assess as validated", () => {
        const labels = selfAssessmentLevels(shipped(file)).map((level) => level.label.fr);
        if (file !== "c2i2e.json") expect(labels.join(" ")).to.not.match(/valid/i);
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

  describe("c2i2e-2011.json", () => {
    const def = shipped("c2i2e-2011.json");

    it("is a new version of the C2i2e, next to the domain-level one", () => {
      expect([def.key, def.version]).to.deep.equal(["c2i2e", "2011"]);
      expect(shipped("c2i2e.json").version).to.equal("domaines-v1");
    });

    it("has two parts, seven domains A1–A3 and B1–B4, and 28 competences", () => {
      expect(def.competences.map((part) => part.code)).to.deep.equal(["A", "B"]);
      expect(
        def.competences.flatMap((part) =>
          part.children.map((domain) => [domain.code, domain.children.length]),
        ),
      ).to.deep.equal([
        ["A1", 5],
        ["A2", 3],
        ["A3", 4],
        ["B1", 3],
        ["B2", 5],
        ["B3", 5],
        ["B4", 3],
      ]);
      expect(countCompetences(def)).to.deep.include({ leaves: 28 });
    });

    it("keeps the referential's wording", () => {
      const titles = new Map(leafCompetences(def).map(({ node }) => [node.code, node.title.fr]));
      expect(titles.get("A1.1")).to.equal(
        "Identifier les personnes ressources Tic et leurs rôles respectifs au niveau local, régional et national",
      );
      expect(titles.get("B3.5")).to.equal("Anticiper un incident technique ou savoir y faire face");
    });

    it("says what it could not check", () => {
      expect(def.source.note)
        .to.match(/28 compétences/)
        .and.to.match(/27/);
    });
  });

  describe("c2i1.json", () => {
    const def = shipped("c2i1.json");

    it("has 20 competences in five domains D1–D5", () => {
      expect(def.competences.map((domain) => [domain.code, domain.children.length])).to.deep.equal([
        ["D1", 4],
        ["D2", 4],
        ["D3", 5],
        ["D4", 4],
        ["D5", 3],
      ]);
      expect(leafCompetences(def).map(({ node }) => node.code)).to.include.members(["D1.1", "D3.5", "D5.3"]);
    });

    it("keeps the wording confirmed by several copies", () => {
      const titles = new Map(leafCompetences(def).map(({ node }) => [node.code, node.title.fr]));
      expect(titles.get("D2.1")).to.equal(
        "Maîtriser son identité numérique privée, institutionnelle et professionnelle",
      );
      expect(def.competences[0]?.title.fr).to.equal("Travailler dans un environnement numérique évolutif");
    });
  });

  describe("crcn.json", () => {
    const def = shipped("crcn.json");

    it("has 16 competences in five domains", () => {
      expect(def.competences.map((domain) => [domain.title.fr, domain.children.length])).to.deep.equal([
        ["Information et données", 3],
        ["Communication et collaboration", 4],
        ["Création de contenus", 4],
        ["Protection et sécurité", 3],
        ["Environnement numérique", 2],
      ]);
      expect(countCompetences(def)).to.deep.include({ leaves: 16 });
    });

    it("names the titles that still differ between sources", () => {
      expect(def.source.note).to.include("Construire un environnement numérique");
      expect(def.source.note).to.include("Création de contenu");
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
