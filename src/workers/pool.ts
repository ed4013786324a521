// A small pool of worker threads for work that must never hold the event loop (Markdown rendering,
// revision diffs, framework parsing): every other request, /healthz included, goes on meanwhile.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { HeavyTaskInput, HeavyTaskName, HeavyTaskOutput } from "./heavy-tasks.js";

interface Job {
  id: number;
  task: HeavyTaskName;
  input: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export interface WorkerPoolOptions {
  /** Worker threads (default: one per core beyond the first, at least one, at most four). */
  size?: number;
  /** A task still running after this long is stopped with its worker (input built to never end). */
  taskTimeoutMs?: number;
}

export class WorkerTaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkerTaskError";
  }
}

// Compiled, the worker is the .js beside this file. Under tsx (tests, `npm run dev`) it is the
// TypeScript source, and a worker thread does not inherit tsx's loader: a small bootstrap registers it.
const fromSource = import.meta.url.endsWith(".ts");
const entryUrl = new URL(fromSource ? "./heavy-worker.ts" : "./heavy-worker.js", import.meta.url);

function startWorker(options: WorkerOptions): Worker {
  if (!fromSource) return new Worker(fileURLToPath(entryUrl), options);
  const bootstrap =
    `import("tsx/esm/api").then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(entryUrl.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

export class WorkerPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly finished = new Map<HeavyTaskName, number>();

  constructor(options: WorkerPoolOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.timeoutMs = options.taskTimeoutMs ?? 20_000;
  }

  run<K extends HeavyTaskName>(task: K, input: HeavyTaskInput<K>): Promise<HeavyTaskOutput<K>> {
    if (this.closed) return Promise.reject(new WorkerTaskError("worker pool closed"));
    return new Promise<HeavyTaskOutput<K>>((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        task,
        input,
        resolve: (value) => resolve(value as HeavyTaskOutput<K>),
        reject,
      });
      this.dispatch();
    });
  }

  /** Tasks of this kind finished in a worker so far (for tests and metrics). */
  completed(task: HeavyTaskName): number {
    return this.finished.get(task) ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new WorkerTaskError("worker pool closed"));
    await Promise.all(this.slots.splice(0).map((slot) => this.stop(slot, "worker pool closed")));
  }

  private dispatch(): void {
    for (;;) {
      const job = this.queue[0];
      if (!job) return;
      const slot = this.slots.find((candidate) => candidate.job === null) ?? this.spawn();
      if (!slot) return;
      this.queue.shift();
      slot.job = job;
      slot.timer = setTimeout(() => {
        void this.stop(slot, `${job.task} took longer than ${this.timeoutMs} ms`).then(() => this.dispatch());
      }, this.timeoutMs);
      slot.timer.unref();
      slot.worker.postMessage({ id: job.id, task: job.task, input: job.input });
    }
  }

  private spawn(): Slot | null {
    if (this.slots.length >= this.size) return null;
    const worker = startWorker({ resourceLimits: { maxOldGenerationSizeMb: 512 } });
    // Idle workers never keep the process alive.
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null };
    worker.on("message", (message: { id: number; ok: boolean; output?: unknown; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      this.release(slot);
      this.finished.set(job.task, this.completed(job.task) + 1);
      if (message.ok) job.resolve(message.output);
      else job.reject(new WorkerTaskError(message.error ?? `${job.task} failed`));
      this.dispatch();
    });
    worker.on("error", (error) => {
      void this.stop(slot, error.message).then(() => this.dispatch());
    });
    this.slots.push(slot);
    return slot;
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Ends a worker and fails its task; a fresh worker is started on demand. */
  private async stop(slot: Slot, reason: string): Promise<void> {
    const job = slot.job;
    this.release(slot);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    job?.reject(new WorkerTaskError(reason));
    await slot.worker.terminate().catch(() => undefined);
  }
}
