// The only module with effects: configuration → database → ltijs → app → listen; clean shutdown.
import type { Server } from "node:http";
import type { Express } from "express";
import { createApp, type Services } from "./app.js";
import { startGradingJobs } from "./jobs/grading-services.js";
import { ContactRhythmJob } from "./jobs/contact-rhythm.js";
import { startLoop, type MailingJobDeps } from "./jobs/job-loop.js";
import { smtpTransport, ValidationReminderJob } from "./jobs/validation-reminders.js";
import { ConvocationJob } from "./jobs/session-convocations.js";
import { InvitationMailJob } from "./jobs/placement-invitation-mail.js";
import { systemClock } from "./clock.js";
import { ConfigError, loadConfig, type Config } from "./config/config.js";
import { startLtijs } from "./lti/tool-keys.js";
import { startSupportJobs } from "./jobs/support-jobs.js";
import { createLogger, type Logger } from "./logger.js";
import { connectMongo, type MongoConnection } from "./persistence/connection.js";
import { startDatabase } from "./persistence/database-locator.js";
import { retryWhileDatabaseUnavailable } from "./persistence/startup-retry.js";
import { drainHttpServer, within } from "./web/http-drain.js";

export interface RunningCarnet {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/** How long a start waits for a database that does not answer before giving up. */
const STARTUP_DATABASE_WAIT_MS = 60_000;

export async function startCarnet(config: Config, logger: Logger): Promise<RunningCarnet> {
  const database = await startDatabase(config, logger);
  let mongo: MongoConnection | undefined;
  try {
    mongo = await connectMongo(database.uri, { timeouts: config.database, logger });
    const lti = await startLtijs(
      config.ltiKey,
      database.uri,
      { baseUrl: config.baseUrl },
      { timeouts: config.database, logger },
    );
    const { app, services } = createApp({ config, logger, clock: systemClock, mongo, lti });
    // A database that is slow to answer at start (failover, busy machine) is waited for, not fatal.
    const untilAnswered = <T>(step: () => Promise<T>): Promise<T> =>
      retryWhileDatabaseUnavailable(step, {
        deadlineMs: STARTUP_DATABASE_WAIT_MS,
        clock: systemClock,
        onRetry: (error, attempt, delayMs) =>
          logger.warn(
            { attempt, delayMs, err: error instanceof Error ? error.message : String(error) },
            "database not answering at start; retrying",
          ),
      });
    const connected = mongo;
    await untilAnswered(() => connected.indexesReady());
    await untilAnswered(() => services.frameworks.installShipped(logger));
    const server = await listen(app, config, logger);
    const jobs = startJobs(services, config, logger);
    const connection = mongo;
    return {
      server,
      url: `http://127.0.0.1:${portOf(server, config)}`,
      stop: async () => {
        // Stop accepting at once; requests in progress and job runs get the drain time, together.
        const drainMs = config.shutdownDrainMs;
        const [, jobsDone] = await Promise.all([
          drainHttpServer(server, drainMs),
          within(jobs.stop(), drainMs),
        ]);
        // Past the drain (leases not given back in time) the jobs lose their database; those leases expire.
        if (!jobsDone) logger.warn({ drainMs }, "background jobs still running at the end of the drain");
        await connection.close();
        await database.stop();
        logger.info("stopped");
      },
    };
  } catch (error) {
    await mongo?.close().catch(() => undefined);
    await database.stop();
    throw error;
  }
}

async function listen(app: Express, config: Config, logger: Logger): Promise<Server> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once("error", reject);
  });
  const port = portOf(server, config);
  logger.info(
    { port, baseUrl: config.baseUrl, ltiKey: config.ltiKeySource },
    `Carnet listening on port ${port} (${config.baseUrl})`,
  );
  return server;
}

function portOf(server: Server, config: Config): number {
  const address = server.address();
  return typeof address === "object" && address ? address.port : config.port;
}

/** Grade delivery every 2 s; validation reminders and the contact rhythm hourly (e-mail only with SMTP_URL). */
function startJobs(services: Services, config: Config, logger: Logger): { stop(): Promise<void> } {
  const support = startSupportJobs({ ...services.support, logger });
  const grading = startGradingJobs(
    {
      grading: services.grading,
      frameworks: services.frameworks,
      platforms: services.platforms,
      clock: systemClock,
      logger,
    },
    { retryForMs: config.gradeRetryForMs, perPlatform: config.gradeConcurrency },
  );
  const basics: MailingJobDeps = {
    clock: systemClock,
    logger,
    ...(config.smtpUrl ? { mail: smtpTransport(config.smtpUrl, config.mailFrom) } : {}),
  };
  const reminders = new ValidationReminderJob({
    ...services.validation.reminders,
    ...basics,
  });
  const rhythm = new ContactRhythmJob({
    tutors: services.tutoring.store,
    workspace: services.tutoring.workspace,
    notifications: services.validation.reminders.notifications,
    people: services.people,
    markers: services.validation.reminders.markers,
    ...basics,
  });
  const convocations = new ConvocationJob({
    outbox: services.tutoringSessions.convocations,
    people: services.people,
    ...basics,
    host: new URL(config.baseUrl).host,
    mailFrom: config.mailFrom,
    timeZone: services.tutoringSessions.timeZone,
  });
  const invitationMail = new InvitationMailJob({
    ...services.placements,
    people: services.people,
    ...basics,
    baseUrl: config.baseUrl,
  });
  const loops = [reminders, convocations, invitationMail, rhythm].map((job) => startLoop(job, logger));
  return {
    stop: async () => {
      await support.stop();
      // POSTs in flight get the drain minus a second; then they are aborted and every grade lease is
      // given back while the database is still open, so that another instance delivers at once.
      await grading.stop({ deadlineMs: Math.max(0, config.shutdownDrainMs - 1_000) });
      for (const loop of loops) await loop.stop();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Carnet cannot start: ${error.problems.join("; ")}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let running: RunningCarnet;
  try {
    running = await startCarnet(config, logger);
  } catch (error) {
    logger.fatal({ err: error instanceof Error ? error.message : String(error) }, "Carnet could not start");
    process.stderr.write(
      `Carnet could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting without waiting");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, drainMs: config.shutdownDrainMs }, "shutting down");
    // Whatever happens, the process ends: an orchestrator's SIGKILL would leave less in order.
    setTimeout(() => {
      logger.error("shutdown did not finish in time");
      process.exit(1);
    }, config.shutdownDrainMs + 10_000).unref();
    running
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main();
}
