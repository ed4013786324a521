// Carnet's Prometheus metrics: request latency by route pattern (never a path with ids in it), launches
// accepted and refused by reason, the grade outbox's backlog, event-loop lag and the process's defaults,
// database round-trips by command. One registry per app, so that tests stay apart.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface OutboxBacklog {
  pending: number;
  leased: number;
  parked: number;
  /** How long the most overdue pending delivery has been due (0 when none is). */
  oldestDueSeconds: number;
}

export interface MetricsSources {
  outboxBacklog(): Promise<OutboxBacklog>;
}

export type LaunchOutcome = "accepted" | "refused";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 3];

export class CarnetMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<"method" | "route" | "status">;
  private readonly launches: Counter<"outcome" | "reason">;
  private readonly dbCommands: Histogram<"command" | "outcome">;

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Histogram({
      name: "carnet_http_request_duration_seconds",
      help: "Time to answer a request, by route pattern and status class.",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.launches = new Counter({
      name: "carnet_lti_launches_total",
      help: "LTI launches and login initiations, accepted or refused (with the refusal's reason).",
      labelNames: ["outcome", "reason"],
      registers: [this.registry],
    });
    this.dbCommands = new Histogram({
      name: "carnet_db_command_duration_seconds",
      help: "Database round-trips by command, as the MongoDB driver saw them.",
      labelNames: ["command", "outcome"],
      buckets: DB_BUCKETS,
      registers: [this.registry],
    });
    this.outboxGauges(sources);
  }

  request(method: string, route: string, statusCode: number, seconds: number): void {
    this.requests.observe({ method, route, status: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }

  launch(outcome: LaunchOutcome, reason = ""): void {
    this.launches.inc({ outcome, reason });
  }

  databaseCommand(command: string, succeeded: boolean, milliseconds: number): void {
    this.dbCommands.observe({ command, outcome: succeeded ? "ok" : "failed" }, milliseconds / 1000);
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** The outbox is read once per scrape, whatever number of gauges show it. */
  private outboxGauges(sources: MetricsSources): void {
    let reading: Promise<OutboxBacklog | undefined> | undefined;
    const backlog = (): Promise<OutboxBacklog | undefined> => {
      reading ??= sources
        .outboxBacklog()
        .catch(() => undefined)
        .finally(() => setImmediate(() => (reading = undefined)));
      return reading;
    };
    const gauge = (name: string, help: string, pick: (b: OutboxBacklog) => number): void => {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const current = await backlog();
          if (current) this.set(pick(current));
        },
      });
    };
    gauge("carnet_grade_outbox_pending", "Grade deliveries waiting to be sent.", (b) => b.pending);
    gauge("carnet_grade_outbox_leased", "Grade deliveries being sent now.", (b) => b.leased);
    gauge("carnet_grade_outbox_parked", "Grade deliveries parked for an administrator.", (b) => b.parked);
    gauge(
      "carnet_grade_outbox_oldest_due_seconds",
      "How long the most overdue pending grade delivery has been due.",
      (b) => b.oldestDueSeconds,
    );
  }
}

/** The route pattern of an answered request: the launch id and route parameters stay out of labels. */
export function routeLabel(baseUrl: string, routePath: unknown): string {
  if (typeof routePath !== "string") return "unmatched";
  const base = baseUrl.replace(/^\/l\/[^/]+/, "/l/:launchId");
  return `${base}${routePath}` || "/";
}
