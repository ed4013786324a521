import { expect } from "chai";
import { htmlToText, slugify } from "../../../src/domain/frameworks/text.js";

describe("import text helpers", () => {
  describe("slugify", () => {
    it("makes stable codes from French labels", () => {
      expect(slugify("Intermédiaire")).to.equal("intermediaire");
      expect(slugify("À compléter")).to.equal("a-completer");
      expect(slugify("Not yet competent")).to.equal("not-yet-competent");
      expect(slugify("Œuvre  collective !")).to.equal("oeuvre-collective");
      expect(slugify("OECD-CORE")).to.equal("oecd-core");
      expect(slugify("***")).to.equal("");
    });
  });

  describe("htmlToText", () => {
    it("follows HTML whitespace rules and keeps paragraphs and line breaks", () => {
      expect(
        htmlToText("<p>Un\r\ntexte   long</p><p>Suite<br/>fin &amp; c&#8217;est tout</p>", "html"),
      ).to.equal("Un texte long\n\nSuite\nfin & c’est tout");
    });

    it("keeps source line breaks in Moodle's auto format", () => {
      expect(htmlToText("ligne 1\nligne 2", "moodle")).to.equal("ligne 1\nligne 2");
    });

    it("turns list items into dashes and drops scripts and comments", () => {
      expect(
        htmlToText("<ul><li>un</li><li>deux</li></ul><script>alert(1)</script><!-- x -->", "html"),
      ).to.equal("- un\n- deux");
    });
  });
});
