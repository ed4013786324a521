import { expect } from "chai";
import { frameworkJsonSchema } from "../../../src/domain/frameworks/json-schema.js";
import { parseFrameworkJson, serializeFrameworkJson } from "../../../src/domain/frameworks/json-format.js";
import { problemI18n, type ImportProblem } from "../../../src/domain/frameworks/problems.js";
import { buildFramework, readRepoFile } from "./build.js";

/** A valid file, one member per line; tests replace single lines to break it. */
const VALID_LINES = [
  /*  1 */ "{",
  /*  2 */ '  "key": "exemple",',
  /*  3 */ '  "version": "1",',
  /*  4 */ '  "title": { "fr": "Exemple" },',
  /*  5 */ '  "source": { "citation": "Tests", "note": "Inventé" },',
  /*  6 */ '  "scale": {',
  /*  7 */ '    "levels": [',
  /*  8 */ '      { "code": "a", "label": { "fr": "à compléter" }, "proficient": false },',
  /*  9 */ '      { "code": "b", "label": { "fr": "validé" }, "proficient": true }',
  /* 10 */ "    ]",
  /* 11 */ "  },",
  /* 12 */ '  "competences": [',
  /* 13 */ '    { "code": "D1", "title": { "fr": "Domaine" }, "children": [',
  /* 14 */ '      { "code": "D1.1", "title": { "fr": "Item" } },',
  /* 15 */ '      { "code": "D1.2", "title": { "fr": "Autre item" } }',
  /* 16 */ "    ] }",
  /* 17 */ "  ]",
  /* 18 */ "}",
];

function fileWith(replacements: Record<number, string>): string {
  return VALID_LINES.map((line, index) => replacements[index + 1] ?? line).join("\n");
}

function problemsOf(text: string): ImportProblem[] {
  const result = parseFrameworkJson(text);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.problems;
}

