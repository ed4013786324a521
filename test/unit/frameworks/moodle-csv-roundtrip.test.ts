import { expect } from "chai";
import { readCsv, writeCsvRow } from "../../../src/domain/frameworks/csv.js";
import { findCompetence } from "../../../src/domain/frameworks/framework.js";
import {
  MOODLE_CSV_COLUMNS,
  parseMoodleCsv,
  toMoodleCsv,
} from "../../../src/domain/frameworks/moodle-csv.js";
import type { ImportProblem } from "../../../src/domain/frameworks/problems.js";
import { readRepoFile } from "./build.js";

// Column positions, as Moodle's importer reads them.
const ID = 1;
const SCALE_CONFIGURATION = 6;
const RULE_TYPE = 7;
const RULE_CONFIG = 9;
const EXPORTED_ID = 11;
const IS_FRAMEWORK = 12;

const MOODLE_EXAMPLE = readRepoFile("test/fixtures/moodle-competency-example.csv");

/** A file as Moodle writes it, from rows of cells. */
function csv(rows: string[][]): string {
  return [[...MOODLE_CSV_COLUMNS], ...rows].map((row) => writeCsvRow(row)).join("");
}

const POINTS = "core_competency\\competency_rule_points";
const ALL = "core_competency\\competency_rule_all";

// Every column filled somewhere: mixed-case id numbers, HTML/Moodle/Markdown/plain descriptions,
// a three-level scale with its own default and id, taxonomies, both rule types with outcomes,
// cross-references both ways (and an id number with a comma), exported ids that are not 1, 2, 3,
// and a competency with its own copy of the framework's scale.
const HAND_MADE = csv([
  [
    "",
    "MedGen-2024",
    "Médecine générale",
    "<p>Les <strong>six</strong> compétences</p>",
    "1",
    "non acquis,en cours,acquis",
    '[{"scaleid":"7"},{"id":1,"scaledefault":1,"proficient":0},{"id":3,"scaledefault":0,"proficient":1}]',
    "",
    "",
    "",
    "",
    "",
    "1",
    "domain,competency,skill",
  ],
  [
    "",
    "Soins",
    "Soins",
    "Premier recours\nurgences",
    "0",
    "",
    "",
    POINTS,
    "2",
    // The points rule names Soins-1 and Soins-2 by their exported ids.
    '{"base":{"points":2},"competencies":[{"id":"901","points":"1","required":"1"},{"id":902,"points":1,"required":0}]}',
    "",
    "900",
    "",
    "",
  ],
  [
    "Soins",
    "Soins-1",
    "Urgences",
    "**Gérer** l'urgence",
    "4",
    "",
    "",
    "",
    "0",
    "null",
    "Relation,A%2CB",
    "901",
    "",
    "",
  ],
  [
    "Soins",
    "Soins-2",
    "Suivi",
    "texte brut <b>visible</b>",
    "2",
    "",
    "",
    ALL,
    "3",
    "null",
    "",
    "902",
    "",
    "",
  ],
  [
    "Soins-1",
    "Soins-1a",
    "Gestes",
    "",
    "1",
    "non acquis,en cours,acquis",
    '[{"scaleid":"8"},{"id":2,"scaledefault":1,"proficient":0},{"id":3,"scaledefault":0,"proficient":1}]',
    "",
    "0",
    "null",
    "",
    "903",
    "",
    "",
  ],
  [
    "",
    "Relation",
    "Relation",
    "<p>Relation, communication</p>",
    "1",
    "",
    "",
    "",
    "0",
    "null",
    "Soins-1",
    "904",
    "",
    "",
  ],
  ["Relation", "A,B", "Virgule", "", "1", "", "", "", "0", "null", "Soins-1", "905", "", ""],
]);

