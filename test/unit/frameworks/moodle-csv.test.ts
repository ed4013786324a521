import { expect } from "chai";
import { readCsv } from "../../../src/domain/frameworks/csv.js";
import type { CompetenceNode, FrameworkDefinition } from "../../../src/domain/frameworks/framework.js";
import { countCompetences, findCompetence } from "../../../src/domain/frameworks/framework.js";
import {
  MOODLE_CSV_COLUMNS,
  moodleCsvContent,
  parseMoodleCsv,
  toMoodleCsv,
} from "../../../src/domain/frameworks/moodle-csv.js";
import type { ImportProblem } from "../../../src/domain/frameworks/problems.js";
import { buildFramework, node, readRepoFile } from "./build.js";

// Moodle's own test fixture (admin/tool/lpimportcsv/tests/fixtures/example.csv, GPL v3), copied
// byte for byte: old header names, CRLF inside quoted fields, LF between records.
const MOODLE_EXAMPLE = readRepoFile("test/fixtures/moodle-competency-example.csv");

const HEADER =
  '"Parent ID number","ID number","Short name",Description,"Description format","Scale values",' +
  '"Scale configuration","Rule type (optional)","Rule outcome (optional)","Rule config (optional)",' +
  '"Cross-referenced competency ID numbers","Exported ID (optional)","Is framework",Taxonomy';
const CONFIG = '"[{""scaleid"":""2""},{""id"":2,""scaledefault"":1,""proficient"":1}]"';
const FRAMEWORK_ROW = `,ex,Exemple,,2,"à compléter,validé",${CONFIG},,,,,,1,"domain,competency"`;
const row = (parent: string, code: string, title: string, description = ""): string =>
  `${parent},${code},${title},${description},2,,,,0,null,,,,`;

function file(...lines: string[]): string {
  return `${lines.join("\n")}\n`;
}

function parsed(text: string): FrameworkDefinition {
  const result = parseMoodleCsv(text);
  if (!result.ok) throw new Error(`expected a valid file, got ${JSON.stringify(result.problems)}`);
  return result.framework;
}

function problemsOf(text: string): ImportProblem[] {
  const result = parseMoodleCsv(text);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.problems;
}

