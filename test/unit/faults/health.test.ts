import { expect } from "chai";
import express from "express";
import type { AddressInfo } from "node:net";
import { healthRoutes } from "../../../src/web/routes/health.js";

async function serve(
  ping: () => Promise<boolean>,
  timeoutMs: number,
): Promise<{ url: string; close(): void }> {
  const app = express();
  app.use(healthRoutes({ ping, timeoutMs }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe("health routes", () => {
  it("answers /readyz 503 when the database ping does not come back in time", async () => {
    const pings: number[] = [];
    const frozen = (): Promise<boolean> => {
      pings.push(1);
      return new Promise<boolean>(() => undefined);
    };
    const server = await serve(frozen, 20);
    try {
      const first = await fetch(`${server.url}/readyz`);
      expect(first.status).to.equal(503);
      expect(await first.json()).to.deep.equal({ status: "database unavailable" });
      // A second probe shares the ping still in flight instead of piling up another one.
      expect((await fetch(`${server.url}/readyz`)).status).to.equal(503);
      expect(pings).to.have.length(1);
    } finally {
      server.close();
    }
  });

  it("answers /readyz 200 when the ping answers, 503 when it fails", async () => {
    let healthy = true;
    const server = await serve(async () => {
      if (!healthy) throw new Error("connection refused");
      return true;
    }, 1_000);
    try {
      expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);
      healthy = false;
      expect((await fetch(`${server.url}/readyz`)).status).to.equal(503);
    } finally {
      server.close();
    }
  });

  it("answers /healthz without touching the database", async () => {
    let pinged = false;
    const server = await serve(async () => {
      pinged = true;
      return false;
    }, 1_000);
    try {
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).to.equal(200);
      expect(pinged).to.equal(false);
    } finally {
      server.close();
    }
  });
});
