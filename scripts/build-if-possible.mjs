// Before `npm start` and `npm run carnet`: compile where the TypeScript compiler is installed (a clone,
// zero configuration) and a source changed since the last build; a production image installs no dev
// tools and ships dist/ already built.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";

const BUILD_INFO = ".cache/tsbuildinfo-build";
const OUTPUTS = ["dist/src/main.js", "dist/src/cli/main.js"];

function compiler() {
  try {
    return createRequire(import.meta.url).resolve("typescript/bin/tsc");
  } catch {
    return undefined;
  }
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function upToDate() {
  if (!existsSync(BUILD_INFO) || !OUTPUTS.every((file) => existsSync(file))) return false;
  const built = statSync(BUILD_INFO).mtimeMs;
  const configs = ["tsconfig.json", "tsconfig.build.json"].map((file) => statSync(file).mtimeMs);
  return Math.max(newestSource("src"), ...configs) <= built;
}

const tsc = compiler();
if (tsc && !upToDate()) {
  const build = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // tsc leaves its build info untouched when nothing needed emitting: date it, for the check above.
  const now = new Date();
  if (existsSync(BUILD_INFO)) utimesSync(BUILD_INFO, now, now);
}
if (!OUTPUTS.every((file) => existsSync(file))) {
  process.stderr.write("dist/ is missing and TypeScript is not installed here: run `npm run build` first\n");
  process.exit(1);
}
