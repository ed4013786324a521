import { expect } from "chai";
import { normalizeCsvText, readCsv, writeCsvRow } from "../../../src/domain/frameworks/csv.js";

describe("CSV dialect (PHP fgetcsv/fputcsv, as Moodle uses them)", () => {
  describe("readCsv", () => {
    it("reads quoted fields with delimiters, doubled quotes and line breaks", () => {
      expect(readCsv('a,"b,c","say ""hi""","two\nlines"\n', ",")).to.deep.equal({
        ok: true,
        records: [{ line: 1, fields: ["a", "b,c", 'say "hi"', "two\nlines"] }],
      });
    });

    it("numbers records by the line they start on and skips blank lines", () => {
      const read = readCsv('h1,h2\n\n"x\ny",1\nz,2', ",");
      expect(read.ok && read.records.map((record) => [record.line, record.fields])).to.deep.equal([
        [1, ["h1", "h2"]],
        [3, ["x\ny", "1"]],
        [5, ["z", "2"]],
      ]);
    });

    it("keeps a backslash-escaped quote inside a quoted field, as PHP does", () => {
      const read = readCsv('"a\\"b",c\n', ",");
      expect(read.ok && read.records[0]?.fields).to.deep.equal(['a\\"b', "c"]);
    });

    it("says where an unterminated quote starts", () => {
      expect(readCsv('a,b\n"open,\nstill open\n', ",")).to.deep.equal({
        ok: false,
        records: [{ line: 1, fields: ["a", "b"] }],
        unterminatedQuoteLine: 2,
      });
    });

    it("skips spaces before an opening quote, as PHP does", () => {
      const read = readCsv('a, "b,c"\n', ",");
      expect(read.ok && read.records[0]?.fields).to.deep.equal(["a", "b,c"]);
    });

    it("keeps an empty quoted field as a record", () => {
      const read = readCsv('""\n', ",");
      expect(read.ok && read.records).to.deep.equal([{ line: 1, fields: [""] }]);
    });
  });

  describe("normalizeCsvText", () => {
    it("drops the byte-order mark and turns CRLF and CR into LF", () => {
      expect(normalizeCsvText("\uFEFFa\r\nb\rc\n")).to.equal("a\nb\nc\n");
    });
  });

  describe("writeCsvRow", () => {
    it("quotes like fputcsv: only fields with a delimiter, quote, backslash, space or line break", () => {
      expect(writeCsvRow(["Shortname", "Short name", "a,b", 'q"q', "", "1", "l\nl"])).to.equal(
        'Shortname,"Short name","a,b","q""q",,1,"l\nl"\n',
      );
    });

    it("does not double a quote that follows a backslash, so PHP reads the field back", () => {
      const written = writeCsvRow(['a\\"b', "c"]);
      expect(written).to.equal('"a\\"b",c\n');
      const read = readCsv(written, ",");
      expect(read.ok && read.records[0]?.fields).to.deep.equal(['a\\"b', "c"]);
    });

    it("uses the delimiter it is given", () => {
      expect(writeCsvRow(["a;b", "c,d"], ";")).to.equal('"a;b";c,d\n');
    });
  });
});

describe("CSV formula injection", () => {
  it("neutralises cells a spreadsheet would run, and reads them back unchanged", () => {
    const hostile = [
      '=HYPERLINK("http://evil.example","clic")',
      "@SUM(1+1)",
      "+33 6",
      "-2",
      "\tx",
      "\rx",
      "a=b",
    ];
    const written = writeCsvRow(hostile);
    const cells = readCsv(written, ",");
    expect(cells.ok && cells.records[0]?.fields).to.deep.equal(hostile);
    for (const cell of written.slice(0, -1).split(",")) {
      expect(cell.replace(/^"/, ""), cell).not.to.match(/^[=+\-@\t\r]/);
    }
    expect(written.startsWith(`"'=HYPERLINK(`)).to.equal(true);
  });
});
