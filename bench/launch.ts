// Benchmark 1: complete OIDC launches (login initiation → auth → id_token POST → first rendered page)
// against Carnet and against a bare ltijs tool on the same database, at concurrency 1, 8 and 32. Launches
// come from several LMSs (platforms) into several courses each; most are people's first launches, one in
// four is someone launching again from the browser they used before. Carnet's Server-Timing stages say
// where its time goes; a last run checks that launch latency stays flat as launches accumulate.
import { Browser, type SimulatedLms, type ToolRegistration } from "../test/support/sim-lms/index.js";
import { round, runConcurrently, summarize, type BenchResult } from "./lib/stats.js";

/** One registration of the tool in one LMS: a platform, as the tool sees it. */
export interface PlatformEntry {
  lms: SimulatedLms;
  tool: ToolRegistration;
}

export interface LaunchTarget {
  label: string;
  platforms: readonly PlatformEntry[];
  /** Text the first page must contain, so an error page never counts as a launch. */
  expect: string;
}

const COURSES_PER_PLATFORM = 4;
/** Every fourth launch is a person launching again (same browser, so the same session cookie). */
const REPEAT_EVERY = 4;
const EARLY_WINDOW = { from: 101, count: 100 };
const LATE_AT = 5_000;

interface Launched {
  entry: PlatformEntry;
  sub: string;
  contextId: string;
  browser: Browser;
}

/** Server-Timing stages of one launch: the login, the launch POST and the first page, by name. */
type StageSample = Map<string, number>;

class TargetRun {
  launches = 0;
  readonly people: Launched[] = [];
  constructor(readonly target: LaunchTarget) {}

  /** The next launch: a new person (platform and course in turn), or someone already seen. */
  next(index: number): Launched {
    this.launches += 1;
    const n = this.launches;
    if (n % REPEAT_EVERY === 0 && this.people.length > 0) {
      const again = this.people[(index * 7919) % this.people.length];
      if (again) return again;
    }
    const platforms = this.target.platforms;
    const entry = platforms[n % platforms.length];
    if (!entry) throw new Error("no platform to launch from");
    const course = Math.floor(n / platforms.length) % COURSES_PER_PLATFORM;
    const person: Launched = {
      entry,
      sub: `bench-${this.target.label}-${n}`,
      contextId: `bench-course-${course}`,
      browser: new Browser(),
    };
    this.people.push(person);
    return person;
  }

  async launchOnce(index: number, stages?: StageSample[]): Promise<void> {
    const who = this.next(index);
    const result = await who.entry.lms.launch(who.browser, {
      tool: who.entry.tool,
      user: { sub: who.sub, name: `Stagiaire ${who.sub}` },
      roles: ["Learner"],
      context: { id: who.contextId, title: `Promotion ${who.contextId}` },
      locale: "fr",
    });
    if (result.final.status !== 200 || !result.final.text.includes(this.target.expect)) {
      throw new Error(
        `${this.target.label} launch ${index} failed: HTTP ${result.final.status} ${result.final.text.slice(0, 200)}`,
      );
    }
    if (!stages) return;
    const sample: StageSample = new Map();
    addStages(sample, "login", result.loginResponse.headers.get("server-timing"));
    addStages(sample, "post", result.launchPost.headers.get("server-timing"));
    addStages(sample, "page", result.final.headers.get("server-timing"));
    stages.push(sample);
  }

  run(total: number, concurrency: number, stages?: StageSample[]) {
    return runConcurrently(total, concurrency, (i) => this.launchOnce(i, stages));
  }
}

function addStages(sample: StageSample, request: string, header: string | null): void {
  for (const entry of (header ?? "").split(",")) {
    const [name, ...params] = entry.trim().split(";");
    const dur = params.find((param) => param.startsWith("dur="));
    if (!name || !dur) continue;
    sample.set(name === "app" ? request : `${request}.${name}`, Number(dur.slice(4)));
  }
}

