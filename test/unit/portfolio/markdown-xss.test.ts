import { expect } from "chai";
import { markdownExcerpt, renderMarkdown, SafeHtml } from "../../../src/domain/portfolio/markdown.js";
import { unsafeParts, XSS_PAYLOADS } from "./xss-payloads.js";

describe("portfolio Markdown rendering", () => {
  it("has a corpus of at least 25 hostile payloads", () => {
    expect(XSS_PAYLOADS.length).to.be.at.least(25);
  });

  describe("renders every hostile payload harmlessly", () => {
    for (const payload of XSS_PAYLOADS) {
      it(JSON.stringify(payload).slice(0, 90), () => {
        const html = renderMarkdown(payload).toHTML();
        expect(unsafeParts(html), html).to.deep.equal([]);
        // Text may mention "onerror=" or "javascript:" (it is escaped); tags may not.
        const tags = (html.match(/<[^>]*>/g) ?? []).join(" ");
        expect(tags).not.to.match(
          /<script|javascript:|vbscript:|data:|on\w+\s*=|style\s*=|<iframe|<svg|<object|<embed/i,
        );
        expect(html).not.to.match(/<script/i);
      });
    }
  });

  it("keeps ordinary formatting: emphasis, lists, quotes, tables, safe links", () => {
    const html = renderMarkdown(
      "## Analyse\n\n**Problèmes** *posés* :\n\n- un\n- deux\n\n> citation\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[HAS](https://www.has-sante.fr)",
    ).toHTML();
    expect(html).to.contain("<h4>Analyse</h4>");
    expect(html).to.contain("<strong>Problèmes</strong>");
    expect(html).to.contain("<em>posés</em>");
    expect(html).to.contain("<li>deux</li>");
    expect(html).to.contain("<blockquote>");
    expect(html).to.contain("<table>");
    expect(html).to.contain(
      '<a href="https://www.has-sante.fr" rel="noopener noreferrer nofollow" target="_blank">HAS</a>',
    );
  });

  it("turns images into links to their address (no remote loading)", () => {
    const html = renderMarkdown("![schéma](https://example.org/a.png)").toHTML();
    expect(html).not.to.contain("<img");
    expect(html).to.contain('<a href="https://example.org/a.png"');
    expect(html).to.contain(">schéma</a>");
  });

  it("keeps line breaks typed by the writer", () => {
    expect(renderMarkdown("ligne un\nligne deux").toHTML()).to.contain("<br");
  });

  it("builds SafeHtml from text by escaping it", () => {
    expect(SafeHtml.fromText(`<b>"x" & 'y'</b>`).toHTML()).to.equal(
      "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;",
    );
  });

  it("gives plain-text excerpts without markup", () => {
    expect(markdownExcerpt("# Titre\n\nDu **gras** et <script>alert(1)</script> du texte")).to.equal(
      "Titre Du gras et du texte",
    );
    expect(markdownExcerpt("a ".repeat(200), 20).length).to.be.at.most(20);
  });
});
