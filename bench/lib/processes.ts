// Child processes the benchmarks measure: Carnet itself (as `npm start` runs it) and the ltijs baseline.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ServerProcess {
  url: string;
  pid: number;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** A port nothing listens on right now on 127.0.0.1 (the system picks it). */
export { freePort } from "../../test/support/free-port.js";

export async function waitForReady(url: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not up yet
    }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startServer(
  args: string[],
  env: Record<string, string>,
  readyPath: string,
  port: number,
): Promise<ServerProcess & { startupMs: number }> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForReady(`${url}${readyPath}`, 60_000),
      new Promise((_, reject) =>
        child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}: ${stderr}`))),
      ),
    ]);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const startupMs = performance.now() - started;
  const pid = child.pid ?? -1;
  return {
    url,
    pid,
    startupMs,
    peakRssMb: () => peakRssMb(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
