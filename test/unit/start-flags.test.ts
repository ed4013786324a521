// Carnet's memory budget lives in node's flags (docs/performance.md, "Memory"): `npm start`, the Docker
// image and the bench (which reads npm start's) must give the same ones.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { z } from "zod";
import { projectRoot } from "../../src/paths.js";

const PackageScripts = z.object({ scripts: z.object({ start: z.string() }) });

function npmStartFlags(): string[] {
  const packageJson = readFileSync(path.join(projectRoot, "package.json"), "utf8");
  const words = PackageScripts.parse(JSON.parse(packageJson)).scripts.start.split(/\s+/);
  return words.slice(1, words.indexOf("dist/src/main.js"));
}

function dockerCmdFlags(): string[] {
  const cmd = readFileSync(path.join(projectRoot, "Dockerfile"), "utf8")
    .split("\n")
    .find((line) => line.startsWith("CMD "));
  const words = z.array(z.string()).parse(JSON.parse(cmd?.slice(4) ?? "[]"));
  return words.slice(1, words.indexOf("dist/src/main.js"));
}

describe("Carnet's node flags", () => {
  it("are the same in npm start and the Docker image's CMD", () => {
    expect(dockerCmdFlags()).to.deep.equal(npmStartFlags());
  });

  it("bound the old generation and the young generation's semi-spaces", () => {
    const flags = npmStartFlags();
    expect(flags.some((flag) => /^--max-old-space-size=\d+$/.test(flag))).to.equal(true);
    expect(flags.some((flag) => /^--max-semi-space-size=\d+$/.test(flag))).to.equal(true);
  });
});
