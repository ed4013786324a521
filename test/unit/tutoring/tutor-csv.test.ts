// Reading a tutoring file: delimiters, header or not, kinds, and every malformed row named by its line.
import { expect } from "chai";
import { MAX_IMPORT_ROWS, readTutorCsv } from "../../../src/domain/tutoring/tutor-csv.js";

describe("readTutorCsv", () => {
  it("reads a French header in any order, with semicolons", () => {
    const csv = readTutorCsv("Groupe;Tutoré;Tuteur\nG1;lea@x.fr;paul@x.fr\n");
    expect(csv.problems).to.deep.equal([]);
    expect(csv.rows).to.deep.equal([
      { line: 2, tutor: "paul@x.fr", learner: "lea@x.fr", group: "G1", kind: "tutor" },
    ]);
  });

  it("reads cells pasted from a spreadsheet (tabs, no header) and the peer kind", () => {
    const csv = readTutorCsv("amelie\thugo\t\tpair\r\npaul\tlea\tGEP\t\r\n");
    expect(csv.rows.map((row) => [row.line, row.tutor, row.learner, row.group, row.kind])).to.deep.equal([
      [1, "amelie", "hugo", null, "peer"],
      [2, "paul", "lea", "GEP", "tutor"],
    ]);
  });

  it("names missing people, unknown kinds and over-long cells by line, and an empty file", () => {
    const csv = readTutorCsv(`tutor,learner,kind\npaul,,\n,lea,\npaul,lea,boss\npaul,${"x".repeat(400)},\n`);
    expect(csv.rows).to.deep.equal([]);
    expect(csv.problems.map((problem) => [problem.line, problem.code])).to.deep.equal([
      [2, "MISSING_PERSON"],
      [3, "MISSING_PERSON"],
      [4, "UNKNOWN_KIND"],
      [5, "CELL_TOO_LONG"],
    ]);
    expect(readTutorCsv("\n\n").problems.map((problem) => problem.code)).to.deep.equal(["EMPTY_FILE"]);
  });

  it("refuses more rows than an import takes, and says where a quote is left open", () => {
    const many = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `t${i};l${i}`).join("\n");
    expect(readTutorCsv(many).problems.map((problem) => problem.code)).to.deep.equal(["TOO_MANY_ROWS"]);
    const open = readTutorCsv('paul;lea\npaul;"lea\n');
    expect(open.problems).to.deep.include({ line: 2, code: "UNTERMINATED_QUOTE", params: {} });
  });
});
