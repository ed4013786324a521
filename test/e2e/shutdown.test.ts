// SIGTERM to a running Carnet (its own process): it stops accepting at once, closes idle keep-alive
// connections, gives a busy one until the drain deadline, closes its database and exits 0.
import { expect } from "chai";
import { connect, type Socket } from "node:net";
import { spawnCarnet, type CarnetProcess } from "../support/carnet-process.js";
import { StandaloneDatabase } from "../support/standalone-database.js";

const LTI_KEY = "shutdown-lti-key-0123456789abcdef0123456789abcdef";

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once("close", () => resolve());
  });
}

/** Sends one request on a keep-alive connection and waits for its whole answer. */
function requestOn(socket: Socket, path: string): Promise<string> {
  return new Promise((resolve) => {
    let received = "";
    const onData = (chunk: Buffer): void => {
      received += chunk.toString();
      if (/\r\n\r\n[\s\S]*\}$/.test(received)) {
        socket.off("data", onData);
        resolve(received);
      }
    };
    socket.on("data", onData);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  });
}

async function refusesConnections(port: number): Promise<boolean> {
  try {
    (await open(port)).destroy();
    return false;
  } catch {
    return true;
  }
}

describe("SIGTERM", function () {
  this.timeout(90_000);
  let database: StandaloneDatabase;
  let carnet: CarnetProcess;

  before(async () => {
    database = await StandaloneDatabase.start();
    carnet = await spawnCarnet({
      env: { MONGODB_URI: database.uri, LTI_KEY, NODE_ENV: "production", SHUTDOWN_DRAIN_MS: "3000" },
    });
  });

  after(async () => {
    await carnet?.killGroup();
    await database?.stop();
  });

  it("stops accepting at once, closes idle then busy connections, and exits 0", async () => {
    const idle = await open(carnet.port);
    expect(await requestOn(idle, "/healthz")).to.match(/^HTTP\/1\.1 200/);
    // A slow client: its request has started and never ends.
    const busy = await open(carnet.port);
    busy.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const order: string[] = [];
    const idleClosed = closed(idle).then(() => order.push("idle connection closed"));
    const busyClosed = closed(busy).then(() => order.push("busy connection closed"));
    const exited = carnet.exited.then((exit) => {
      order.push("exited");
      return exit;
    });

    carnet.signal("SIGTERM");
    while (!(await refusesConnections(carnet.port))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    order.push("new connections refused");
    await idleClosed;

    const exit = await exited;
    await busyClosed;
    expect(exit).to.deep.equal({ code: 0, signal: null });
    // The busy connection held the process until the drain deadline; nothing else did.
    expect(order.indexOf("new connections refused")).to.be.lessThan(order.indexOf("busy connection closed"));
    expect(order.indexOf("idle connection closed")).to.be.lessThan(order.indexOf("busy connection closed"));
    expect(order.indexOf("busy connection closed")).to.be.lessThan(order.indexOf("exited"));
    const messages = carnet.logs.map((entry) => entry.msg);
    expect(messages).to.include("shutting down");
    expect(messages.at(-1)).to.equal("stopped");
  });
});