describe("parseMoodleCsv", () => {
  describe("Moodle's example file", () => {
    const def = parsed(MOODLE_EXAMPLE);

    it("imports the 64 competencies Moodle's own test expects, as a tree", () => {
      expect(countCompetences(def)).to.deep.equal({ total: 64, leaves: 44, roots: 2, depth: 4 });
      expect(def.competences.map((root) => root.code)).to.deep.equal(["levels", "competencies"]);
      expect(findCompetence(def, "DR-AT1")?.path).to.deep.equal([
        "competencies",
        "delivery",
        "analytical-thinking",
      ]);
    });

    it("reads the framework row: key from the id number, title, scale and proficiency", () => {
      expect(def.key).to.equal("oecd-core");
      expect(def.version).to.equal("1");
      expect(def.title).to.deep.equal({ fr: "OECD" });
      expect(def.scale.levels).to.deep.equal([
        { code: "not-yet-competent", label: { fr: "Not yet competent" }, proficient: false },
        { code: "competent", label: { fr: "Competent" }, proficient: true },
      ]);
      expect(def.situationFamilies).to.deep.equal([]);
      expect(def.source.citation).to.include("OECD-CORE");
    });

    it("keeps the id number's case, HTML descriptions with their format, and the taxonomies", () => {
      expect(def.idNumber).to.equal("OECD-CORE");
      expect(def.descriptionFormat).to.equal("html");
      expect(def.description?.fr).to.match(/^<p>The Core Competencies summarise/);
      expect(def.description?.fr).to.include("<br>• The interpersonal competencies\n<br>");
      expect(findCompetence(def, "delivery")?.node.description).to.deep.equal({
        fr: "<p>Achieving Results<br></p>",
      });
      expect(findCompetence(def, "competencies")?.node).to.not.have.property("description");
      expect(findCompetence(def, "competencies")?.node).to.include({ descriptionFormat: "html" });
      expect(def.taxonomies).to.deep.equal(["competency", "competency", "competency", "competency"]);
      expect(def.scale).to.include({ defaultLevel: "competent", externalId: "2" });
    });

    it("keeps cross-references both ways, as the file gives them", () => {
      expect(findCompetence(def, "level-1")?.node.related).to.have.length(39);
      expect(findCompetence(def, "level-1")?.node.related?.slice(0, 2)).to.deep.equal(["S-DT-1", "S-DT-2"]);
      expect(findCompetence(def, "S-DT-1")?.node.related).to.deep.equal(["level-1"]);
    });

    it("keeps the trailing spaces some short names have, as Moodle does", () => {
      expect(findCompetence(def, "DR-DS-1")?.node.title.fr).to.equal(
        "Tailors communication (e.g. content, style and medium) to diverse audiences. ",
      );
    });

    it("takes version, key and source from the options when given", () => {
      const source = { citation: "OCDE, cadre de compétences", note: "Fichier d’exemple de Moodle." };
      const result = parseMoodleCsv(MOODLE_EXAMPLE, { version: "2014", key: "ocde", source });
      expect(
        result.ok && [result.framework.version, result.framework.key, result.framework.source],
      ).to.deep.equal(["2014", "ocde", source]);
    });

    it("survives import → export → import unchanged", () => {
      const options = { source: def.source };
      const again = parseMoodleCsv(toMoodleCsv(def), options);
      expect(again).to.deep.equal({ ok: true, framework: def });
    });
  });

  it("links rows to parents that come later in the file", () => {
    const def = parsed(file(HEADER, row("D1", "D1.1", "Item"), FRAMEWORK_ROW, row("", "D1", "Domaine")));
    const plain = (competence: CompetenceNode): CompetenceNode => ({
      ...competence,
      descriptionFormat: "plain",
    });
    expect(def.competences).to.deep.equal([plain(node("D1", "Domaine", [plain(node("D1.1", "Item"))]))]);
  });

  it("reads a file with a byte-order mark, CRLF line endings and semicolons (French spreadsheets)", () => {
    const text = `\uFEFF${toMoodleCsv(buildFramework(), { delimiter: ";" }).replace(/\n/g, "\r\n")}`;
    expect(moodleCsvContent(parsed(text))).to.deep.equal(moodleCsvContent(buildFramework()));
  });

  it("keeps descriptions exactly as written, with their format (HTML is sanitized when shown)", () => {
    const def = parsed(
      file(
        HEADER,
        FRAMEWORK_ROW,
        '"",P,Plain,"<b>tel quel</b>",2,,,,0,null,,,,',
        '"",M,Auto,"ligne 1\nligne 2<br>ligne 3 &amp; fin",0,,,,0,null,,,,',
      ),
    );
    expect(findCompetence(def, "P")?.node).to.include({ descriptionFormat: "plain" });
    expect(findCompetence(def, "P")?.node.description?.fr).to.equal("<b>tel quel</b>");
    expect(findCompetence(def, "M")?.node).to.include({ descriptionFormat: "moodle" });
    expect(findCompetence(def, "M")?.node.description?.fr).to.equal("ligne 1\nligne 2<br>ligne 3 &amp; fin");
  });

  it("accepts a competency that repeats the framework's scale", () => {
    const text = file(HEADER, FRAMEWORK_ROW, `,D1,Domaine,,2,"à compléter,validé",${CONFIG},,0,null,,,,`);
    expect(parsed(text).competences).to.have.length(1);
  });

  describe("refuses bad files, listing every problem with its line", () => {
    it("an empty file", () => {
      expect(problemsOf("")).to.deep.equal([{ code: "EMPTY_FILE" }]);
      expect(problemsOf("\uFEFF\r\n\r\n")).to.deep.equal([{ code: "EMPTY_FILE" }]);
    });

    it("a header with the wrong number of columns", () => {
      expect(problemsOf(file("Parent,ID,Name", FRAMEWORK_ROW))).to.deep.equal([
        { line: 1, code: "WRONG_HEADER", params: { expected: 14, found: 3 } },
      ]);
    });

    it("a header whose known columns are out of order", () => {
      const swapped = HEADER.replace('"Parent ID number","ID number"', '"ID number","Parent ID number"');
      expect(problemsOf(file(swapped, FRAMEWORK_ROW, row("", "D1", "Domaine")))).to.deep.equal([
        {
          line: 1,
          code: "WRONG_HEADER_COLUMN",
          params: { position: 1, found: "ID number", expected: "Parent ID number" },
        },
        {
          line: 1,
          code: "WRONG_HEADER_COLUMN",
          params: { position: 2, found: "Parent ID number", expected: "ID number" },
        },
      ]);
    });

    it("a file without its header line", () => {
      expect(problemsOf(file(FRAMEWORK_ROW, row("", "D1", "Domaine")))).to.deep.equal([
        { line: 1, code: "MISSING_HEADER" },
      ]);
    });

    it("accepts translated header names, since Moodle reads columns by position", () => {
      const translated = Array.from({ length: 14 }, (_, index) => `Colonne ${index + 1}`).join(",");
      expect(parsed(file(translated, FRAMEWORK_ROW, row("", "D1", "Domaine"))).competences).to.have.length(1);
    });

    it("a missing framework row", () => {
      expect(problemsOf(file(HEADER, row("", "D1", "Domaine")))).to.deep.equal([
        { code: "MISSING_FRAMEWORK_ROW" },
      ]);
    });

    it("two framework rows", () => {
      expect(problemsOf(file(HEADER, FRAMEWORK_ROW, row("", "D1", "Domaine"), FRAMEWORK_ROW))).to.deep.equal([
        { line: 4, column: "Is framework", code: "MULTIPLE_FRAMEWORK_ROWS", params: { firstLine: 2 } },
      ]);
    });

    it("duplicate id numbers, naming the first occurrence", () => {
      expect(
        problemsOf(file(HEADER, FRAMEWORK_ROW, row("", "D1", "Domaine"), row("", "d1", "Encore"))),
      ).to.deep.equal([
        { line: 4, column: "ID number", code: "DUPLICATE_CODE", params: { code: "d1", firstLine: 3 } },
      ]);
    });

    it("an unknown parent", () => {
      expect(
        problemsOf(file(HEADER, FRAMEWORK_ROW, row("", "D1", "Domaine"), row("D9", "D9.1", "Orphelin"))),
      ).to.deep.equal([
        {
          line: 4,
          column: "Parent ID number",
          code: "UNKNOWN_PARENT",
          params: { code: "D9.1", parent: "D9" },
        },
      ]);
    });

    it("a cycle of parents, on every row of the cycle", () => {
      const text = file(
        HEADER,
        FRAMEWORK_ROW,
        row("", "D1", "Domaine"),
        row("B", "A", "A"),
        row("A", "B", "B"),
        row("C", "C", "Son propre parent"),
      );
      expect(problemsOf(text)).to.deep.equal([
        { line: 4, column: "Parent ID number", code: "PARENT_CYCLE", params: { code: "A", parent: "B" } },
        { line: 5, column: "Parent ID number", code: "PARENT_CYCLE", params: { code: "B", parent: "A" } },
        { line: 6, column: "Parent ID number", code: "PARENT_CYCLE", params: { code: "C", parent: "C" } },
      ]);
    });

    it("a framework id number that gives no usable key, unless a key is given", () => {
      const symbols = FRAMEWORK_ROW.replace(",ex,", ",***,");
      expect(problemsOf(file(HEADER, symbols, row("", "D1", "Domaine")))).to.deep.equal([
        { line: 2, column: "ID number", code: "INVALID_KEY" },
      ]);
      expect(
        parseMoodleCsv(file(HEADER, symbols, row("", "D1", "Domaine")), { key: "symboles" }).ok,
      ).to.equal(true);
    });

    it("an empty short name or id number", () => {
      expect(
        problemsOf(file(HEADER, FRAMEWORK_ROW, row("", "D1", ""), row("", "", "Sans code"))),
      ).to.deep.equal([
        { line: 3, column: "Short name", code: "EMPTY_SHORTNAME" },
        { line: 4, column: "ID number", code: "EMPTY_ID_NUMBER" },
      ]);
    });

    it("a scale configuration that is not JSON", () => {
      const bad = FRAMEWORK_ROW.replace(CONFIG, '"[{scaleid:2}"');
      expect(problemsOf(file(HEADER, bad, row("", "D1", "Domaine")))).to.deep.equal([
        { line: 2, column: "Scale configuration", code: "INVALID_SCALE_CONFIGURATION" },
      ]);
    });

    it("a scale configuration naming a level the scale does not have", () => {
      const bad = FRAMEWORK_ROW.replace(
        CONFIG,
        '"[{""scaleid"":""2""},{""id"":3,""scaledefault"":1,""proficient"":1}]"',
      );
      expect(problemsOf(file(HEADER, bad, row("", "D1", "Domaine")))).to.deep.equal([
        {
          line: 2,
          column: "Scale configuration",
          code: "SCALE_CONFIGURATION_UNKNOWN_LEVEL",
          params: { id: 3, levels: 2 },
        },
      ]);
    });

    it("a scale configuration without a default or without a proficient level", () => {
      const noDefault = FRAMEWORK_ROW.replace(
        CONFIG,
        '"[{""scaleid"":""2""},{""id"":2,""scaledefault"":0,""proficient"":1}]"',
      );
      expect(problemsOf(file(HEADER, noDefault, row("", "D1", "Domaine")))).to.deep.equal([
        { line: 2, column: "Scale configuration", code: "SCALE_CONFIGURATION_NO_DEFAULT" },
      ]);
      const noProficient = FRAMEWORK_ROW.replace(
        CONFIG,
        '"[{""scaleid"":""2""},{""id"":1,""scaledefault"":1,""proficient"":0}]"',
      );
      expect(problemsOf(file(HEADER, noProficient, row("", "D1", "Domaine")))).to.deep.equal([
        { line: 2, column: "Scale configuration", code: "SCALE_NO_PROFICIENT" },
      ]);
    });

    it("missing or broken scale values", () => {
      const missing = FRAMEWORK_ROW.replace('"à compléter,validé"', "");
      expect(problemsOf(file(HEADER, missing, row("", "D1", "Domaine")))).to.deep.equal([
        { line: 2, column: "Scale values", code: "MISSING_SCALE_VALUES" },
      ]);
      const hole = FRAMEWORK_ROW.replace('"à compléter,validé"', '"à compléter,,validé"').replace(
        '""id"":2',
        '""id"":3',
      );
      expect(problemsOf(file(HEADER, hole, row("", "D1", "Domaine")))).to.deep.equal([
        { line: 2, column: "Scale values", code: "EMPTY_LEVEL_LABEL", params: { position: 2 } },
      ]);
    });

    it("a competency with a scale of its own", () => {
      const own = `,D1,Domaine,,2,"non,oui,bien",${CONFIG},,0,null,,,,`;
      expect(problemsOf(file(HEADER, FRAMEWORK_ROW, own))).to.deep.equal([
        { line: 3, column: "Scale values", code: "COMPETENCY_SCALE_UNSUPPORTED" },
      ]);
    });

    it("an unknown description format", () => {
      expect(problemsOf(file(HEADER, FRAMEWORK_ROW, ",D1,Domaine,Texte,html,,,,0,null,,,,"))).to.deep.equal([
        {
          line: 3,
          column: "Description format",
          code: "INVALID_DESCRIPTION_FORMAT",
          params: { value: "html" },
        },
      ]);
    });

    it("a framework row with the wrong number of columns, without reporting it missing", () => {
      expect(
        problemsOf(file(HEADER, FRAMEWORK_ROW.replace(",,,,,,1,", ",1,"), row("", "D1", "Domaine"))),
      ).to.deep.equal([{ line: 2, code: "WRONG_COLUMN_COUNT", params: { expected: 14, found: 9 } }]);
    });

    it("a row with the wrong number of columns", () => {
      expect(problemsOf(file(HEADER, FRAMEWORK_ROW, row("", "D1", "Domaine"), ",D2,Deux,,2"))).to.deep.equal([
        { line: 4, code: "WRONG_COLUMN_COUNT", params: { expected: 14, found: 5 } },
      ]);
    });

    it("an unbalanced quote, reported on the line where its record starts", () => {
      const text = file(
        HEADER,
        FRAMEWORK_ROW,
        row("", "D1", "Domaine", '"description\nsur deux lignes"'),
        row("D1", "D1.1", "Item", '"jamais fermée'),
        row("D1", "D1.2", "Autre"),
      );
      expect(problemsOf(text)).to.deep.equal([{ line: 5, code: "UNBALANCED_QUOTES" }]);
    });

    it("an unbalanced quote in the framework row, without consequences reported as problems", () => {
      const text = file(
        HEADER,
        FRAMEWORK_ROW.replace('"domain,competency"', '"domain,competency'),
        row("", "D1", "Domaine"),
      );
      expect(problemsOf(text)).to.deep.equal([{ line: 2, code: "UNBALANCED_QUOTES" }]);
    });

    it("a version given as an option that is empty, reported without a line", () => {
      const result = parseMoodleCsv(file(HEADER, FRAMEWORK_ROW, row("", "D1", "Domaine")), { version: " " });
      expect(result).to.deep.equal({
        ok: false,
        problems: [{ column: "version", code: "EMPTY_TEXT" }],
      });
    });

    it("every problem at once, on the line where each record starts", () => {
      const text = file(
        HEADER,
        FRAMEWORK_ROW,
        row("", "D1", "Domaine", '"une description\nsur\ntrois lignes"'),
        row("D1", "D1", "Doublon"),
        row("D7", "D7.1", "Orphelin"),
        row("", "D2", ""),
      ).replace(/\n/g, "\r\n");
      expect(problemsOf(text)).to.deep.equal([
        { line: 6, column: "ID number", code: "DUPLICATE_CODE", params: { code: "D1", firstLine: 3 } },
        {
          line: 7,
          column: "Parent ID number",
          code: "UNKNOWN_PARENT",
          params: { code: "D7.1", parent: "D7" },
        },
        { line: 8, column: "Short name", code: "EMPTY_SHORTNAME" },
      ]);
    });
  });
});

