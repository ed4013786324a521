// Carnet's memory budget lives in node's flags and the allocator's environment (docs/performance.md,
// "Memory"): `npm start`, the Docker image and the bench (which reads npm start's) must give the same.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { z } from "zod";
import { projectRoot } from "../../src/paths.js";

const PackageScripts = z.object({ scripts: z.object({ start: z.string() }) });

/** npm start's words: `[NAME=value …] node <flags> dist/src/main.js`. */
function npmStart(): { env: Record<string, string>; flags: string[] } {
  const packageJson = readFileSync(path.join(projectRoot, "package.json"), "utf8");
  const words = PackageScripts.parse(JSON.parse(packageJson)).scripts.start.split(/\s+/);
  const node = words.indexOf("node");
  const env = Object.fromEntries(words.slice(0, node).map((word) => word.split("=", 2)));
  return { env, flags: words.slice(node + 1, words.indexOf("dist/src/main.js")) };
}

function dockerfileLines(): string[] {
  return readFileSync(path.join(projectRoot, "Dockerfile"), "utf8").split("\n");
}

function dockerCmdFlags(): string[] {
  const cmd = dockerfileLines().find((line) => line.startsWith("CMD "));
  const words = z.array(z.string()).parse(JSON.parse(cmd?.slice(4) ?? "[]"));
  return words.slice(1, words.indexOf("dist/src/main.js"));
}

/** Every NAME=value of the image's ENV lines. */
function dockerEnv(): Record<string, string> {
  const assignments = dockerfileLines()
    .filter((line) => line.startsWith("ENV "))
    .flatMap((line) => line.slice(4).trim().split(/\s+/));
  return Object.fromEntries(assignments.map((word) => word.split("=", 2)));
}

describe("Carnet's node flags and environment", () => {
  it("are the same in npm start and the Docker image's CMD", () => {
    expect(dockerCmdFlags()).to.deep.equal(npmStart().flags);
  });

  it("bound the old generation and the young generation's semi-spaces", () => {
    const { flags } = npmStart();
    expect(flags.some((flag) => /^--max-old-space-size=\d+$/.test(flag))).to.equal(true);
    expect(flags.some((flag) => /^--max-semi-space-size=\d+$/.test(flag))).to.equal(true);
  });

  it("bound glibc's malloc arenas, in npm start and in the image alike", () => {
    const { env } = npmStart();
    expect(env).to.have.property("MALLOC_ARENA_MAX").that.matches(/^\d+$/);
    expect(dockerEnv()).to.include(env);
  });
});
