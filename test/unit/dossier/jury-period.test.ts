// Jury periods are whole days of Europe/Paris: the first midnight to the last day's last second there.
import { expect } from "chai";
import { ValidationError } from "../../../src/errors.js";
import { juryPeriod } from "../../../src/domain/dossier/jury-period.js";

describe("juryPeriod", () => {
  it("opens at midnight in Paris and closes at the end of the last day there (winter, UTC+1)", () => {
    const { validFrom, validUntil } = juryPeriod("2026-12-01", "2026-12-10");
    expect(validFrom.toISOString()).to.equal("2026-11-30T23:00:00.000Z");
    expect(validUntil.toISOString()).to.equal("2026-12-10T22:59:59.000Z");
  });

  it("follows summer time (UTC+2) and the change of time inside the period", () => {
    const { validFrom, validUntil } = juryPeriod("2027-03-27", "2027-06-15");
    expect(validFrom.toISOString()).to.equal("2027-03-26T23:00:00.000Z");
    expect(validUntil.toISOString()).to.equal("2027-06-15T21:59:59.000Z");
  });

  it("crosses a month and a year end", () => {
    expect(juryPeriod("2026-12-31", "2026-12-31").validUntil.toISOString()).to.equal(
      "2026-12-31T22:59:59.000Z",
    );
  });

  it("refuses a day that does not exist, on its field", () => {
    try {
      juryPeriod("2026-02-30", "2026-13-01");
      expect.fail("expected a refusal");
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      expect(error.fields).to.deep.equal({
        validFrom: "DATE_INVALID",
        validUntil: "DATE_INVALID",
      });
    }
  });
});
