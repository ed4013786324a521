// Benchmarks 2–4 need the workspace, portfolio and grading modules; each is added here when it exists.
import type { Services } from "../src/app.js";
import type { Logger } from "../src/logger.js";
import type { MongoConnection } from "../src/persistence/connection.js";
import type { SimulatedLms, ToolRegistration } from "../test/support/sim-lms/index.js";
import type { BenchResult } from "./lib/stats.js";

export interface BenchContext {
  uri: string;
  services: Services;
  mongo: MongoConnection;
  lms: SimulatedLms;
  carnetUrl: string;
  carnetTool: ToolRegistration;
  scale: number;
  logger: Logger;
}

export async function optionalBenchmarks(_context: BenchContext): Promise<BenchResult[]> {
  return [];
}
