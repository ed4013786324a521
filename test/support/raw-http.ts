// Requests no browser would send (a body cut short, a false Content-Length, raw bytes in the path),
// written on a plain socket so the test controls every byte and sees what the server answers.
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `head` and `body` (the body possibly shorter than announced) and resolves with the answer.
 * The socket is never half-closed (Node's server would drop a pending answer), so an answer to a
 * body cut short proves the server did not wait for the rest of it.
 */
export function rawRequest(url: string, head: string, body: Buffer = Buffer.alloc(0)): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      const text = Buffer.concat(chunks).toString("utf8");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers["content-length"] ?? NaN);
      const bodyText = text.slice(end + 4);
      if (Number.isFinite(length) && Buffer.byteLength(bodyText) < length) return;
      settled = true;
      socket.destroy();
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: bodyText });
    };
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      finish();
    });
    socket.on("end", finish);
    socket.on("error", (error) => {
      if (!settled && chunks.length > 0) finish();
      if (!settled) reject(error);
    });
    socket.write(head.replace(/\n/g, "\r\n").replace(/\r\r\n/g, "\r\n"));
    socket.write(body);
  });
}
