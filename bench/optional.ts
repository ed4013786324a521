// Benchmarks 2–4: the workspace and portfolio pages on a seeded cohort, and grade delivery.
import type { Services } from "../src/app.js";
import type { Logger } from "../src/logger.js";
import type { MongoConnection } from "../src/persistence/connection.js";
import type { SimulatedLms, ToolRegistration } from "../test/support/sim-lms/index.js";
import { benchGradeDrain } from "./grade-drain.js";
import type { BenchResult } from "./lib/stats.js";
import { benchWorkspace } from "./workspace.js";

export interface BenchContext {
  uri: string;
  services: Services;
  mongo: MongoConnection;
  lms: SimulatedLms;
  carnetUrl: string;
  carnetTool: ToolRegistration;
  scale: number;
  logger: Logger;
  /** The Carnet child process, for its memory. */
  carnetPid: number;
  /** Which parts run (BENCH_ONLY); all when absent. */
  parts?: ReadonlySet<string>;
  /** Called when a part ends (its memory is read then, and its heap snapshot taken when asked for). */
  afterPart?: (part: string) => Promise<void>;
}

export async function optionalBenchmarks(context: BenchContext): Promise<BenchResult[]> {
  const wanted = (part: string): boolean => !context.parts || context.parts.has(part);
  const workspace = wanted("workspace") ? await benchWorkspace(context) : [];
  if (wanted("workspace")) await context.afterPart?.("workspace");
  if (!wanted("grades")) return workspace;
  const grades = await benchGradeDrain({
    changes: Math.round(1000 * context.scale),
    context: {
      services: context.services,
      mongo: context.mongo,
      lms: context.lms,
      carnetUrl: context.carnetUrl,
    },
  });
  await context.afterPart?.("grades");
  return [...workspace, ...grades];
}
