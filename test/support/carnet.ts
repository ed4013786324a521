// Starts a Carnet app for a test on 127.0.0.1 with a random port, on the shared test database.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { createApp, type Services } from "../../src/app.js";
import { systemClock, type Clock } from "../../src/clock.js";
import { loadConfig, type Config } from "../../src/config/config.js";
import type { PlatformAdmin } from "../../src/lti/platform-admin.js";
import { createLogger } from "../../src/logger.js";
import { getTestEnvironment, TEST_LTI_KEY } from "./environment.js";

export interface TestCarnet {
  baseUrl: string;
  /** The Express application, for tests that inspect its routes. */
  app: Express;
  /** Log lines written by this Carnet (JSON objects), when started with captureLogs. */
  logs: Record<string, unknown>[];
  config: Config;
  services: Services;
  platformAdmin: PlatformAdmin;
  close(): Promise<void>;
}

export interface TestCarnetOptions {
  clock?: Clock;
  captureLogs?: boolean;
  env?: Record<string, string>;
}

export async function startTestCarnet(options: TestCarnetOptions = {}): Promise<TestCarnet> {
  const environment = await getTestEnvironment();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {
      NODE_ENV: "test",
      BASE_URL: baseUrl,
      LTI_KEY: TEST_LTI_KEY,
      MONGODB_URI: "mongodb://unused-in-tests",
      ...options.env,
    },
    { persistDevKey: false },
  );
  const logs: Record<string, unknown>[] = [];
  const logger = options.captureLogs
    ? createLogger("info", {
        write: (line: string) => {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        },
      })
    : environment.logger;
  const { app, services } = createApp({
    config,
    logger,
    clock: options.clock ?? systemClock,
    mongo: environment.mongo,
    lti: environment.lti,
  });
  await environment.mongo.indexesReady();
  server.on("request", app);
  return {
    baseUrl,
    app,
    logs,
    config,
    services,
    platformAdmin: services.platformAdmin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
