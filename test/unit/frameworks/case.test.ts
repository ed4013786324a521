import { expect } from "chai";
import { parseCaseJson } from "../../../src/domain/frameworks/case-import.js";
import { toCaseJson, toCasePackage } from "../../../src/domain/frameworks/case-export.js";
import {
  countCompetences,
  findCompetence,
  type CompetenceNode,
  type FrameworkDefinition,
} from "../../../src/domain/frameworks/framework.js";
import { parseFrameworkJson } from "../../../src/domain/frameworks/json-format.js";
import type { ImportProblem } from "../../../src/domain/frameworks/problems.js";
import { casePackageValidator, type Validator } from "../../support/json-schema.js";
import { readRepoFile } from "./build.js";

const SAMPLE = readRepoFile("test/fixtures/case/compeito-sample-framework.json");
const HAND_MADE = readRepoFile("test/fixtures/case/hand-made-fr.json");
const LAST_CHANGE = new Date("2026-01-15T09:00:00Z");

function imported(text: string): FrameworkDefinition {
  const result = parseCaseJson(text);
  if (!result.ok) throw new Error(`expected a valid package, got ${JSON.stringify(result.problems)}`);
  return result.framework;
}

function problemsOf(text: string): ImportProblem[] {
  const result = parseCaseJson(text);
  if (result.ok) throw new Error("expected the package to be refused");
  return result.problems;
}

/**
 * A package's schema violations, located by item or association identifier rather than position
 * (an export lists items in tree order): what an imported package already broke is not Carnet's.
 */
function violations(validate: Validator, text: string): string[] {
  const pkg = JSON.parse(text) as Record<string, { identifier?: string }[]>;
  return validate(pkg).map((message) =>
    message.replace(/^\/(CFItems|CFAssociations)\/(\d+)/, (_whole, list: string, index: string) => {
      return `/${list}[${pkg[list]?.[Number(index)]?.identifier ?? index}]`;
    }),
  );
}

/** The tree without what CASE added to it (identifiers, associations' own properties). */
function withoutCaseData(nodes: readonly CompetenceNode[]): CompetenceNode[] {
  return nodes.map(({ case: _case, children, ...node }) => ({
    ...node,
    children: withoutCaseData(children),
  }));
}

