import { expect } from "chai";
import { translator } from "../../../src/i18n/i18n.js";
import { deliveryErrorView } from "../../../src/presenters/grading-presenter.js";

const AT = new Date("2026-03-01T10:00:00.000Z");

describe("deliveryErrorView", () => {
  it("shows a status and a reason chosen from it, in every catalog", () => {
    const cases = [
      [503, "unavailable"],
      [500, "unavailable"],
      [408, "unavailable"],
      [429, "throttled"],
      [401, "unauthorized"],
      [403, "unauthorized"],
      [404, "notFound"],
      [409, "conflict"],
      [400, "badRequest"],
      [422, "refused"],
    ] as const;
    for (const [status, reason] of cases) {
      const view = deliveryErrorView({ code: `SCORE_${status}`, phase: "score", status, at: AT });
      expect(view, String(status)).to.deep.equal({
        status: `HTTP ${status}`,
        reasonKey: `grading:error.${reason}`,
        phaseKey: "grading:error.phase.score",
      });
      for (const language of ["fr", "en"] as const) {
        const t = translator(language);
        expect(t(view?.reasonKey ?? ""), `${language} ${status}`).not.to.equal(view?.reasonKey);
        expect(t(view?.phaseKey ?? ""), language).not.to.equal(view?.phaseKey);
      }
    }
  });

  it("names timeouts and refused connections without a status", () => {
    expect(
      deliveryErrorView({ code: "TOKEN_TIMEOUT", phase: "token", status: "timeout", at: AT }),
    ).to.deep.equal({
      status: null,
      reasonKey: "grading:error.timeout",
      phaseKey: "grading:error.phase.token",
    });
    expect(deliveryErrorView({ code: "LINEITEM_NETWORK", status: "network", at: AT })?.reasonKey).to.equal(
      "grading:error.network",
    );
  });

  it("reads entries stored before the status was, from their code, and ignores their message", () => {
    const old = { code: "SCORE_500", message: "500 <b>stack trace of the LMS</b>", at: AT };
    const view = deliveryErrorView(old);
    expect(view).to.deep.equal({
      status: "HTTP 500",
      reasonKey: "grading:error.unavailable",
      phaseKey: "grading:error.phase.score",
    });
    expect(JSON.stringify(view)).not.to.contain("stack");
    expect(deliveryErrorView({ code: "PLATFORM_GONE", at: AT })).to.deep.equal({
      status: null,
      reasonKey: "grading:error.unknown",
      phaseKey: null,
    });
    expect(deliveryErrorView(undefined)).to.equal(null);
  });
});
