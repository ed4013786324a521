import { expect } from "chai";
import { compareContents, contentChanged, diffText } from "../../../src/domain/portfolio/diff.js";
import type { TraceContent } from "../../../src/domain/portfolio/types.js";

function content(overrides: Partial<TraceContent> = {}): TraceContent {
  return {
    title: "Un RSCA",
    date: "2026-03-02",
    placement: "SASPAS S5",
    sections: [
      { key: "recit", title: { fr: "Récit" }, body: "Le patient arrive tard.", progress: "draft" },
      { key: "analyse", title: { fr: "Analyse" }, body: "", progress: "empty" },
    ],
    competences: [],
    situations: [],
    ...overrides,
  };
}

describe("portfolio diff", () => {
  it("marks added and removed words with <ins> and <del>", () => {
    const diff = diffText("Le patient arrive tard.", "Le patient arrive très tard le soir.");
    expect(diff.changed).to.equal(true);
    expect(diff.html.toHTML()).to.contain("<ins>");
    expect(diff.html.toHTML()).to.match(/<ins>[^<]*très[^<]*<\/ins>/);
    expect(diff.added).to.be.greaterThan(0);
    const removed = diffText("un deux trois", "un trois");
    expect(removed.html.toHTML()).to.match(/<del>[^<]*deux[^<]*<\/del>/);
    expect(removed.removed).to.equal(1);
  });

  it("escapes the text: markup in a revision is shown, never interpreted", () => {
    const diff = diffText("avant", `<script>alert(1)</script> <img src=x onerror="alert(2)"> & "quotes"`);
    const html = diff.html.toHTML();
    expect(html).not.to.match(/<script|<img/i);
    expect(html).to.contain("&lt;script&gt;");
    expect(html).to.contain("&amp;");
    expect(html).to.contain("&quot;quotes&quot;");
    expect(html.replace(/<\/?(ins|del)>/g, "")).not.to.match(/</);
  });

  it("says when nothing changed", () => {
    const diff = diffText("pareil", "pareil");
    expect(diff.changed).to.equal(false);
    expect(diff.html.toHTML()).to.equal("pareil");
  });

  it("compares field by field, sections by key, with progress", () => {
    const before = content();
    const after = content({
      title: "Un RSCA retravaillé",
      sections: [
        { key: "recit", title: { fr: "Récit" }, body: "Le patient arrive tard.", progress: "done" },
        { key: "analyse", title: { fr: "Analyse" }, body: "Trois problèmes.", progress: "draft" },
      ],
      competences: [{ frameworkId: "fw", code: "C1", level: "novice" }],
    });
    const fields = compareContents(before, after);
    const byKind = (kind: string, key: string | null = null) =>
      fields.find((field) => field.kind === kind && field.key === key);
    expect(byKind("title")?.diff.changed).to.equal(true);
    expect(byKind("date")?.diff.changed).to.equal(false);
    expect(byKind("section", "recit")?.diff.changed).to.equal(false);
    expect(byKind("section", "recit")?.progressBefore).to.equal("draft");
    expect(byKind("section", "recit")?.progressAfter).to.equal("done");
    expect(byKind("section", "analyse")?.diff.html.toHTML()).to.equal("<ins>Trois problèmes.</ins>");
    expect(byKind("competences")?.diff.html.toHTML()).to.contain("C1 (novice)");
  });

  it("detects a change of text, progress or tags, and only then", () => {
    expect(contentChanged(content(), content())).to.equal(false);
    expect(contentChanged(content(), content({ placement: "SASPAS S6" }))).to.equal(true);
    const progressed = content();
    const section = progressed.sections[0];
    if (section) section.progress = "done";
    expect(contentChanged(content(), progressed)).to.equal(true);
    expect(contentChanged(content(), content({ situations: [{ frameworkId: "fw", code: "F1" }] }))).to.equal(
      true,
    );
  });
});
