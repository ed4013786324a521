import { expect } from "chai";
import { frenchTypography, typographyFor } from "../../../src/domain/dossier/typography.js";

describe("frenchTypography", () => {
  it("puts a narrow no-break space before ; ! ? and a no-break space before :", () => {
    expect(frenchTypography("Vraiment ? Oui ! Donc ; enfin : fin")).to.equal(
      "Vraiment\u202f? Oui\u202f! Donc\u202f; enfin\u00a0: fin",
    );
  });

  it("adds the space a writer forgot", () => {
    expect(frenchTypography("Attention: danger!")).to.equal("Attention\u00a0: danger\u202f!");
  });

  it("puts no-break spaces inside guillemets", () => {
    expect(frenchTypography("il dit «bonjour» puis « au revoir »")).to.equal(
      "il dit «\u00a0bonjour\u00a0» puis «\u00a0au revoir\u00a0»",
    );
  });

  it("leaves times, URLs and ratios alone", () => {
    expect(frenchTypography("à 10:30, voir https://example.org/a?b=1 et 3:1")).to.equal(
      "à 10:30, voir https://example.org/a?b=1 et 3:1",
    );
  });

  it("changes nothing in English", () => {
    expect(typographyFor("en")("Really? Yes: fine!")).to.equal("Really? Yes: fine!");
  });
});
