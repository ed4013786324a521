import { expect } from "chai";
import { isDatabaseUnavailable } from "../../../src/persistence/unavailable.js";

function named(name: string, message = "x"): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function withCode(code: number): Error & { code: number } {
  return Object.assign(named("MongoServerError"), { code });
}

describe("isDatabaseUnavailable", () => {
  for (const name of [
    "MongoServerSelectionError",
    "MongooseServerSelectionError",
    "MongoNetworkError",
    "MongoNetworkTimeoutError",
    "MongoNotConnectedError",
    "MongoTopologyClosedError",
    "MongoPoolClearedError",
  ]) {
    it(`treats ${name} as a database that cannot answer now`, () => {
      expect(isDatabaseUnavailable(named(name))).to.equal(true);
    });
  }

  it("recognises the driver's subclasses by their ancestry (a pool cleared by a monitor timeout)", () => {
    class MongoNetworkError extends Error {}
    class PoolClearedOnNetworkError extends MongoNetworkError {
      override get name(): string {
        return "SomethingElse";
      }
    }
    expect(isDatabaseUnavailable(new PoolClearedOnNetworkError("interrupted"))).to.equal(true);
  });

  it("treats an operation past its maxTimeMS and a primary stepping down as unavailable", () => {
    expect(isDatabaseUnavailable(withCode(50))).to.equal(true);
    expect(isDatabaseUnavailable(withCode(11602))).to.equal(true);
    expect(isDatabaseUnavailable(withCode(10107))).to.equal(true);
  });

  it("treats a timed-out queue of a disconnected mongoose connection as unavailable", () => {
    const error = named("MongooseError", "Operation `platforms.find()` buffering timed out after 3000ms");
    expect(isDatabaseUnavailable(error)).to.equal(true);
  });

  it("finds the cause of a wrapped error", () => {
    const wrapped = new Error("could not load the portfolio", { cause: named("MongoNetworkError") });
    expect(isDatabaseUnavailable(wrapped)).to.equal(true);
  });

  it("leaves other failures to the generic error page", () => {
    expect(isDatabaseUnavailable(withCode(11000))).to.equal(false);
    expect(isDatabaseUnavailable(named("ValidationError"))).to.equal(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).to.equal(false);
    expect(isDatabaseUnavailable("a string")).to.equal(false);
    expect(isDatabaseUnavailable(null)).to.equal(false);
  });
});
