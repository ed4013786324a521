import { expect } from "chai";
import { titleBesideCode } from "../../../src/presenters/validation.js";

describe("titleBesideCode", () => {
  const table: [string, string, string][] = [
    ["A1.1", "A1.1", ""],
    ["A1.1", "A1.1 Maîtriser l'environnement", "Maîtriser l'environnement"],
    ["A1.1", "A1.1 : Maîtriser", "Maîtriser"],
    ["A1.1", "A1.1 — Maîtriser", "Maîtriser"],
    ["A1", "A1.1 Maîtriser", "A1.1 Maîtriser"],
    ["C01", "Concevoir une séquence", "Concevoir une séquence"],
    ["C01", "  C01  ", ""],
  ];
  for (const [code, title, shown] of table) {
    it(`shows "${title}" beside ${code} as "${shown}"`, () => {
      expect(titleBesideCode(code, title)).to.equal(shown);
    });
  }
});
