// `npm run carnet -- person …` in its own process, on the test database: show, export to a ZIP read
// back, erase shown first and done with --yes.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { unzipSync } from "fflate";
import { getTestEnvironment, TEST_LTI_KEY } from "../../support/environment.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace, launchAs, ROLE, unique } from "../../support/portfolio.js";

const run = promisify(execFile);

describe("npm run carnet -- person …", function () {
  this.timeout(120_000);
  let fixture: LtiFixture;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    fixture = await startLtiFixture();
    env = {
      ...process.env,
      MONGODB_URI: (await getTestEnvironment()).database.uri,
      LTI_KEY: TEST_LTI_KEY,
      LOG_LEVEL: "error",
    };
  });
  after(async () => {
    await fixture.close();
  });
  const carnet = (...args: string[]): Promise<{ stdout: string; stderr: string }> =>
    run(process.execPath, ["--import", "tsx", "src/cli/main.ts", "person", ...args], {
      env,
      timeout: 60_000,
    });

  it("shows, exports and erases a person; the erasure asks for --yes first", async () => {
    const sub = unique("cli-person");
    const session = await launchAs(fixture, {
      sub,
      name: "Camille Cli",
      roles: [ROLE.learner],
      context: { id: unique("course"), title: "Cours" },
    });
    await createTrace(session, "note", { title: "Trace exportée", body_note: "Texte." });
    const who = ["--platform", fixture.platform._id, "--user", sub];

    expect((await carnet("show", ...who)).stdout).to.match(/traces\s+1\s+0/);
    const out = path.join(mkdtempSync(path.join(tmpdir(), "carnet-person-")), "export.zip");
    expect((await carnet("export", ...who, "--out", out)).stdout).to.contain(`Wrote ${out}`);
    const zip = unzipSync(new Uint8Array(readFileSync(out)));
    expect(Buffer.from(zip["traces.json"] ?? new Uint8Array()).toString()).to.contain("Trace exportée");

    expect((await carnet("erase", ...who)).stdout).to.contain("Nothing changed");
    expect(await session.userId()).to.be.a("string");
    expect((await carnet("erase", ...who, "--yes")).stdout).to.match(/Erased \(erasure [\w-]+\)/);
    expect(
      await fixture.carnet.services.models.User.countDocuments({ platformId: fixture.platform._id, sub }),
    ).to.equal(0);
  });
});
