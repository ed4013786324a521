// A running Carnet (its own process) whose database is killed and restarted: it stays up, answers
// "service unavailable, try again" meanwhile, and recovers by itself.
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { registerWithCli, spawnCarnet, type CarnetProcess } from "../support/carnet-process.js";
import { Browser, SimulatedLms, type BrowserResponse } from "../support/sim-lms/index.js";
import { StandaloneDatabase } from "../support/standalone-database.js";

const LTI_KEY = "outage-lti-key-0123456789abcdef0123456789abcdef";

/** Polls until `check` holds; fails the test after `limitMs` (a hung Carnet must not hang the run). */
async function eventually(check: () => Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("database outage under a running Carnet", function () {
  this.timeout(120_000);
  let dir: string;
  let database: StandaloneDatabase;
  let carnet: CarnetProcess;
  let lms: SimulatedLms;
  let learner: { browser: Browser; home: string };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "carnet-outage-"));
    database = await StandaloneDatabase.start({ h2File: path.join(dir, "db.mv") });
    const env = {
      MONGODB_URI: database.uri,
      LTI_KEY,
      NODE_ENV: "production",
      // The simulated LMS runs on this machine: production reaches it only when told so.
      OUTBOUND_ALLOWLIST: "127.0.0.1",
      DATA_DIR: dir,
      DB_SERVER_SELECTION_TIMEOUT_MS: "1000",
      DB_OPERATION_TIMEOUT_MS: "2000",
      READYZ_TIMEOUT_MS: "300",
    };
    carnet = await spawnCarnet({ env });
    lms = await SimulatedLms.start();
    const tool = lms.registerTool({ toolBaseUrl: carnet.url, deploymentIds: ["1"] });
    await registerWithCli({ ...env, BASE_URL: carnet.url }, tool);
    const browser = new Browser({ timeoutMs: 20_000 });
    const launch = await lms.launch(browser, {
      tool,
      user: { sub: "outage-1", name: "Léa Panne" },
      roles: ["Learner"],
      context: { id: "outage-course", title: "Promotion panne" },
      locale: "fr",
    });
    expect(launch.final.status, launch.final.text.slice(0, 300)).to.equal(200);
    learner = { browser, home: launch.final.url };
  });

  after(async () => {
    await lms?.close();
    await carnet?.stop();
    await database?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 503 pages and JSON while the database is down, then recovers without a restart", async () => {
    await database.kill();

    let page: BrowserResponse | undefined;
    await eventually(async () => {
      page = await learner.browser.get(learner.home);
      return page.status !== 200;
    });
    expect(page?.status).to.equal(503);
    expect(page?.headers.get("retry-after")).to.equal("5");
    expect(page?.text).to.include("momentanément indisponible");
    expect(page?.text).to.include("SERVICE_UNAVAILABLE");

    const json = await learner.browser.get(learner.home, { headers: { accept: "application/json" } });
    expect(json.status).to.equal(503);
    expect(json.json()).to.have.nested.property("error.code", "SERVICE_UNAVAILABLE");

    // The tool's key set is ltijs's (mongoose's default connection): unavailable too, not a 500.
    const keys = await fetch(`${carnet.url}/lti/keys`);
    expect(keys.status).to.equal(503);
    expect((await fetch(`${carnet.url}/readyz`)).status).to.equal(503);
    expect((await fetch(`${carnet.url}/healthz`)).status).to.equal(200);

    await database.restart();
    await eventually(async () => (await fetch(`${carnet.url}/readyz`)).status === 200);
    await eventually(async () => (await learner.browser.get(learner.home)).status === 200);
    await eventually(async () => (await fetch(`${carnet.url}/lti/keys`)).status === 200);

    expect(carnet.hasExited(), "Carnet exited").to.equal(false);
    const unexpected = carnet.logs.filter((entry) => entry.msg === "unexpected error" || "stderr" in entry);
    expect(unexpected, JSON.stringify(unexpected.slice(0, 3))).to.deep.equal([]);
  });
});