function records(text: string): string[][] {
  const read = readCsv(text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"), ",");
  if (!read.ok) throw new Error("unreadable CSV");
  return read.records.slice(1).map((record) => record.fields);
}

/** The scale configuration as Moodle reads it: scale id, default item (the first marked), proficient items. */
function scaleMeaning(cell: string): unknown {
  if (cell === "") return "";
  const parsed: unknown = JSON.parse(cell);
  if (!Array.isArray(parsed)) return cell;
  const [head, ...items] = parsed as {
    scaleid?: unknown;
    id?: unknown;
    scaledefault?: unknown;
    proficient?: unknown;
  }[];
  const truthy = (value: unknown): boolean => value !== 0 && value !== "0" && Boolean(value);
  return {
    scaleid: String(head?.scaleid),
    default: items.find((item) => truthy(item.scaledefault))?.id,
    proficient: items.filter((item) => truthy(item.proficient)).map((item) => Number(item.id)),
  };
}

/** A points rule's configuration with exported ids replaced by the id numbers they name. */
function ruleMeaning(type: string, cell: string, idNumberOf: Map<string, string>): unknown {
  if (!type.endsWith("competency_rule_points")) return cell;
  const parsed = JSON.parse(cell) as {
    base: { points: unknown };
    competencies: { id: unknown; points: unknown; required: unknown }[];
  };
  return {
    points: Number(parsed.base.points),
    competencies: parsed.competencies.map((entry) => ({
      idNumber: idNumberOf.get(String(entry.id)),
      points: Number(entry.points),
      required: Number(entry.required),
    })),
  };
}

/**
 * Each row of a file, keyed by id number, column by column as Moodle reads them: the exported id
 * left out (Moodle renumbers it on every export), the scale and rule configurations by meaning.
 */
function meaning(text: string): Map<string, unknown[]> {
  const rows = records(text);
  const idNumberOf = new Map(rows.map((cells) => [cells[EXPORTED_ID] ?? "", cells[ID] ?? ""]));
  return new Map(
    rows.map((cells) => [
      `${cells[IS_FRAMEWORK] === "1" ? "framework:" : ""}${cells[ID]}`,
      cells.map((cell, column) => {
        if (column === EXPORTED_ID) return "(renumbered)";
        if (column === SCALE_CONFIGURATION) return scaleMeaning(cell);
        if (column === RULE_CONFIG) return ruleMeaning(cells[RULE_TYPE] ?? "", cell, idNumberOf);
        return cell;
      }),
    ]),
  );
}

/** Children of each parent in file order: the tree Moodle's importer builds. */
function siblings(text: string): Map<string, string[]> {
  const order = new Map<string, string[]>();
  for (const cells of records(text)) {
    if (cells[IS_FRAMEWORK] === "1") continue;
    const parent = cells[0] ?? "";
    order.set(parent, [...(order.get(parent) ?? []), cells[ID] ?? ""]);
  }
  return order;
}

function exportOf(text: string): string {
  const result = parseMoodleCsv(text);
  if (!result.ok) throw new Error(`expected a valid file, got ${JSON.stringify(result.problems)}`);
  return toMoodleCsv(result.framework);
}

function problemsOf(text: string): ImportProblem[] {
  const result = parseMoodleCsv(text);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.problems;
}

describe("Moodle CSV round trip (import → export)", () => {
  for (const [name, text] of [
    ["Moodle's own example framework (OECD)", MOODLE_EXAMPLE],
    ["a hand-made file with every column filled", HAND_MADE],
  ] as const) {
    describe(name, () => {
      it("gives back every column of every row; only the exported ids differ", () => {
        const before = meaning(text);
        const after = meaning(exportOf(text));
        expect([...after.keys()].sort()).to.deep.equal([...before.keys()].sort());
        for (const [key, cells] of before) expect(after.get(key), key).to.deep.equal(cells);
      });

      it("keeps the order of siblings, so Moodle rebuilds the same tree", () => {
        expect(siblings(exportOf(text))).to.deep.equal(siblings(text));
      });

      it("imports its own export as the same framework", () => {
        const first = parseMoodleCsv(text);
        const source = first.ok ? first.framework.source : undefined;
        const again = parseMoodleCsv(exportOf(text), source ? { source } : {});
        expect(again).to.deep.equal(first);
      });
    });
  }

  it("stores the hand-made file's details in the framework", () => {
    const result = parseMoodleCsv(HAND_MADE);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const def = result.framework;
    expect(def).to.include({ key: "medgen-2024", idNumber: "MedGen-2024", descriptionFormat: "html" });
    expect(def.scale).to.include({ defaultLevel: "non-acquis", externalId: "7" });
    expect(def.taxonomies).to.deep.equal(["domain", "competency", "skill"]);
    expect(findCompetence(def, "Soins")?.node.rule).to.deep.equal({
      type: POINTS,
      outcome: "complete",
      points: {
        required: 2,
        competences: [
          { code: "Soins-1", points: 1, required: true },
          { code: "Soins-2", points: 1, required: false },
        ],
      },
    });
    expect(findCompetence(def, "Soins-2")?.node.rule).to.deep.equal({ type: ALL, outcome: "recommend" });
    expect(findCompetence(def, "Soins-1")?.node.related).to.deep.equal(["Relation", "A,B"]);
    expect(findCompetence(def, "Soins-1a")?.node.ownScale).to.deep.equal({
      defaultLevel: "en-cours",
      externalId: "8",
    });
    expect(findCompetence(def, "Soins-1")?.node).to.include({ descriptionFormat: "markdown" });
  });

  describe("refuses what Moodle would drop or fail on, with the line and column", () => {
    const base = records(HAND_MADE);
    const withRow = (index: number, column: number, value: string): string =>
      csv(
        base.map((cells, at) =>
          at === index ? cells.map((cell, c) => (c === column ? value : cell)) : cells,
        ),
      );

    it("a cross-reference to an id number the file does not have", () => {
      expect(problemsOf(withRow(2, 10, "Relation,Absente"))).to.deep.equal([
        {
          line: 5,
          column: "Cross-referenced competency ID numbers",
          code: "UNKNOWN_REFERENCE",
          params: { code: "Absente" },
        },
      ]);
    });

    it("a competency cross-referencing itself", () => {
      expect(problemsOf(withRow(2, 10, "Soins-1"))).to.deep.equal([
        {
          line: 5,
          column: "Cross-referenced competency ID numbers",
          code: "SELF_REFERENCE",
          params: { code: "Soins-1" },
        },
      ]);
    });

    it("a rule naming an exported id no row has", () => {
      const text = HAND_MADE.replace('""id"":""901""', '""id"":""999""');
      expect(text).to.not.equal(HAND_MADE);
      expect(problemsOf(text)).to.deep.equal([
        { line: 3, column: "Rule config (optional)", code: "UNKNOWN_RULE_COMPETENCY", params: { id: "999" } },
      ]);
    });

    it("an exported id given twice", () => {
      expect(problemsOf(withRow(3, EXPORTED_ID, "901"))).to.deep.equal([
        // The rule's reference to 902 no longer finds its row either.
        { line: 3, column: "Rule config (optional)", code: "UNKNOWN_RULE_COMPETENCY", params: { id: "902" } },
        {
          line: 6,
          column: "Exported ID (optional)",
          code: "DUPLICATE_EXPORT_ID",
          params: { id: "901", firstLine: 5 },
        },
      ]);
    });

    it("a rule outcome outside Moodle's constants, and an outcome without a rule type", () => {
      expect(problemsOf(withRow(3, 8, "7"))).to.deep.equal([
        { line: 6, column: "Rule outcome (optional)", code: "INVALID_RULE_OUTCOME", params: { value: "7" } },
      ]);
      expect(problemsOf(withRow(5, 8, "2"))).to.deep.equal([
        { line: 8, column: "Rule type (optional)", code: "RULE_WITHOUT_TYPE" },
      ]);
    });

    it("a points rule whose configuration cannot be read", () => {
      expect(problemsOf(withRow(1, RULE_CONFIG, "null"))).to.deep.equal([
        { line: 3, column: "Rule config (optional)", code: "INVALID_RULE_CONFIG" },
      ]);
    });

    it("a taxonomy term Moodle does not know", () => {
      expect(problemsOf(withRow(0, 13, "domain,competence"))).to.deep.equal([
        { line: 2, column: "Taxonomy", code: "INVALID_TAXONOMY", params: { term: "competence" } },
      ]);
    });
  });
});
