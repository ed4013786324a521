// A mongo-java-server in a process of its own, on a fixed port, for tests and fault scripts that kill,
// freeze and restart the database under a running Carnet. With an H2 file its data survives restarts.
import type { ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLogger } from "../../src/logger.js";
import { spawnMongoJavaServer, type MongoJavaBackend } from "../../src/persistence/embedded-database.js";

export interface StandaloneDatabaseOptions {
  /** H2 file for data that must survive a restart; in memory otherwise. */
  h2File?: string;
  heapMb?: number;
}

export class StandaloneDatabase {
  private constructor(
    private child: ChildProcess,
    readonly port: number,
    private readonly backend: MongoJavaBackend,
    private readonly heapMb: number,
  ) {}

  static async start(options: StandaloneDatabaseOptions = {}): Promise<StandaloneDatabase> {
    const backend: MongoJavaBackend = options.h2File ? { h2File: options.h2File } : "memory";
    const heapMb = options.heapMb ?? 256;
    const server = await spawn(backend, 0, heapMb);
    const port = Number(server.address.split(":").pop());
    return new StandaloneDatabase(server.child, port, backend, heapMb);
  }

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/carnet`;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** kill -9: the process vanishes without closing anything. */
  async kill(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGKILL");
    await exited;
  }

  /** SIGSTOP: connections stay open and nothing answers. */
  freeze(): void {
    this.child.kill("SIGSTOP");
  }

  thaw(): void {
    this.child.kill("SIGCONT");
  }

  /** Starts again on the same port (after kill()). */
  async restart(): Promise<void> {
    if (this.running) await this.kill();
    this.child = (await spawn(this.backend, this.port, this.heapMb)).child;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.thaw();
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin?.end();
    await exited;
  }
}

function spawn(
  backend: MongoJavaBackend,
  port: number,
  heapMb: number,
): Promise<{ child: ChildProcess; address: string }> {
  const logFile = path.join(tmpdir(), `carnet-standalone-db-${process.pid}.log`);
  return spawnMongoJavaServer({
    backend,
    host: "127.0.0.1",
    port,
    heapMb,
    logFile,
    logger: createLogger("warn"),
  });
}