describe("parseFrameworkJson", () => {
  it("reads a valid file", () => {
    const result = parseFrameworkJson(fileWith({}));
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.framework.competences[0]?.children.map((child) => child.code)).to.deep.equal([
      "D1.1",
      "D1.2",
    ]);
  });

  it("accepts a byte-order mark and CRLF line endings, and keeps counting lines right", () => {
    const text = `\uFEFF${fileWith({ 14: '      { "code": "D1.1", "title": { "fr": "" } },' }).replace(/\n/g, "\r\n")}`;
    expect(problemsOf(text)).to.deep.equal([
      { line: 14, column: "competences[0].children[0].title.fr", code: "EMPTY_TEXT" },
    ]);
  });

  describe("syntax errors", () => {
    it("reports a missing comma with its line and column", () => {
      expect(problemsOf(fileWith({ 3: '  "version": "1"' }))).to.deep.equal([
        { line: 4, code: "JSON_UNEXPECTED_CHARACTER", params: { character: 3, found: '"' } },
      ]);
    });

    it("shows a raw line break inside a string by its code", () => {
      expect(problemsOf('{\n  "key": "a\nb"\n}')).to.deep.equal([
        { line: 2, code: "JSON_UNEXPECTED_CHARACTER", params: { character: 12, found: "U+000A" } },
      ]);
    });

    it("reports a truncated file", () => {
      const truncated = VALID_LINES.slice(0, 12).join("\n");
      const [problem] = problemsOf(truncated);
      expect(problem?.code).to.equal("JSON_UNEXPECTED_END");
      expect(problem?.line).to.equal(12);
    });

    it("refuses a key given twice, which JSON.parse would silently resolve", () => {
      expect(problemsOf(fileWith({ 3: '  "version": "1", "key": "autre",' }))).to.deep.equal([
        { line: 3, column: "key", code: "JSON_DUPLICATE_KEY", params: { key: "key", firstLine: 2 } },
      ]);
    });
  });

  describe("problems in the content", () => {
    it("lists every problem of the file at once, in line order", () => {
      const text = fileWith({
        4: '  "titel": { "fr": "Exemple" },',
        9: '      { "code": "b", "label": { "fr": "validé" }, "proficient": "oui" }',
        14: '      { "code": "D1", "title": { "fr": "Item" } },',
        15: '      { "code": "D1.2", "title": { "fr": "  " } }',
      });
      expect(problemsOf(text)).to.deep.equal([
        { line: 1, column: "title", code: "MISSING_FIELD" },
        { line: 4, column: "titel", code: "UNKNOWN_FIELD" },
        {
          line: 9,
          column: "scale.levels[1].proficient",
          code: "WRONG_TYPE",
          params: { expected: "boolean", received: "string" },
        },
        {
          line: 14,
          column: "competences[0].children[0].code",
          code: "DUPLICATE_CODE",
          params: { code: "D1", firstLine: 13 },
        },
        { line: 15, column: "competences[0].children[1].title.fr", code: "EMPTY_TEXT" },
      ]);
    });

    it("reports a missing field on the line of the object that lacks it", () => {
      expect(problemsOf(fileWith({ 14: '      { "code": "D1.1" },' }))).to.deep.equal([
        { line: 14, column: "competences[0].children[0].title", code: "MISSING_FIELD" },
      ]);
    });

    it("compares codes without case", () => {
      const [problem] = problemsOf(
        fileWith({ 15: '      { "code": "d1.1", "title": { "fr": "Autre item" } }' }),
      );
      expect(problem).to.deep.include({
        line: 15,
        code: "DUPLICATE_CODE",
        params: { code: "d1.1", firstLine: 14 },
      });
    });

    it("refuses a scale where nothing is acquired", () => {
      expect(
        problemsOf(
          fileWith({ 9: '      { "code": "b", "label": { "fr": "validé" }, "proficient": false }' }),
        ),
      ).to.deep.equal([{ line: 7, column: "scale.levels", code: "SCALE_NO_PROFICIENT" }]);
    });

    it("refuses a scale where an acquired level sits below one that is not", () => {
      const text = fileWith({
        8: '      { "code": "a", "label": { "fr": "à compléter" }, "proficient": true },',
        9: '      { "code": "b", "label": { "fr": "validé" }, "proficient": false }',
      });
      expect(problemsOf(text).map((problem) => problem.code)).to.deep.equal(["SCALE_PROFICIENT_NOT_AT_TOP"]);
    });

    it("refuses a scale with a single level, duplicated labels or a comma in a label", () => {
      const single = fileWith({
        8: "",
        9: '      { "code": "b", "label": { "fr": "validé" }, "proficient": true }',
      });
      expect(problemsOf(single)).to.deep.equal([
        { line: 7, column: "scale.levels", code: "SCALE_TOO_FEW_LEVELS", params: { min: 2 } },
      ]);
      const twice = fileWith({
        9: '      { "code": "b", "label": { "fr": "À compléter" }, "proficient": true }',
      });
      expect(problemsOf(twice)).to.deep.equal([
        {
          line: 9,
          column: "scale.levels[1].label.fr",
          code: "DUPLICATE_LEVEL_LABEL",
          params: { label: "À compléter", firstLine: 8 },
        },
      ]);
      const comma = fileWith({
        9: '      { "code": "b", "label": { "fr": "validé, enfin" }, "proficient": true }',
      });
      expect(problemsOf(comma).map((problem) => problem.code)).to.deep.equal(["LEVEL_LABEL_HAS_COMMA"]);
    });

    it("treats a __proto__ member as an unknown field", () => {
      const problems = problemsOf(
        fileWith({ 4: '  "title": { "fr": "Exemple", "__proto__": { "polluted": true } },' }),
      );
      expect(problems).to.deep.equal([{ line: 4, column: "title.__proto__", code: "UNKNOWN_FIELD" }]);
      expect(Object.prototype).to.not.have.property("polluted");
    });

    it("accepts only web addresses as source URLs", () => {
      const text = fileWith({
        5: '  "source": { "citation": "Tests", "note": "Inventé", "url": "javascript:alert(1)" },',
      });
      expect(problemsOf(text)).to.deep.equal([{ line: 5, column: "source.url", code: "INVALID_URL" }]);
    });

    it("refuses a root that is not an object", () => {
      expect(problemsOf("[]")).to.deep.equal([
        { line: 1, code: "WRONG_TYPE", params: { expected: "object", received: "array" } },
      ]);
    });
  });

  describe("problemI18n", () => {
    it("points at the frameworks namespace and passes line and column as values", () => {
      const problem: ImportProblem = {
        line: 14,
        column: "ID number",
        code: "DUPLICATE_CODE",
        params: { code: "D1", firstLine: 3 },
      };
      expect(problemI18n(problem)).to.deep.equal({
        key: "frameworks:problems.DUPLICATE_CODE",
        params: { code: "D1", firstLine: 3, line: 14, column: "ID number" },
      });
    });
  });
});

describe("serializeFrameworkJson", () => {
  it("writes a file that parses back to the same framework", () => {
    const def = buildFramework();
    const text = serializeFrameworkJson(def, { schemaUrl: "./framework.schema.json" });
    expect(text.startsWith('{\n  "$schema": "./framework.schema.json",')).to.equal(true);
    expect(parseFrameworkJson(text)).to.deep.equal({ ok: true, framework: def });
  });
});

describe("frameworkJsonSchema", () => {
  it("is the committed data/frameworks/framework.schema.json (regenerate the file when the model changes)", () => {
    const committed: unknown = JSON.parse(readRepoFile("data/frameworks/framework.schema.json"));
    expect(committed).to.deep.equal(frameworkJsonSchema());
  });

  it("refuses unknown fields and requires what the model requires", () => {
    const schema = frameworkJsonSchema();
    expect(schema).to.have.nested.property("definitions.FrameworkDefinition.additionalProperties", false);
    expect(schema)
      .to.have.nested.property("definitions.FrameworkDefinition.required")
      .that.deep.equals(["key", "version", "title", "source", "scale", "competences"]);
  });
});
