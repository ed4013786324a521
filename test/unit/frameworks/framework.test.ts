import { expect } from "chai";
import {
  countCompetences,
  diffFrameworks,
  findCompetence,
  FrameworkDefinitionSchema,
  isAssessable,
  leafCompetences,
  proficientLevels,
} from "../../../src/domain/frameworks/framework.js";
import { buildFramework, node } from "./build.js";

describe("framework model", () => {
  describe("FrameworkDefinitionSchema", () => {
    it("accepts a minimal framework and fills in empty children and situation families", () => {
      const parsed = FrameworkDefinitionSchema.parse({
        key: "mini",
        version: "1",
        title: { fr: "Mini" },
        source: { citation: "Tests", note: "Inventé" },
        scale: {
          levels: [
            { code: "a", label: { fr: "à compléter" }, proficient: false },
            { code: "b", label: { fr: "validé" }, proficient: true },
          ],
        },
        competences: [{ code: "C1", title: { fr: "Seule compétence" } }],
      });
      expect(parsed.competences[0]?.children).to.deep.equal([]);
      expect(parsed.situationFamilies).to.deep.equal([]);
    });

    it("drops the $schema pointer that editors use", () => {
      const parsed = FrameworkDefinitionSchema.parse({
        $schema: "./framework.schema.json",
        ...buildFramework(),
      });
      expect(parsed).to.not.have.property("$schema");
    });

    it("keeps titles as written (an export gives them back) and refuses blank ones", () => {
      const kept = FrameworkDefinitionSchema.parse(buildFramework({ title: { fr: "Titre " } }));
      expect(kept.title.fr).to.equal("Titre ");
      expect(FrameworkDefinitionSchema.safeParse(buildFramework({ title: { fr: "   " } })).success).to.equal(
        false,
      );
    });

    it("refuses a key that is not a slug", () => {
      expect(FrameworkDefinitionSchema.safeParse(buildFramework({ key: "C2i2e 2010" })).success).to.equal(
        false,
      );
    });
  });

  describe("assessable competences", () => {
    it("treats only leaves as assessable", () => {
      const def = buildFramework();
      expect(isAssessable(def.competences[0] ?? node("x", "x"))).to.equal(false);
      expect(leafCompetences(def).map(({ node: leaf }) => leaf.code)).to.deep.equal(["D1.1", "D1.2", "D2.1"]);
    });

    it("gives each leaf the codes of its ancestors, root first", () => {
      const def = buildFramework({
        competences: [node("A", "A", [node("A1", "A1", [node("A1a", "A1a")])]), node("B", "B")],
      });
      expect(leafCompetences(def).map(({ node: leaf, path }) => [leaf.code, path])).to.deep.equal([
        ["A1a", ["A", "A1"]],
        ["B", []],
      ]);
    });
  });

  describe("findCompetence", () => {
    it("finds inner nodes and leaves by code, with their path", () => {
      const def = buildFramework();
      expect(findCompetence(def, "D1.2")?.path).to.deep.equal(["D1"]);
      expect(findCompetence(def, "D2")?.node.title.fr).to.equal("Second domaine");
      expect(findCompetence(def, "D9")).to.equal(undefined);
    });
  });

  describe("countCompetences", () => {
    it("counts nodes, leaves, roots and depth", () => {
      expect(countCompetences(buildFramework())).to.deep.equal({ total: 5, leaves: 3, roots: 2, depth: 2 });
    });
  });

  describe("proficientLevels", () => {
    it("lists the levels that mean acquired", () => {
      expect(proficientLevels(buildFramework().scale).map((level) => level.code)).to.deep.equal(["acquis"]);
    });
  });

  describe("diffFrameworks", () => {
    it("reports nothing between identical versions", () => {
      expect(diffFrameworks(buildFramework(), buildFramework())).to.deep.equal({
        added: [],
        removed: [],
        retitled: [],
        moved: [],
        noLongerAssessable: [],
        newlyAssessable: [],
        scaleChanged: false,
      });
    });

    it("reports added, removed, retitled and moved codes", () => {
      const before = buildFramework();
      const after = buildFramework({
        competences: [
          node("D1", "Premier domaine", [node("D1.1", "Première compétence, reformulée")]),
          node("D2", "Second domaine", [
            node("D2.1", "Troisième compétence"),
            node("D1.2", "Deuxième compétence"),
          ]),
          node("D3", "Nouveau domaine"),
        ],
      });
      const diff = diffFrameworks(before, after);
      expect(diff.added).to.deep.equal(["D3"]);
      expect(diff.removed).to.deep.equal([]);
      expect(diff.retitled).to.deep.equal([
        {
          code: "D1.1",
          before: { fr: "Première compétence" },
          after: { fr: "Première compétence, reformulée" },
        },
      ]);
      expect(diff.moved).to.deep.equal([{ code: "D1.2", parentBefore: "D1", parentAfter: "D2" }]);
    });

    it("reports removed codes and a change in what can be validated directly", () => {
      const before = buildFramework();
      const after = buildFramework({
        competences: [
          node("D1", "Premier domaine", [node("D1.1", "Première compétence", [node("D1.1.a", "Sous-item")])]),
          node("D2", "Second domaine"),
        ],
      });
      const diff = diffFrameworks(before, after);
      expect(diff.removed).to.deep.equal(["D1.2", "D2.1"]);
      expect(diff.added).to.deep.equal(["D1.1.a"]);
      expect(diff.noLongerAssessable).to.deep.equal(["D1.1"]);
      expect(diff.newlyAssessable).to.deep.equal(["D2"]);
    });

    it("notices an English-only retitling and a scale change", () => {
      const before = buildFramework();
      const after = buildFramework({
        competences: [
          {
            ...node("D1", "Premier domaine", before.competences[0]?.children ?? []),
            title: { fr: "Premier domaine", en: "First" },
          },
          ...before.competences.slice(1),
        ],
        scale: {
          levels: [
            { code: "non-acquis", label: { fr: "à compléter" }, proficient: false },
            { code: "acquis", label: { fr: "acquis" }, proficient: true },
          ],
        },
      });
      const diff = diffFrameworks(before, after);
      expect(diff.retitled.map((change) => change.code)).to.deep.equal(["D1"]);
      expect(diff.scaleChanged).to.equal(true);
    });
  });
});
