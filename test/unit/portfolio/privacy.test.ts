import { expect } from "chai";
import { checkTracePrivacy, findPersonMentions } from "../../../src/domain/portfolio/privacy.js";

describe("portfolio privacy check", () => {
  const flagged: [string, string][] = [
    ["J'ai reçu Mme Dupont en consultation.", "Mme Dupont"],
    ["M. Martin, 58 ans, diabétique.", "M. Martin"],
    ["Le patient Jean Dupont revient.", "patient Jean Dupont"],
    ["Madame Lefèvre est inquiète.", "Madame Lefèvre"],
    ["Monsieur Jean-Pierre Durand m'appelle.", "Monsieur Jean-Pierre Durand"],
    ["la patiente Fatima arrive", "patiente Fatima"],
    ["L'élève Kevin ne rend pas son devoir.", "élève Kevin"],
    ["Élève Chloé Martin absente", "Élève Chloé Martin"],
    ["Avis du Dr Moreau demandé.", "Dr Moreau"],
    ["Mr Smith came in.", "Mr Smith"],
    ["Mme DUPONT est revenue", "Mme DUPONT"],
    ["vu avec Mme **Dupont** hier", "Mme Dupont"],
    ["Mlle Bernard", "Mlle Bernard"],
  ];
  for (const [text, match] of flagged) {
    it(`warns on « ${text} »`, () => {
      const mentions = findPersonMentions(text);
      expect(mentions.map((mention) => mention.match)).to.include(match);
      expect(mentions[0]?.snippet).to.contain(match.split(" ").at(-1));
    });
  }

  const clean = [
    "M. X, 58 ans, diabétique.",
    "Mme X est venue.",
    "Mme D. consulte pour une toux.",
    "Le patient âgé de 70 ans.",
    "Le patient Il faut noter que…",
    "une élève de 5e, en difficulté",
    "La patiente, 34 ans, enceinte.",
    "10 m. Dupont",
    "Le médecin a prescrit.",
    "Situation avec un patient diabétique.",
  ];
  for (const text of clean) {
    it(`stays quiet on « ${text} »`, () => {
      expect(findPersonMentions(text)).to.deep.equal([]);
    });
  }

  it("gives a short snippet around the match", () => {
    const long = `${"a".repeat(200)} Mme Dupont ${"b".repeat(200)}`;
    const [mention] = findPersonMentions(long);
    expect(mention?.snippet.length).to.be.lessThan(80);
    expect(mention?.snippet.startsWith("…")).to.equal(true);
    expect(mention?.snippet.endsWith("…")).to.equal(true);
  });

  it("checks the title and every section, naming the field", () => {
    const warnings = checkTracePrivacy({
      title: "Consultation de M. Bernard",
      sections: [
        { key: "recit", title: { fr: "Récit" }, body: "Mme Petit arrive.", progress: "draft" },
        { key: "analyse", title: { fr: "Analyse" }, body: "Rien à signaler.", progress: "empty" },
      ],
    });
    expect(warnings.map((warning) => [warning.field, warning.match])).to.deep.equal([
      ["title", "M. Bernard"],
      ["recit", "Mme Petit"],
    ]);
  });
});
