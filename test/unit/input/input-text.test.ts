import { expect } from "chai";
import { cleanFormBody, cleanText } from "../../../src/web/input-text.js";

describe("cleanText", () => {
  it("drops NUL, BEL, DEL, C1 controls and bidi overrides", () => {
    expect(cleanText("a\u0000b\u0007c\u007fd\u0085e\u202Ef\u202Ag\u2066h\u2069i\uFEFF")).to.equal(
      "abcdefghi",
    );
  });

  it("keeps tabs, newlines, accents, emoji and right-to-left letters", () => {
    const text = "Récit\n\tanalyse\r\nسلام 👩‍⚕️";
    expect(cleanText(text)).to.equal(text);
  });

  it("cleans every string of a form body, repeated fields included", () => {
    const body = { title: "T\u0000", competence: ["A\u202E1", "B2"] };
    expect(cleanFormBody(body)).to.deep.equal({ title: "T", competence: ["A1", "B2"] });
  });
});