/** Rewrites one part of a package, as a hand would break it. */
function edited(
  text: string,
  change: (pkg: Record<string, unknown[]> & { CFDocument: Record<string, unknown> }) => void,
): string {
  const pkg = JSON.parse(text) as Record<string, unknown[]> & { CFDocument: Record<string, unknown> };
  change(pkg);
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

interface Association {
  identifier: string;
  associationType: string;
  originNodeURI: { identifier: string };
  destinationNodeURI: { identifier: string };
}
const associations = (pkg: Record<string, unknown[]>): Association[] =>
  pkg["CFAssociations"] as Association[];
const itemsOf = (pkg: Record<string, unknown[]>): { identifier: string; humanCodingScheme?: string }[] =>
  pkg["CFItems"] as { identifier: string; humanCodingScheme?: string }[];

describe("1EdTech CASE 1.1 packages", () => {
  const validate = casePackageValidator();

  for (const [name, text] of [
    ["another implementation's sample package (36 items, definitions, rubrics)", SAMPLE],
    ["a hand-made French package (isRelatedTo both ways, sequence numbers, isPeerOf)", HAND_MADE],
  ] as const) {
    describe(name, () => {
      const def = imported(text);
      const first = toCaseJson(def, { lastChange: LAST_CHANGE });

      it("exports a package 1EdTech's CFPackage schema accepts, adding no violation of its own", () => {
        const theirs = new Set(violations(validate, text));
        expect(violations(validate, first).filter((violation) => !theirs.has(violation))).to.deep.equal([]);
      });

      it("is stable: import → export → import → export gives the same package", () => {
        const again = toCaseJson(imported(first), { lastChange: new Date("2030-01-01T00:00:00Z") });
        expect(JSON.parse(again)).to.deep.equal(JSON.parse(first));
      });

      it("keeps every item, its identifier and statement, and every association", () => {
        const source = JSON.parse(text) as Record<string, unknown[]>;
        const exported = JSON.parse(first) as Record<string, unknown[]>;
        const byId = (pkg: Record<string, unknown[]>): Map<string, unknown> =>
          new Map((pkg["CFItems"] as { identifier: string }[]).map((item) => [item.identifier, item]));
        const after = byId(exported);
        for (const [identifier, item] of byId(source))
          expect(after.get(identifier)).to.deep.include(item as object);
        const key = (a: Association): string =>
          `${a.identifier} ${a.associationType} ${a.originNodeURI.identifier} ${a.destinationNodeURI.identifier}`;
        expect(associations(exported).map(key).sort()).to.deep.equal(associations(source).map(key).sort());
      });

      it("imports its own export as the same framework", () => {
        expect(imported(first)).to.deep.equal(def);
      });
    });
  }

  it("finds the hand-made fixture itself valid against 1EdTech's schema", () => {
    expect(validate(JSON.parse(HAND_MADE))).to.deep.equal([]);
  });

  it("reads the tree from isChildOf, in sequence order, and cross-references from isRelatedTo", () => {
    const def = imported(HAND_MADE);
    expect(def).to.include({ key: "cadre-de-test", version: "2024" });
    expect(def.competences.map((root) => root.code)).to.deep.equal(["D1", "D2"]);
    expect(findCompetence(def, "D1")?.node.children.map((child) => child.code)).to.deep.equal(["1.1", "1.2"]);
    expect(findCompetence(def, "1.1")?.node.related).to.deep.equal(["2.2"]);
    expect(findCompetence(def, "2.2")?.node.related).to.deep.equal(["1.1"]);
    expect(findCompetence(def, "2.2")?.node.description).to.deep.equal({
      fr: "Partager des contenus de manière appropriée.",
    });
    expect(def.scale.levels.map((level) => level.code)).to.deep.equal(["non-acquis", "acquis"]);
    expect(countCompetences(def)).to.include({ leaves: 4, roots: 2 });
  });

  it("carries a Carnet framework through CASE and back: scale, self-assessment, families, descriptions", () => {
    const parsed = parseFrameworkJson(readRepoFile("data/frameworks/medecine-generale.json"));
    if (!parsed.ok) throw new Error("shipped framework invalid");
    const medicine = parsed.framework;
    const pkg = toCasePackage(medicine, { baseUri: "https://carnet.example.fr", lastChange: LAST_CHANGE });
    expect(validate(pkg)).to.deep.equal([]);
    const back = imported(JSON.stringify(pkg));
    const { case: _case, idNumber: _idNumber, ...content } = back;
    expect({ ...content, competences: withoutCaseData(content.competences) }).to.deep.equal(medicine);
    // The same framework always gets the same identifiers.
    expect(
      toCasePackage(medicine, { baseUri: "https://carnet.example.fr", lastChange: LAST_CHANGE }),
    ).to.deep.equal(pkg);
  });

  describe("refuses a broken package whole, each problem with its line and JSON path", () => {
    it("a cycle of parents", () => {
      const text = edited(HAND_MADE, (pkg) => {
        const d1 = associations(pkg).find((a) => a.originNodeURI.identifier === itemsOf(pkg)[1]?.identifier);
        const child = itemsOf(pkg)[2];
        if (d1 && child) d1.destinationNodeURI = { ...d1.destinationNodeURI, identifier: child.identifier };
      });
      const problems = problemsOf(text);
      expect(problems.map((problem) => problem.code)).to.deep.equal(["PARENT_CYCLE", "PARENT_CYCLE"]);
      expect(problems.map((problem) => problem.column)).to.deep.equal([
        "CFAssociations[0]",
        "CFAssociations[3]",
      ]);
      expect(problems.every((problem) => typeof problem.line === "number")).to.equal(true);
    });

    it("a dangling parent and a dangling cross-reference", () => {
      const text = edited(HAND_MADE, (pkg) => {
        const [parentOf, , , , , , related] = associations(pkg);
        if (parentOf) parentOf.destinationNodeURI = { ...parentOf.destinationNodeURI, identifier: "nowhere" };
        if (related) related.destinationNodeURI = { ...related.destinationNodeURI, identifier: "elsewhere" };
      });
      const problems = problemsOf(text);
      expect(problems.map(({ column, code, params }) => ({ column, code, params }))).to.deep.equal([
        {
          column: "CFAssociations[0].destinationNodeURI.identifier",
          code: "UNKNOWN_PARENT",
          params: {
            code: itemsOf(JSON.parse(HAND_MADE) as Record<string, unknown[]>)[1]?.identifier ?? "",
            parent: "nowhere",
          },
        },
        {
          column: "CFAssociations[6].destinationNodeURI.identifier",
          code: "UNKNOWN_REFERENCE",
          params: { code: "elsewhere" },
        },
      ]);
    });

    it("duplicate codes (humanCodingScheme), naming the first", () => {
      const text = edited(HAND_MADE, (pkg) => {
        const item = itemsOf(pkg)[3];
        if (item) item.humanCodingScheme = "1.1";
      });
      const [problem, ...others] = problemsOf(text);
      expect(others).to.deep.equal([]);
      expect(problem).to.include({ column: "CFItems[3].humanCodingScheme", code: "DUPLICATE_CODE" });
      expect(problem?.params).to.have.property("firstLine").that.is.a("number");
    });

    it("a scale value the framework's scale does not have", () => {
      const text = edited(HAND_MADE, (pkg) => {
        pkg.CFDocument["extensions"] = {
          carnet: {
            scale: {
              levels: [
                { code: "a", label: { fr: "à compléter" }, proficient: false },
                { code: "b", label: { fr: "validé" }, proficient: true },
              ],
              defaultLevel: "c",
            },
          },
        };
      });
      expect(problemsOf(text).map(({ column, code }) => ({ column, code }))).to.deep.equal([
        { column: "CFDocument.extensions.carnet.scale.defaultLevel", code: "UNKNOWN_LEVEL" },
      ]);
    });

    it("an item without a parent, one with two, and an identifier used twice", () => {
      const text = edited(HAND_MADE, (pkg) => {
        const all = associations(pkg);
        const first = all[0];
        if (first) all.push({ ...first, identifier: "another" });
        all.splice(5, 1);
        const items = itemsOf(pkg);
        const copy = items[5];
        if (copy) items.push({ ...copy });
      });
      expect(problemsOf(text).map(({ column, code }) => ({ column, code }))).to.deep.equal([
        { column: "CFItems[5]", code: "ORPHAN_ITEM" },
        { column: "CFItems[6].identifier", code: "DUPLICATE_IDENTIFIER" },
        { column: "CFAssociations[8]", code: "MULTIPLE_PARENTS" },
      ]);
    });

    it("a file that is not UTF-8, on its line", () => {
      const latin1 = Buffer.from(HAND_MADE.replace("Cadre de test", "Cadre de tést"), "latin1").toString(
        "utf8",
      );
      // The creator's "É" (line 5) is the first character a Latin-1 file cannot give as UTF-8.
      expect(problemsOf(latin1)).to.deep.equal([{ line: 5, code: "BAD_ENCODING" }]);
    });

    it("a missing statement, with its path", () => {
      const text = edited(HAND_MADE, (pkg) => {
        const item = itemsOf(pkg)[0] as Record<string, unknown>;
        delete item["fullStatement"];
      });
      expect(problemsOf(text).map(({ column, code }) => ({ column, code }))).to.deep.equal([
        { column: "CFItems[0].fullStatement", code: "MISSING_FIELD" },
      ]);
    });
  });
});
