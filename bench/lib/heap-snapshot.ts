// BENCH_HEAP_SNAPSHOT=1: Carnet runs with --heapsnapshot-signal, and the bench asks it for a heap snapshot
// after the launch part, the workspace part and the peak's reading, to find what holds its memory (written
// to Carnet's working directory as Heap.*.heapsnapshot). Writing one costs the process memory and a full
// collection, so a run with snapshots measures no peak: measure without, then look with.
import { readdirSync, statSync } from "node:fs";

export const heapSnapshots = process.env.BENCH_HEAP_SNAPSHOT === "1";

function snapshotFiles(): Map<string, number> {
  const found = new Map<string, number>();
  for (const name of readdirSync(".")) {
    if (name.startsWith("Heap.") && name.endsWith(".heapsnapshot")) found.set(name, statSync(name).size);
  }
  return found;
}

/** Signals Carnet and waits until the new snapshot file stops growing. */
export async function takeHeapSnapshot(pid: number, label: string): Promise<void> {
  if (!heapSnapshots) return;
  const before = new Set(snapshotFiles().keys());
  process.kill(pid, "SIGUSR2");
  let last = -1;
  for (let stable = 0; stable < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const fresh = [...snapshotFiles()].find(([name]) => !before.has(name));
    const size = fresh?.[1] ?? -1;
    stable = size > 0 && size === last ? stable + 1 : 0;
    last = size;
    if (fresh && stable === 3) console.log(`heap snapshot after ${label}: ${fresh[0]} (${size} bytes)`);
  }
}
