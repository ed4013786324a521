// Carnet as a real child process (src/main.ts through tsx, or the compiled dist/), for tests and fault
// scripts that signal, kill or starve it. Its JSON log lines are kept; it runs in its own process group
// so that a kill -9 can take its embedded database down with it.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./free-port.js";
import { projectRoot } from "../../src/paths.js";
import type { ToolRegistration } from "./sim-lms/index.js";

export interface CarnetProcessOptions {
  env: Record<string, string>;
  /** Run dist/src/main.js (after npm run build) instead of src/main.ts through tsx. */
  compiled?: boolean;
  /** A given port (a restart where the LMS knows the old URL); a free one otherwise. */
  port?: number;
}

export interface CarnetExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CarnetProcess {
  url: string;
  port: number;
  pid: number;
  /** Parsed JSON log lines, oldest first; stderr lines as { stderr }. */
  logs: Record<string, unknown>[];
  exited: Promise<CarnetExit>;
  hasExited(): boolean;
  signal(signal: NodeJS.Signals): void;
  /** kill -9 of the whole process group: Carnet and the embedded database it started. */
  killGroup(): Promise<CarnetExit>;
  /** SIGTERM, then SIGKILL of the group after graceMs. */
  stop(graceMs?: number): Promise<CarnetExit>;
}

export async function spawnCarnet(options: CarnetProcessOptions): Promise<CarnetProcess> {
  const args = options.compiled ? ["dist/src/main.js"] : ["--import", "tsx", "src/main.ts"];
  // The LMS needs Carnet's URL before it starts: pick a free port now.
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "info",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<CarnetExit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  collectLines(child, logs);
  await listening(child, logs, exited);
  const pid = child.pid ?? -1;
  const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const killGroup = async (): Promise<CarnetExit> => {
    if (!hasExited()) process.kill(-pid, "SIGKILL");
    return exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid,
    logs,
    exited,
    hasExited,
    signal: (signal) => {
      if (!hasExited()) child.kill(signal);
    },
    killGroup,
    stop: async (graceMs = 15_000) => {
      if (hasExited()) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => void killGroup(), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
}

function collectLines(child: ChildProcess, logs: Record<string, unknown>[]): void {
  const split = (stream: NodeJS.ReadableStream | null, parse: (line: string) => Record<string, unknown>) => {
    let pending = "";
    stream?.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) logs.push(parse(line));
    });
  };
  split(child.stdout, (line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === "object" && parsed !== null ? { ...parsed } : { stdout: line };
    } catch {
      return { stdout: line };
    }
  });
  split(child.stderr, (line) => ({ stderr: line }));
}

/** Resolves at the "Carnet listening" log line; rejects if the process exits first. */
function listening(
  child: ChildProcess,
  logs: Record<string, unknown>[],
  exited: Promise<CarnetExit>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (logs.some((entry) => typeof entry.port === "number" && entry.baseUrl !== undefined)) {
        child.stdout?.off("data", check);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    void exited.then((exit) => {
      const tail = logs
        .slice(-15)
        .map((entry) => JSON.stringify(entry))
        .join("\n");
      reject(new Error(`Carnet exited (${exit.code ?? exit.signal}) before listening:\n${tail}`));
    });
  });
}

/** Registers a simulated LMS the way an administrator does: `carnet platform add` in its own process. */
export async function registerWithCli(env: Record<string, string>, tool: ToolRegistration): Promise<void> {
  const args = [
    ...["--import", "tsx", "src/cli/main.ts", "platform", "add"],
    ...["--issuer", tool.issuer, "--client-id", tool.clientId, "--name", "Simulated Moodle"],
    ...["--auth-url", tool.authUrl, "--token-url", tool.tokenUrl, "--jwks-url", tool.jwksUrl],
    ...tool.deploymentIds.flatMap((id) => ["--deployment", id]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`carnet platform add failed (${code}): ${output}`);
}
