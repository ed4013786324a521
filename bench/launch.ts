// Benchmark 1: complete OIDC launches (login initiation → auth → id_token POST → first rendered page)
// against Carnet and against a bare ltijs tool on the same database, at concurrency 1 and 32.
import { Browser, type SimulatedLms, type ToolRegistration } from "../test/support/sim-lms/index.js";
import { round, runConcurrently, summarize, type BenchResult } from "./lib/stats.js";

export interface LaunchTarget {
  label: string;
  tool: ToolRegistration;
  /** Text the first page must contain, so an error page never counts as a launch. */
  expect: string;
}

async function launchOnce(
  lms: SimulatedLms,
  target: LaunchTarget,
  index: number,
  context: string,
): Promise<void> {
  const result = await lms.launch(new Browser(), {
    tool: target.tool,
    user: { sub: `bench-${target.label}-${index}`, name: `Stagiaire ${index}` },
    roles: ["Learner"],
    context: { id: context, title: "Promotion bench" },
    locale: "fr",
  });
  if (result.final.status !== 200 || !result.final.text.includes(target.expect)) {
    throw new Error(
      `${target.label} launch ${index} failed: HTTP ${result.final.status} ${result.final.text.slice(0, 200)}`,
    );
  }
}

export interface LaunchFigures {
  results: BenchResult[];
}

export async function benchLaunches(
  lms: SimulatedLms,
  carnet: LaunchTarget,
  baseline: LaunchTarget,
  scale = 1,
): Promise<BenchResult[]> {
  const plan = [
    { concurrency: 1, total: Math.round(150 * scale) },
    { concurrency: 32, total: Math.round(640 * scale) },
  ];
  const results: BenchResult[] = [];
  // Warm both up (JIT, connection pools, key caches) before measuring.
  for (const target of [baseline, carnet]) {
    await runConcurrently(30, 4, (i) => launchOnce(lms, target, 100_000 + i, "bench-warmup"));
  }
  for (const { concurrency, total } of plan) {
    const measured: Record<string, ReturnType<typeof summarize> & { perSecond: number }> = {};
    // Alternate which tool goes first so neither always gets the cooler machine.
    for (const target of concurrency === 1 ? [baseline, carnet] : [carnet, baseline]) {
      const { durations, elapsedMs } = await runConcurrently(total, concurrency, (i) =>
        launchOnce(lms, target, concurrency * 1_000_000 + i, `bench-c${concurrency}`),
      );
      measured[target.label] = { ...summarize(durations), perSecond: total / (elapsedMs / 1000) };
    }
    const c = measured[carnet.label];
    const b = measured[baseline.label];
    if (!c || !b) continue;
    const ratio = c.p50 / b.p50;
    results.push(
      {
        name: `launch c=${concurrency} Carnet throughput`,
        value: round(c.perSecond),
        unit: "launches/s",
        target: "—",
        met: null,
        note: `baseline ${round(b.perSecond)} launches/s, ${total} launches`,
      },
      {
        name: `launch c=${concurrency} Carnet p50`,
        value: round(c.p50),
        unit: "ms",
        target: "≤ 1.25 × baseline p50",
        met: ratio <= 1.25,
        note: `baseline p50 ${round(b.p50)} ms, ratio ${round(ratio, 2)}`,
      },
      {
        name: `launch c=${concurrency} Carnet p95`,
        value: round(c.p95),
        unit: "ms",
        target: "—",
        met: null,
        note: `baseline p95 ${round(b.p95)} ms`,
      },
      {
        name: `launch c=${concurrency} Carnet p99`,
        value: round(c.p99),
        unit: "ms",
        target: "—",
        met: null,
        note: `baseline p99 ${round(b.p99)} ms`,
      },
      {
        name: `launch c=${concurrency} Carnet / baseline p50`,
        value: round(ratio, 2),
        unit: "ratio",
        target: "≤ 1.25",
        met: ratio <= 1.25,
      },
    );
  }
  return results;
}
