import { expect } from "chai";
import { translator } from "../../src/i18n/i18n.js";

// French plural rules put 0 with 1 ("0 jour"): a request made today waits "since today", in both languages.
describe("waiting times of zero days", () => {
  const keys = [
    "validation:waiting.since",
    "validation:cohort.waitingDays",
    "tutoring:signs.requestWaiting",
    "tutoring:signs.unanswered",
  ];
  for (const locale of ["fr", "en"] as const) {
    const t = translator(locale);
    const today = locale === "fr" ? "depuis aujourd'hui" : "since today";
    for (const key of keys) {
      it(`${locale} ${key}: "${today}" at 0 days, a number of days after`, () => {
        expect(t(key, { count: 0 }))
          .to.contain(today)
          .and.not.match(/\b0\b/);
        expect(t(key, { count: 1 })).to.match(/\b1\b/);
        expect(t(key, { count: 3 })).to.match(/\b3\b/);
      });
    }
  }
});
