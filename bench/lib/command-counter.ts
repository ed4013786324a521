// Counts the database commands a process sends: a TCP proxy in front of the database that reads the
// MongoDB wire protocol's framing (each message starts with its 4-byte little-endian length) and names
// each command by its first field and the collection it targets. Deterministic: load does not change it.
import { createConnection, createServer, type Server, type Socket } from "node:net";

const OP_MSG = 2013;
const OP_QUERY = 2004;
const BSON_STRING = 0x02;
/** Connection handshakes and monitoring, not the application's work. */
const HOUSEKEEPING = new Set([
  "hello",
  "ismaster",
  "ping",
  "buildinfo",
  "saslstart",
  "saslcontinue",
  "endsessions",
  "getlasterror",
]);

export interface CommandCounts {
  /** Commands sent, housekeeping excluded. */
  total: number;
  /** By "command collection" (e.g. "findAndModify users"). */
  byName: ReadonlyMap<string, number>;
}

export class CommandCounter {
  private total = 0;
  private readonly byName = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** A proxy on a free port of 127.0.0.1 that forwards every connection to the database in `uri`. */
  static async start(uri: string): Promise<CommandCounter> {
    const target = new URL(uri.replace(/^mongodb:/, "http:"));
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const counter = new CommandCounter(server, port);
    server.on("connection", (client) =>
      counter.forward(client, target.hostname, Number(target.port || 27017)),
    );
    return counter;
  }

  /** The same database URI, through this proxy. */
  uriFor(uri: string): string {
    return uri.replace(/^mongodb:\/\/[^/]+/, `mongodb://127.0.0.1:${this.port}`);
  }

  snapshot(): CommandCounts {
    return { total: this.total, byName: new Map(this.byName) };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: Socket, host: string, port: number): void {
    const upstream = createConnection({ host, port });
    this.sockets.add(client).add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      pending = this.readMessages(Buffer.concat([pending, chunk]));
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on("close", end);
      socket.on("error", end);
    }
  }

  /** Counts each complete message in `buffer`; returns the incomplete rest. */
  private readMessages(buffer: Buffer): Buffer {
    let offset = 0;
    while (buffer.length - offset >= 16) {
      const length = buffer.readInt32LE(offset);
      if (length < 16 || buffer.length - offset < length) break;
      this.count(commandName(buffer.subarray(offset, offset + length)));
      offset += length;
    }
    return buffer.subarray(offset);
  }

  private count(name: string): void {
    if (HOUSEKEEPING.has(name.split(" ")[0]?.toLowerCase() ?? "")) return;
    this.total += 1;
    this.byName.set(name, (this.byName.get(name) ?? 0) + 1);
  }
}

/** "find users": the command (the body's first field) and its collection when the value names one. */
export function commandName(message: Buffer): string {
  const opCode = message.readInt32LE(12);
  if (opCode === OP_QUERY) {
    // Legacy handshake: flags, then the namespace, then the query document.
    const namespaceEnd = message.indexOf(0, 20);
    return namespaceEnd < 0 ? "query" : firstField(message, namespaceEnd + 1 + 8);
  }
  if (opCode !== OP_MSG) return `opcode ${opCode}`;
  // flagBits (4 bytes), then the body section: kind byte 0 and a BSON document.
  if (message[20] !== 0) return "msg";
  return firstField(message, 21);
}

function firstField(message: Buffer, documentStart: number): string {
  const typeAt = documentStart + 4;
  const nameEnd = message.indexOf(0, typeAt + 1);
  if (nameEnd < 0) return "?";
  const name = message.toString("utf8", typeAt + 1, nameEnd);
  if (message[typeAt] !== BSON_STRING) return name;
  const valueLength = message.readInt32LE(nameEnd + 1);
  return `${name} ${message.toString("utf8", nameEnd + 5, nameEnd + 4 + valueLength)}`;
}

/** The commands between two snapshots. */
export function countsBetween(before: CommandCounts, after: CommandCounts): CommandCounts {
  const byName = new Map<string, number>();
  for (const [name, count] of after.byName) {
    const added = count - (before.byName.get(name) ?? 0);
    if (added > 0) byName.set(name, added);
  }
  return { total: after.total - before.total, byName };
}
