import { expect } from "chai";
import {
  afterSuccess,
  backoffCeiling,
  backoffDelay,
  decideFailure,
  describeFailure,
  groupMarkers,
  isTransient,
  isGradableLearner,
  MAX_RETRY_AFTER_MS,
  nextTimestamp,
  retryDelay,
  retryWindowOver,
  scoresUrl,
  type BackoffOptions,
} from "../../../src/domain/grading/delivery-rules.js";
import type { GradeSyncMarker } from "../../../src/domain/grading/ports.js";
import { seededRandom } from "../../support/sim-lms/failure-injection.js";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");

function buildMarker(overrides: Partial<GradeSyncMarker> = {}): GradeSyncMarker {
  return {
    recordId: "r1",
    scope: { platformId: "p", deploymentId: "1", contextId: "c" },
    learnerId: "u1",
    frameworkId: "f",
    version: 1,
    changedAt: new Date(T0),
    ...overrides,
  };
}

describe("grade delivery rules", () => {
  describe("nextTimestamp", () => {
    it("uses the clock, to the second, for a first delivery", () => {
      expect(nextTimestamp(undefined, T0 + 750)).to.equal(T0);
    });

    it("is at least one second after the last one, even when the clock says otherwise", () => {
      expect(nextTimestamp(T0, T0)).to.equal(T0 + 1000);
      expect(nextTimestamp(T0, T0 + 400)).to.equal(T0 + 1000);
      // The clock went back an hour (NTP step, another instance): still forward.
      expect(nextTimestamp(T0, T0 - 3_600_000)).to.equal(T0 + 1000);
      expect(nextTimestamp(T0, T0 + 5000)).to.equal(T0 + 5000);
    });

    it("only moves forward over a long sequence, by whole seconds", () => {
      const random = seededRandom(7);
      let last: number | undefined;
      for (let i = 0; i < 1000; i++) {
        const now = T0 + Math.floor((random() - 0.5) * 10_000);
        const next = nextTimestamp(last, now);
        if (last !== undefined) expect(Math.floor(next / 1000)).to.be.greaterThan(Math.floor(last / 1000));
        expect(next % 1000).to.equal(0);
        last = next;
      }
    });

    it("doubles the step after each 409 in a row, to get past a grade stamped ahead of us", () => {
      expect(nextTimestamp(T0, T0, 1)).to.equal(T0 + 2000);
      expect(nextTimestamp(T0, T0, 3)).to.equal(T0 + 8000);
    });
  });

  describe("backoff with full jitter", () => {
    const options: BackoffOptions = { baseMs: 1000, capMs: 60_000, floorMs: 250 };

    it("grows exponentially up to the cap", () => {
      expect([1, 2, 3, 4, 7, 8, 30].map((n) => backoffCeiling(n, options))).to.deep.equal([
        1000, 2000, 4000, 8000, 60_000, 60_000, 60_000,
      ]);
    });

    it("draws within [floor, ceiling] for every attempt", () => {
      const random = seededRandom(3);
      for (let attempt = 1; attempt <= 20; attempt++) {
        for (let i = 0; i < 200; i++) {
          const delay = backoffDelay(attempt, random, options);
          expect(delay).to.be.at.least(options.floorMs);
          expect(delay).to.be.at.most(backoffCeiling(attempt, options));
        }
      }
    });

    it("uses the whole range (full jitter, not equal jitter)", () => {
      expect(backoffDelay(5, () => 0, options)).to.equal(250);
      expect(backoffDelay(5, () => 1, options)).to.equal(16_000);
      expect(backoffDelay(5, () => 0.5, options)).to.equal(8_000);
    });

    it("honours Retry-After instead of the jitter, within an hour", () => {
      expect(retryDelay(1, 30_000, () => 0.1, options)).to.equal(30_000);
      expect(retryDelay(1, 10 * 3_600_000, () => 0.1, options)).to.equal(MAX_RETRY_AFTER_MS);
      expect(retryDelay(1, 0, () => 0.1, options)).to.equal(250);
    });
  });

  describe("decideFailure", () => {
    it("retries what may pass: timeouts, network errors, 408, 429, 5xx", () => {
      for (const status of ["timeout", "network", 408, 429, 500, 502, 503, 504] as const) {
        expect(decideFailure({ status }, "score").kind, String(status)).to.equal("retry");
      }
      expect(decideFailure({ status: 429, retryAfterMs: 5000 }, "score")).to.deep.equal({
        kind: "retry",
        retryAfterMs: 5000,
      });
    });

    it("reauthenticates on 401 and re-stamps on 409", () => {
      expect(decideFailure({ status: 401 }, "score").kind).to.equal("reauthenticate");
      expect(decideFailure({ status: 409 }, "score").kind).to.equal("conflict");
    });

    it("parks permanent refusals with their reason", () => {
      expect(decideFailure({ status: 400 }, "score")).to.deep.equal({
        kind: "park",
        reason: "USER_NOT_GRADABLE",
      });
      expect(decideFailure({ status: 404 }, "score")).to.deep.equal({
        kind: "park",
        reason: "LINE_ITEM_GONE",
      });
      expect(decideFailure({ status: 403 }, "lineitem")).to.deep.equal({ kind: "park", reason: "REFUSED" });
      expect(decideFailure({ status: 400 }, "token")).to.deep.equal({
        kind: "park",
        reason: "TOKEN_REFUSED",
      });
      expect(decideFailure({ status: 503 }, "token").kind).to.equal("retry");
    });
  });

  it("delivers only the sequence number that was leased", () => {
    expect(afterSuccess(4, 4)).to.equal("delivered");
    expect(afterSuccess(4, 5)).to.equal("pending");
  });

  describe("groupMarkers (coalescing)", () => {
    it("makes one projection of many changes of one learner in one course", () => {
      const groups = groupMarkers([
        buildMarker({ recordId: "r1", version: 1 }),
        buildMarker({ recordId: "r2", version: 4 }),
        buildMarker({ recordId: "r1", version: 3 }),
        buildMarker({ recordId: "r3", learnerId: "u2" }),
        buildMarker({ recordId: "r4", scope: { platformId: "p", deploymentId: "1", contextId: "other" } }),
      ]);
      expect(groups).to.have.length(3);
      const first = groups[0];
      expect(first?.learnerId).to.equal("u1");
      expect(first?.markers.map((m) => [m.recordId, m.version])).to.deep.equal([
        ["r1", 3],
        ["r2", 4],
      ]);
    });
  });

  it("builds the scores URL before the query string", () => {
    expect(
      scoresUrl("https://moodle.example/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1"),
    ).to.equal("https://moodle.example/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1");
    expect(scoresUrl("https://lms.example/li/7/")).to.equal("https://lms.example/li/7/scores");
  });

  it("posts only learners, never teachers or administrators", () => {
    expect(isGradableLearner({ roles: ["learner"], status: "Active" })).to.equal(true);
    expect(isGradableLearner({ roles: ["teacher"], status: "Active" })).to.equal(false);
    expect(isGradableLearner({ roles: ["learner", "teacher"], status: "Active" })).to.equal(false);
    expect(isGradableLearner({ roles: ["admin"], status: "Active" })).to.equal(false);
    expect(isGradableLearner({ roles: ["learner"], status: "Deleted" })).to.equal(false);
    expect(isGradableLearner(null)).to.equal(false);
  });

  it("keeps of a failure its phase and status only, with a stable code", () => {
    expect(describeFailure("score", { status: 503, retryAfterMs: 1_000 })).to.deep.equal({
      code: "SCORE_503",
      phase: "score",
      status: 503,
    });
    expect(describeFailure("token", { status: "timeout" })).to.deep.equal({
      code: "TOKEN_TIMEOUT",
      phase: "token",
      status: "timeout",
    });
  });

  it("tells passing failures (the LMS may answer later) from refusals", () => {
    for (const status of ["timeout", "network", 408, 429, 500, 502, 503, 504] as const)
      expect(isTransient({ status }), String(status)).to.equal(true);
    for (const status of [400, 401, 403, 404, 409, 422])
      expect(isTransient({ status }), String(status)).to.equal(false);
  });

  it("ends the retry window exactly when it has lasted as long as configured", () => {
    expect(retryWindowOver(T0, T0 + 3_599_999, 3_600_000)).to.equal(false);
    expect(retryWindowOver(T0, T0 + 3_600_000, 3_600_000)).to.equal(true);
  });
});
