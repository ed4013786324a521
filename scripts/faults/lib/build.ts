// The fault scripts run Carnet as `npm start` does, compiled: build first where sources changed.
import { spawnSync } from "node:child_process";
import { projectRoot } from "../../../src/paths.js";

export function ensureBuilt(): void {
  const build = spawnSync(process.execPath, ["scripts/build-if-possible.mjs"], {
    cwd: projectRoot,
    stdio: "inherit",
  });
  if (build.status !== 0) throw new Error("the build failed");
}