describe("toMoodleCsv", () => {
  const def = buildFramework({
    description: { fr: 'Une description\nsur deux lignes, avec des « guillemets » et "doubles".' },
  });
  const text = toMoodleCsv(def);
  const read = readCsv(text, ",");
  const records = read.ok ? read.records : [];

  it("writes Moodle's header and 14 columns on every row", () => {
    expect(records[0]?.fields).to.deep.equal([...MOODLE_CSV_COLUMNS]);
    expect(records.every((record) => record.fields.length === 14)).to.equal(true);
    expect(text.split("\n")[0]).to.equal(
      '"Parent ID number","ID number","Short name",Description,"Description format","Scale values",' +
        '"Scale configuration","Rule type (optional)","Rule outcome (optional)","Rule config (optional)",' +
        '"Cross-referenced competency ID numbers","Exported ID (optional)","Is framework",Taxonomy',
    );
  });

  it("writes the framework row first, with its scale, proficiency and a taxonomy per depth", () => {
    expect(records[1]?.fields).to.deep.equal([
      "",
      "exemple",
      "Référentiel d’exemple",
      'Une description\nsur deux lignes, avec des « guillemets » et "doubles".',
      "2",
      "non acquis,acquis",
      '[{"scaleid":"0"},{"id":2,"scaledefault":1,"proficient":1}]',
      "",
      "",
      "",
      "",
      "",
      "1",
      "domain,competency",
    ]);
  });

  it("writes competencies parents first, linked by id number, like Moodle's exporter", () => {
    expect(records.slice(2).map((record) => record.fields)).to.deep.equal([
      ["", "D1", "Premier domaine", "", "", "", "", "", "0", "null", "", "1", "", ""],
      ["D1", "D1.1", "Première compétence", "", "", "", "", "", "0", "null", "", "2", "", ""],
      ["D1", "D1.2", "Deuxième compétence", "", "", "", "", "", "0", "null", "", "3", "", ""],
      ["", "D2", "Second domaine", "", "", "", "", "", "0", "null", "", "4", "", ""],
      ["D2", "D2.1", "Troisième compétence", "", "", "", "", "", "0", "null", "", "5", "", ""],
    ]);
  });

  it("marks the lowest proficient level as Moodle's default rating", () => {
    const three = buildFramework({
      scale: {
        levels: [
          { code: "novice", label: { fr: "novice" }, proficient: false },
          { code: "intermediaire", label: { fr: "intermédiaire" }, proficient: true },
          { code: "competent", label: { fr: "compétent" }, proficient: true },
        ],
      },
    });
    const framework = readCsv(toMoodleCsv(three), ",");
    expect(framework.ok && framework.records[1]?.fields[6]).to.equal(
      '[{"scaleid":"0"},{"id":2,"scaledefault":1,"proficient":1},{"id":3,"scaledefault":0,"proficient":1}]',
    );
  });

  it("adds a byte-order mark only when asked", () => {
    expect(text.startsWith("\uFEFF")).to.equal(false);
    expect(toMoodleCsv(def, { bom: true }).startsWith("\uFEFF")).to.equal(true);
  });

  it("round-trips everything the CSV carries, and only that", () => {
    const rich = buildFramework({
      situationFamilies: [{ code: "F1", title: { fr: "Famille" } }],
      competences: [
        node("D1", 'Domaine \\"échappé\\"', [
          { ...node("D1.1", "Item"), description: { fr: 'Texte, « cité »\n\net "doublé"', en: "Text" } },
        ]),
      ],
    });
    const back = parseMoodleCsv(toMoodleCsv(rich), { version: rich.version, source: rich.source });
    expect(back.ok && moodleCsvContent(back.framework)).to.deep.equal(moodleCsvContent(rich));
    expect(back.ok && back.framework.situationFamilies).to.deep.equal([]);
    expect(back.ok && back.framework.title).to.deep.equal({ fr: rich.title.fr });
  });
});