export async function benchLaunches(
  carnet: LaunchTarget,
  baseline: LaunchTarget,
  scale = 1,
): Promise<BenchResult[]> {
  const runs = { carnet: new TargetRun(carnet), baseline: new TargetRun(baseline) };
  const plan = [
    { concurrency: 1, total: Math.round(150 * scale) },
    { concurrency: 8, total: Math.round(320 * scale) },
    { concurrency: 32, total: Math.round(640 * scale) },
  ];
  const results: BenchResult[] = [];
  // Warm both up (JIT, connection pools, key caches), then bring both to the early window's start.
  for (const run of [runs.baseline, runs.carnet]) {
    await run.run(30, 4);
    await run.run(EARLY_WINDOW.from - 1 - run.launches, 4);
  }
  let early: number[] = [];
  for (const { concurrency, total } of plan) {
    const measured: Record<string, ReturnType<typeof summarize> & { perSecond: number }> = {};
    const stages: StageSample[] = [];
    // Alternate which tool goes first so neither always gets the cooler machine.
    for (const run of concurrency === 8 ? [runs.carnet, runs.baseline] : [runs.baseline, runs.carnet]) {
      const { durations, elapsedMs } = await run.run(
        total,
        concurrency,
        run === runs.carnet ? stages : undefined,
      );
      if (run === runs.carnet && concurrency === 1) early = durations.slice(0, EARLY_WINDOW.count);
      measured[run.target.label] = { ...summarize(durations), perSecond: total / (elapsedMs / 1000) };
    }
    const c = measured[carnet.label];
    const b = measured[baseline.label];
    if (c && b) results.push(...launchResults(concurrency, total, c, b), stageResult(concurrency, stages));
  }
  results.push(...(await flatness(runs.carnet, early, scale)));
  return results;
}

function launchResults(
  concurrency: number,
  total: number,
  c: ReturnType<typeof summarize> & { perSecond: number },
  b: ReturnType<typeof summarize> & { perSecond: number },
): BenchResult[] {
  const ratio = c.p50 / b.p50;
  const throughputTarget = concurrency === 32 ? "≥ baseline" : "—";
  return [
    {
      name: `launch c=${concurrency} Carnet throughput`,
      value: round(c.perSecond),
      unit: "launches/s",
      target: throughputTarget,
      met: concurrency === 32 ? c.perSecond >= b.perSecond : null,
      note: `baseline ${round(b.perSecond)} launches/s, ${total} launches each`,
    },
    {
      name: `launch c=${concurrency} Carnet p50 / p95 / p99`,
      value: round(c.p50),
      unit: "ms",
      target: "p50 ≤ 1.0 × baseline",
      met: ratio <= 1,
      note: `p95 ${round(c.p95)}, p99 ${round(c.p99)}; baseline p50 ${round(b.p50)} / p95 ${round(b.p95)} / p99 ${round(b.p99)} ms; ratio ${round(ratio, 2)}`,
    },
  ];
}

/** The p50 of each Server-Timing stage over the phase's Carnet launches. */
function stageResult(concurrency: number, samples: readonly StageSample[]): BenchResult {
  const names = [...new Set(samples.flatMap((sample) => [...sample.keys()]))];
  const p50 = (name: string): number => summarize(samples.map((sample) => sample.get(name) ?? 0)).p50;
  const server = summarize(
    samples.map((s) => (s.get("login") ?? 0) + (s.get("post") ?? 0) + (s.get("page") ?? 0)),
  );
  const part = (request: string): string =>
    `${request} ${round(p50(request))} (${names
      .filter((name) => name.startsWith(`${request}.`))
      .map((name) => `${name.slice(request.length + 1)} ${round(p50(name))}`)
      .join(", ")})`;
  return {
    name: `launch c=${concurrency} Carnet server time, p50 by stage`,
    value: round(server.p50),
    unit: "ms",
    target: "—",
    met: null,
    note: `${["login", "post", "page"].map(part).join("; ")}`,
  };
}

/** Launch latency at c=1 around the 100th launch and around the 5,000th, new people all along. */
async function flatness(run: TargetRun, early: number[], scale: number): Promise<BenchResult[]> {
  const lateAt = Math.round(LATE_AT * Math.min(1, scale));
  const fillTo = lateAt - EARLY_WINDOW.count;
  const fillStarted = performance.now();
  if (run.launches < fillTo) await run.run(fillTo - run.launches, 8);
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  const firstLate = run.launches + 1;
  const { durations } = await run.run(EARLY_WINDOW.count, 1);
  const before = summarize(early);
  const after = summarize(durations);
  const ratio = after.p50 / before.p50;
  return [
    {
      name: `launch latency, launches ${EARLY_WINDOW.from}–${EARLY_WINDOW.from + EARLY_WINDOW.count - 1} → ${firstLate}–${run.launches} (c=1, p50)`,
      value: round(after.p50),
      unit: "ms",
      target: "flat: ≤ 1.1 × early p50",
      met: ratio <= 1.1,
      note: `early p50 ${round(before.p50)} ms (p95 ${round(before.p95)}), late p95 ${round(after.p95)} ms; ratio ${round(ratio, 2)}; ${run.people.length} people in Carnet's database; filled in ${round(fillSeconds)} s`,
    },
  ];
}
