import { expect } from "chai";
import { ConfigError, loadConfig } from "../../src/config/config.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { persistDevKey: false });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("starts with no configuration at all, on port 3000 with a generated key", () => {
    const config = loadConfig({}, { persistDevKey: false });
    expect(config.port).to.equal(3000);
    expect(config.baseUrl).to.equal("http://localhost:3000");
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.ltiKey).to.have.length.greaterThan(31);
    expect(config.ltiKeySource).to.equal("generated");
    expect(config.secureCookies).to.equal(false);
  });

  it("derives BASE_URL from PORT and uses secure cookies behind HTTPS", () => {
    expect(loadConfig({ PORT: "4000" }, { persistDevKey: false }).baseUrl).to.equal("http://localhost:4000");
    const https = loadConfig({ BASE_URL: "https://carnet.example.edu/" }, { persistDevKey: false });
    expect(https.baseUrl).to.equal("https://carnet.example.edu");
    expect(https.secureCookies).to.equal(true);
  });

  it("names every malformed variable at once", () => {
    const problems = problemsOf({
      PORT: "eighty",
      BASE_URL: "carnet.example.edu",
      MONGODB_URI: "postgres://x",
      LOG_LEVEL: "loud",
    });
    expect(problems.join("\n")).to.match(/^PORT /m);
    expect(problems.join("\n")).to.match(/^BASE_URL /m);
    expect(problems.join("\n")).to.match(/^MONGODB_URI /m);
    expect(problems.join("\n")).to.match(/^LOG_LEVEL /m);
  });

  it("requires LTI_KEY and BASE_URL in production", () => {
    const problems = problemsOf({ NODE_ENV: "production" });
    expect(problems.some((p) => p.startsWith("LTI_KEY"))).to.equal(true);
    expect(problems.some((p) => p.startsWith("BASE_URL"))).to.equal(true);
  });

  it("requires MONGODB_URI in production unless the embedded database is asked for", () => {
    const production = {
      NODE_ENV: "production",
      LTI_KEY: "a-production-secret-of-at-least-32-chars",
      BASE_URL: "https://carnet.example.edu",
    };
    expect(problemsOf(production)).to.deep.equal([
      "MONGODB_URI is required when NODE_ENV=production (or set EMBEDDED_DB=auto to try Carnet with its embedded database)",
    ]);
    expect(problemsOf({ ...production, MONGODB_URI: "mongodb://db.example.edu/carnet" })).to.deep.equal([]);
    const trial = loadConfig({ ...production, EMBEDDED_DB: "mongo-java-server" }, { persistDevKey: false });
    expect(trial.embeddedDb).to.equal("mongo-java-server");
    expect(loadConfig({}, { persistDevKey: false }).embeddedDb).to.equal("auto");
  });

  it("refuses a short LTI_KEY", () => {
    expect(problemsOf({ LTI_KEY: "short" })[0]).to.match(/^LTI_KEY must be at least 32/);
  });

  it("reads TRUST_PROXY as a boolean, a hop count or addresses", () => {
    expect(loadConfig({ TRUST_PROXY: "true" }, { persistDevKey: false }).trustProxy).to.equal(true);
    expect(loadConfig({ TRUST_PROXY: "2" }, { persistDevKey: false }).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }, { persistDevKey: false }).trustProxy).to.equal(
      "loopback, 10.0.0.0/8",
    );
    expect(problemsOf({ TRUST_PROXY: "$(rm -rf)" })[0]).to.match(/^TRUST_PROXY/);
  });

  it("reads how long grades retry through LMS outages as a duration, three days by default", () => {
    const parse = (value?: string): number =>
      loadConfig(value === undefined ? {} : { GRADE_RETRY_FOR: value }, { persistDevKey: false })
        .gradeRetryForMs;
    expect(parse()).to.equal(3 * 24 * 3600_000);
    expect(parse("36h")).to.equal(36 * 3600_000);
    expect(parse("90m")).to.equal(90 * 60_000);
    expect(parse("7d")).to.equal(7 * 24 * 3600_000);
    expect(parse("600")).to.equal(600_000);
    for (const bad of ["soon", "10s", "100d", "-1h", "1.5h"])
      expect(problemsOf({ GRADE_RETRY_FOR: bad }).join(), bad).to.match(/^GRADE_RETRY_FOR /);
    expect(loadConfig({}, { persistDevKey: false }).gradeConcurrency).to.equal(8);
    expect(problemsOf({ GRADE_CONCURRENCY: "0" }).join()).to.match(/^GRADE_CONCURRENCY /);
  });
});
