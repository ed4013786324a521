import { gunzipSync } from "node:zlib";
import { expect } from "chai";
import {
  encodeStatusList,
  STATUS_LIST_BITS,
  statusBit,
} from "../../../src/domain/credentials/status-list.js";

describe("Bitstring Status List", () => {
  it("sets exactly the revoked positions, left-most bit first", () => {
    const encoded = encodeStatusList([0, 9, 131_071]);
    expect(encoded.startsWith("u")).to.equal(true);
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
    expect(bytes.length).to.equal(STATUS_LIST_BITS / 8);
    expect(bytes[0]).to.equal(0b1000_0000);
    expect(bytes[1]).to.equal(0b0100_0000);
    expect(bytes[bytes.length - 1]).to.equal(0b0000_0001);
    expect([0, 1, 8, 9, 10, 131_071].map((index) => statusBit(encoded, index))).to.deep.equal([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
  });

  it("keeps the specification's minimum size whatever the number of credentials", () => {
    expect(gunzipSync(Buffer.from(encodeStatusList([]).slice(1), "base64url")).length).to.equal(16_384);
  });

  it("refuses a position outside the list, and reads nothing from a list it cannot decode", () => {
    expect(() => encodeStatusList([STATUS_LIST_BITS])).to.throw(RangeError);
    expect(statusBit("not-multibase", 1)).to.equal(undefined);
    expect(statusBit("uAAAA", 1)).to.equal(undefined);
    expect(statusBit(encodeStatusList([]), STATUS_LIST_BITS)).to.equal(undefined);
  });
});
