// What Carnet's memory is made of at its peak: its /metrics (prom-client's process and heap gauges, read
// over loopback) sampled through the benchmarks, keeping the sample with the largest resident set.
export interface MemorySample {
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
}

/** What the process has spent so far: CPU, and the part of it garbage collection took. */
export interface CpuSample {
  cpuSeconds: number;
  gcSeconds: number;
}

const MB = 1024 * 1024;

/** The sum of a metric's series (every label set), in its own unit. */
function total(text: string, name: string): number {
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

function gauge(text: string, name: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1).split(" ")[0]) / MB : Number.NaN;
}

/** One reading of Carnet's /metrics: its memory now and the CPU it has spent so far. */
export async function readMetrics(metricsUrl: string): Promise<{ memory: MemorySample; cpu: CpuSample }> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) })).text();
  return {
    memory: {
      rssMb: gauge(text, "process_resident_memory_bytes"),
      heapTotalMb: gauge(text, "nodejs_heap_size_total_bytes"),
      heapUsedMb: gauge(text, "nodejs_heap_size_used_bytes"),
      externalMb: gauge(text, "nodejs_external_memory_bytes"),
    },
    cpu: {
      cpuSeconds: total(text, "process_cpu_seconds_total"),
      gcSeconds: total(text, "nodejs_gc_duration_seconds_sum"),
    },
  };
}

export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private largest: MemorySample | undefined;
  private largestInPart: MemorySample | undefined;
  private latestCpu: CpuSample | undefined;

  constructor(private readonly metricsUrl: string) {}

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** CPU and garbage collection time at the latest sample. */
  cpu(): CpuSample | undefined {
    return this.latestCpu;
  }

  /** The sample with the largest resident set so far. */
  peak(): MemorySample | undefined {
    return this.largest;
  }

  /** The sample with the largest resident set since the previous call (one benchmark part's). */
  partPeak(): MemorySample | undefined {
    const peak = this.largestInPart;
    this.largestInPart = undefined;
    return peak;
  }

  private async sample(): Promise<void> {
    try {
      const { memory: sample, cpu } = await readMetrics(this.metricsUrl);
      if (!(sample.rssMb <= (this.largest?.rssMb ?? 0))) this.largest = sample;
      if (!(sample.rssMb <= (this.largestInPart?.rssMb ?? 0))) this.largestInPart = sample;
      this.latestCpu = cpu;
    } catch {
      // A sample lost under load is no figure: the next one counts.
    }
  }
}

/** "CPU 95 s, of which garbage collection 12 s (13 %)". */
export function describeCpu(sample: CpuSample | undefined): string {
  if (!sample) return "no CPU sample";
  const share = Math.round((100 * sample.gcSeconds) / sample.cpuSeconds);
  return `Carnet's CPU ${sample.cpuSeconds.toFixed(1)} s, of which garbage collection ${sample.gcSeconds.toFixed(1)} s (${share} %)`;
}

/** "heap 120 MB (80 used) + external 10 MB + 60 MB of code, stacks and native allocations". */
export function describeMemory(sample: MemorySample | undefined): string {
  if (!sample) return "no /metrics sample";
  const rest = sample.rssMb - sample.heapTotalMb - sample.externalMb;
  const mb = (value: number): string => `${Math.round(value)} MB`;
  return `at the largest sampled RSS (${mb(sample.rssMb)}): V8 heap ${mb(sample.heapTotalMb)} (${mb(sample.heapUsedMb)} live), external buffers ${mb(sample.externalMb)}, the rest ${mb(rest)} (code, JIT, thread stacks, ICU and other native memory)`;
}
