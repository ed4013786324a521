// Stops an HTTP server as an orchestrator expects on SIGTERM: new connections are refused at once, idle
// keep-alive connections are closed, requests in progress may finish until a deadline, then every
// connection still open is closed.
import type { Server } from "node:http";

const IDLE_SWEEP_MS = 100;

/** Resolves when the server has no connection left (at the latest at `deadlineMs`). */
export function drainHttpServer(server: Server, deadlineMs: number): Promise<void> {
  // A request arriving on a kept-alive connection is the connection's last one.
  server.prependListener("request", (_req, res) => {
    if (!res.headersSent) res.setHeader("Connection", "close");
  });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // A connection whose request finishes after close() becomes idle: close it then too.
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
  return closed.finally(() => {
    clearInterval(sweep);
    clearTimeout(deadline);
  });
}

/** Waits for `task`, but no longer than `ms`; says whether it finished in time. */
export async function within(task: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([task.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
