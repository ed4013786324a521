import { expect } from "chai";
import { arrangeForField, firstTraceTypeFor } from "../../../src/domain/portfolio/field-types.js";
import { BUILT_IN_TRACE_TYPES, type TraceTypeDefinition } from "../../../src/domain/portfolio/trace-types.js";

describe("firstTraceTypeFor", () => {
  const table: [string | null, string][] = [
    ["c2i2e", "sequence"],
    ["c2i2e-2011", "sequence"],
    ["crcn", "sequence"],
    ["c2i1", "sequence"],
    ["medecine-generale", "rsca"],
    ["my-own-framework", "note"],
    [null, "note"],
  ];
  for (const [key, type] of table) {
    it(`offers "${type}" first for ${String(key)}`, () => {
      expect(firstTraceTypeFor(key)).to.equal(type);
    });
  }
});

describe("arrangeForField", () => {
  const custom: TraceTypeDefinition = {
    key: "journal-de-bord-a1b2c3",
    name: { fr: "Journal de bord" },
    description: { fr: "" },
    sections: [],
    builtIn: false,
    archived: false,
  };
  const offered = [...BUILT_IN_TRACE_TYPES, custom];
  const keys = (types: readonly TraceTypeDefinition[]): string[] => types.map((type) => type.key);

  it("puts lesson sequences first for trainee teachers and keeps clinical types out of their main list", () => {
    for (const framework of ["c2i2e", "crcn", "c2i1-2012"]) {
      const { main, others } = arrangeForField(offered, framework);
      expect(keys(main)[0], framework).to.equal("sequence");
      expect(keys(main)).to.not.include.members(["vignette-clinique"]);
      expect(keys(main)).to.not.include("rsca");
      expect(keys(others)).to.have.members(["rsca", "vignette-clinique"]);
    }
  });

  it("puts the RSCA first in general medicine and offers lesson sequences only behind other types", () => {
    const { main, others } = arrangeForField(offered, "medecine-generale");
    expect(keys(main).slice(0, 3)).to.deep.equal(["rsca", "trace-apprentissage", "vignette-clinique"]);
    expect(keys(main)).to.not.include("sequence");
    expect(keys(others)).to.deep.equal(["sequence"]);
  });

  it("always shows the platform's own types, right after the field's", () => {
    for (const framework of ["c2i2e", "medecine-generale", "my-own-framework", null]) {
      const { main } = arrangeForField(offered, framework);
      expect(keys(main), String(framework)).to.include(custom.key);
    }
    const teaching = keys(arrangeForField(offered, "c2i2e").main);
    expect(teaching.indexOf(custom.key)).to.equal(teaching.indexOf("note") + 1);
  });

  it("keeps every type in the shipped order for another framework or none", () => {
    for (const framework of ["my-own-framework", null]) {
      const { main, others } = arrangeForField(offered, framework);
      expect(keys(main)).to.deep.equal(keys(offered));
      expect(others).to.deep.equal([]);
    }
  });

  it("never shows an archived built-in type it was not given", () => {
    const withoutVignette = offered.filter((type) => type.key !== "vignette-clinique");
    const { main, others } = arrangeForField(withoutVignette, "medecine-generale");
    expect([...keys(main), ...keys(others)]).to.not.include("vignette-clinique");
  });
});
