// The node flags `npm start` gives Carnet (package.json's start script), so the bench runs Carnet as
// production does: `node <flags> dist/src/main.js`.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { heapSnapshots } from "./heap-snapshot.js";

const PackageScripts = z.object({ scripts: z.object({ start: z.string() }) });

function startFlags(packageJson = "package.json"): string[] {
  const { scripts } = PackageScripts.parse(JSON.parse(readFileSync(packageJson, "utf8")));
  const words = scripts.start.split(/\s+/).filter((word) => word.length > 0);
  const main = words.indexOf("dist/src/main.js");
  if (words[0] !== "node" || main < 0) throw new Error(`unexpected start script: ${scripts.start}`);
  return words.slice(1, main);
}

/**
 * Node flags for the Carnet process: those of `npm start` (or BENCH_CARNET_FLAGS instead, to try
 * others), and the snapshot signal when asked for.
 */
export function carnetNodeFlags(): string[] {
  const tried = process.env.BENCH_CARNET_FLAGS;
  const flags = tried === undefined ? startFlags() : tried.split(" ").filter((flag) => flag.length > 0);
  return [...flags, ...(heapSnapshots ? ["--heapsnapshot-signal=SIGUSR2"] : [])];
}
