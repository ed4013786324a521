// A steady load of learners writing traces and opening their home page, with every outcome tagged by
// the phase of the fault scenario it started in.
import { summarize } from "../../../bench/lib/stats.js";
import { delay, openHome, writeTrace, type Learner, type Outcome } from "./learners.js";

export interface TaggedOutcome extends Outcome {
  phase: string;
  kind: "write" | "read";
  sub: string;
}

export class Load {
  readonly outcomes: TaggedOutcome[] = [];
  phase = "before";
  private running = true;
  private readonly workers: Promise<void>[];

  constructor(learners: Learner[]) {
    this.workers = learners.map((learner, index) => this.work(learner, index));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  in(phase: string): TaggedOutcome[] {
    return this.outcomes.filter((outcome) => outcome.phase === phase);
  }

  private async work(learner: Learner, index: number): Promise<void> {
    for (let n = 0; this.running; n++) {
      const phase = this.phase;
      const write = await writeTrace(learner, `Trace ${index}-${n}`);
      this.outcomes.push({ ...write, phase, kind: "write", sub: learner.sub });
      const read = await openHome(learner);
      this.outcomes.push({ ...read, phase: this.phase, kind: "read", sub: learner.sub });
      // A Carnet that does not answer at all (gone, refusing) is not hammered in a tight loop.
      if (read.status === 0) await delay(250);
    }
  }
}

/** "12×200 3×503 (p50 41 ms, max 2,950 ms)" */
export function describe(outcomes: Outcome[]): string {
  if (outcomes.length === 0) return "no requests";
  const counts = new Map<number, number>();
  for (const outcome of outcomes) counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
  const statuses = [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count}×${status === 0 ? "no answer" : status}`)
    .join(" ");
  const { p50, max } = summarize(outcomes.map((outcome) => outcome.ms));
  return `${statuses} (p50 ${Math.round(p50).toLocaleString("en")} ms, max ${Math.round(max).toLocaleString("en")} ms)`;
}

/** The distinct errors Carnet logged as unexpected (500s), with their counts. */
export function unexpectedErrors(logs: Record<string, unknown>[]): string[] {
  const counts = new Map<string, number>();
  for (const entry of logs) {
    if (entry.msg !== "unexpected error") continue;
    const err = entry.err;
    const message =
      typeof err === "object" && err !== null && "message" in err ? String(err.message) : String(err);
    const where =
      typeof entry.path === "string"
        ? ` (${entry.method} ${entry.path.replace(/[0-9a-f-]{36}/g, ":id")})`
        : "";
    const key = `${message.slice(0, 160)}${where}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([message, count]) => `${count}× ${message}`);
}

/** Carnet's slowest answers from its request log: "POST /l/:id/traces 503 10,104 ms". */
export function slowestRequests(logs: Record<string, unknown>[], count = 3): string[] {
  return logs
    .filter((entry) => entry.msg === "request" && typeof entry.ms === "number")
    .sort((a, b) => Number(b.ms) - Number(a.ms))
    .slice(0, count)
    .map((entry) => {
      const where = String(entry.path).replace(/\/l\/[^/]+/, "/l/:launch");
      return `${String(entry.method)} ${where} ${String(entry.status)} ${Math.round(Number(entry.ms)).toLocaleString("en")} ms`;
    });
}
