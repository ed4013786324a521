// How `npm start` runs Carnet (package.json's start script: `[NAME=value …] node <flags> dist/src/main.js`),
// so the bench runs Carnet as production does: the same environment settings and node flags.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { heapSnapshots } from "./heap-snapshot.js";

const PackageScripts = z.object({ scripts: z.object({ start: z.string() }) });
const ASSIGNMENT = /^([A-Z_][A-Z0-9_]*)=(\S*)$/;

function startWords(packageJson = "package.json"): { assignments: string[]; flags: string[] } {
  const { scripts } = PackageScripts.parse(JSON.parse(readFileSync(packageJson, "utf8")));
  const words = scripts.start.split(/\s+/).filter((word) => word.length > 0);
  const node = words.indexOf("node");
  const main = words.indexOf("dist/src/main.js");
  const assignments = words.slice(0, Math.max(node, 0));
  if (node < 0 || main < node || !assignments.every((word) => ASSIGNMENT.test(word)))
    throw new Error(`unexpected start script: ${scripts.start}`);
  return { assignments, flags: words.slice(node + 1, main) };
}

function words(text: string): string[] {
  return text.split(" ").filter((word) => word.length > 0);
}

/**
 * Node flags for the Carnet process: those of `npm start` (or BENCH_CARNET_FLAGS instead, to try
 * others), and the snapshot signal when asked for.
 */
export function carnetNodeFlags(): string[] {
  const tried = process.env.BENCH_CARNET_FLAGS;
  const flags = tried === undefined ? startWords().flags : words(tried);
  return [...flags, ...(heapSnapshots ? ["--heapsnapshot-signal=SIGUSR2"] : [])];
}

/**
 * The environment settings `npm start` gives Carnet (e.g. MALLOC_ARENA_MAX), or BENCH_CARNET_ENV's
 * `NAME=value` words instead, to try others ("" for none).
 */
export function carnetStartEnv(): Record<string, string> {
  const tried = process.env.BENCH_CARNET_ENV;
  const assignments = tried === undefined ? startWords().assignments : words(tried);
  const env: Record<string, string> = {};
  for (const assignment of assignments) {
    const [, name, value] = ASSIGNMENT.exec(assignment) ?? [];
    if (name === undefined || value === undefined) throw new Error(`not NAME=value: ${assignment}`);
    env[name] = value;
  }
  return env;
}
