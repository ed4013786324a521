import { expect } from "chai";
import { descriptionHtml } from "../../../src/presenters/framework-description.js";

const html = (
  text: string,
  format: Parameters<typeof descriptionHtml>[1],
  locale: "fr" | "en" = "fr",
): string => descriptionHtml({ fr: text, en: `EN ${text}` }, format, locale)?.toHTML() ?? "";

describe("descriptionHtml", () => {
  it("keeps an HTML description's structure and drops scripts, handlers and unsafe links", () => {
    const shown = html(
      "<p>Les <strong>six</strong> compétences<script>alert(1)</script></p>" +
        '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">lien</a><iframe src="https://x"></iframe>',
      "html",
    );
    expect(shown).to.include("<p>Les <strong>six</strong> compétences</p>");
    expect(shown).to.not.match(/script|onerror|javascript:|iframe|alert/);
  });

  it("reads Moodle's auto-format with its line breaks", () => {
    expect(html("ligne 1\nligne 2 <em>ok</em>", "moodle")).to.equal("ligne 1<br />ligne 2 <em>ok</em>");
  });

  it("renders Markdown like traces, and escapes plain text into paragraphs", () => {
    expect(html("**Gérer** l'urgence", "markdown")).to.include("<strong>Gérer</strong>");
    expect(html("a <b>b</b>\n\nc\nd", "plain")).to.equal("<p>a &lt;b&gt;b&lt;/b&gt;</p><p>c<br />d</p>");
    expect(html("texte", undefined)).to.equal("<p>texte</p>");
  });

  it("shows the reader's language when there is one, and nothing without a description", () => {
    expect(html("texte", "plain", "en")).to.equal("<p>EN texte</p>");
    expect(descriptionHtml(undefined, "html", "fr")).to.equal(null);
  });
});
