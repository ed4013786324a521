import { expect } from "chai";
import { firstTraceTypeFor } from "../../../src/domain/portfolio/field-types.js";

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
