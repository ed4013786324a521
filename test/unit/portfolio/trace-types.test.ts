import { expect } from "chai";
import {
  BUILT_IN_TRACE_TYPES,
  customTraceType,
  CustomTraceTypeSchema,
  emptySections,
  localize,
  slugify,
  TRACE_TYPE_KEY_PATTERN,
} from "../../../src/domain/portfolio/trace-types.js";

describe("portfolio trace types", () => {
  it("ships the RSCA with its four sections, in order, each with French guidance", () => {
    const rsca = BUILT_IN_TRACE_TYPES.find((type) => type.key === "rsca");
    expect(rsca?.sections.map((section) => section.title.fr)).to.deep.equal([
      "Récit",
      "Analyse",
      "Recherche",
      "Synthèse",
    ]);
    for (const section of rsca?.sections ?? []) expect(section.guidance.fr.length).to.be.greaterThan(40);
    const analyse = rsca?.sections.find((section) => section.key === "analyse");
    expect(analyse?.guidance.fr).to.match(/problèmes/i);
    expect(analyse?.guidance.fr).to.match(/compétences/i);
  });

  it("ships the other field types, with unique keys and sections", () => {
    const keys = BUILT_IN_TRACE_TYPES.map((type) => type.key);
    expect(keys).to.include.members([
      "rsca",
      "trace-apprentissage",
      "vignette-clinique",
      "sequence",
      "ressource",
      "compte-rendu-stage",
      "note",
    ]);
    expect(new Set(keys).size).to.equal(keys.length);
    for (const type of BUILT_IN_TRACE_TYPES) {
      expect(type.key).to.match(TRACE_TYPE_KEY_PATTERN);
      const sectionKeys = type.sections.map((section) => section.key);
      expect(new Set(sectionKeys).size, type.key).to.equal(sectionKeys.length);
      expect(type.name.en, type.key).to.be.a("string");
    }
  });

  it("starts a trace with empty sections", () => {
    const rsca = BUILT_IN_TRACE_TYPES[0];
    if (!rsca) throw new Error("no built-in type");
    expect(
      emptySections(rsca).every((section) => section.body === "" && section.progress === "empty"),
    ).to.equal(true);
  });

  it("builds an administrator's type with slug keys, unique per section", () => {
    const input = CustomTraceTypeSchema.parse({
      nameFr: "Fiche de thèse",
      sections: [
        { titleFr: "Projet", guidanceFr: "Sujet, directeur" },
        { titleFr: "Difficultés", titleEn: "Difficulties" },
        { titleFr: "Projet" },
      ],
    });
    const type = customTraceType(input, "a1b2c3");
    expect(type.key).to.equal("fiche-de-these-a1b2c3");
    expect(type.sections.map((section) => section.key)).to.deep.equal(["projet", "difficultes", "projet-3"]);
    expect(type.builtIn).to.equal(false);
    expect(localize(type.sections[1]?.title ?? { fr: "" }, "en")).to.equal("Difficulties");
    expect(localize(type.sections[0]?.title ?? { fr: "" }, "en")).to.equal("Projet");
  });

  it("refuses a type without a name or without sections", () => {
    expect(CustomTraceTypeSchema.safeParse({ nameFr: " ", sections: [{ titleFr: "A" }] }).success).to.equal(
      false,
    );
    expect(CustomTraceTypeSchema.safeParse({ nameFr: "A", sections: [] }).success).to.equal(false);
  });

  it("slugifies French text", () => {
    expect(slugify("Récit d'une séance — 5e", "x")).to.equal("recit-d-une-seance-5e");
    expect(slugify("!!!", "fallback")).to.equal("fallback");
  });
});
