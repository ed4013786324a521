// Entry of a worker thread of the pool: runs one task per message and answers with its result.
import { parentPort } from "node:worker_threads";
import { performHeavyTask } from "./heavy-tasks.js";

const port = parentPort;
if (port) {
  port.on("message", (message: { id: number; task: string; input: unknown }) => {
    try {
      port.postMessage({ id: message.id, ok: true, output: performHeavyTask(message.task, message.input) });
    } catch (error) {
      port.postMessage({
        id: message.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
}
