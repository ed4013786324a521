// Wall-clock times of the programme's zone ↔ instants, across changes of time.
import { expect } from "chai";
import { instantOf, localOf } from "../../../src/domain/sessions/local-time.js";

describe("instantOf / localOf", () => {
  it("reads Paris winter and summer times with their own offsets", () => {
    expect(instantOf({ date: "2026-12-10", time: "14:00" })?.toISOString()).to.equal(
      "2026-12-10T13:00:00.000Z",
    );
    expect(instantOf({ date: "2026-06-10", time: "14:00" })?.toISOString()).to.equal(
      "2026-06-10T12:00:00.000Z",
    );
  });

  it("uses the offset of the day itself around the October change of time", () => {
    expect(instantOf({ date: "2026-10-24", time: "10:00" })?.toISOString()).to.equal(
      "2026-10-24T08:00:00.000Z",
    );
    expect(instantOf({ date: "2026-10-25", time: "10:00" })?.toISOString()).to.equal(
      "2026-10-25T09:00:00.000Z",
    );
  });

  it("refuses dates and times that do not exist", () => {
    expect(instantOf({ date: "2026-02-30", time: "10:00" })).to.equal(null);
    expect(instantOf({ date: "2026-12-10", time: "24:10" })).to.equal(null);
    expect(instantOf({ date: "10/12/2026", time: "10:00" })).to.equal(null);
    expect(instantOf({ date: "2026-12-10", time: "" })).to.equal(null);
  });

  it("gives back the wall-clock time people typed", () => {
    const at = instantOf({ date: "2027-03-02", time: "08:30" }, "Europe/Paris");
    expect(at && localOf(at, "Europe/Paris")).to.deep.equal({ date: "2027-03-02", time: "08:30" });
    const reunion = instantOf({ date: "2027-03-02", time: "08:30" }, "Indian/Reunion");
    expect(reunion?.toISOString()).to.equal("2027-03-02T04:30:00.000Z");
  });
});
