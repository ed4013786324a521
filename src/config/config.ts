// Reads and validates the environment once, at start-up; nothing else reads process.env.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { LOOPBACK_ALLOWLIST, parseOutboundAllowlist } from "../lti/outbound-allowlist.js";
import { parsePlatformUrl, policyFor } from "../lti/platform-urls.js";
import { paths } from "../paths.js";
import { loadLtiConfig, type LtiConfig } from "./lti-config.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  BASE_URL: z
    .string()
    .url("must be an absolute URL such as https://carnet.example.edu")
    .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://")
    .optional(),
  MONGODB_URI: z
    .string()
    .refine((value) => /^mongodb(\+srv)?:\/\//.test(value), "must start with mongodb:// or mongodb+srv://")
    .optional(),
  // Optional without a default: production needs MONGODB_URI unless the embedded database is asked for.
  EMBEDDED_DB: z.enum(["auto", "mongodb-memory-server", "mongo-java-server"]).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters long").optional(),
  LTI_KEY: z.string().min(32, "must be at least 32 characters long").optional(),
  TRUST_PROXY: z
    .string()
    .default("false")
    .transform((value, ctx): boolean | number | string => {
      if (value === "true") return true;
      if (value === "false" || value === "") return false;
      if (/^\d+$/.test(value)) return Number(value);
      if (/^[\w.:/, -]+$/.test(value)) return value;
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "must be true, false, a hop count or a list of addresses",
      });
      return z.NEVER;
    }),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  LTI_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  LTI_TOKEN_MAX_AGE_SECONDS: z.coerce.number().int().min(10).max(600).default(90),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 14)
    .default(12),
  /** Read no more (registrations are invited): set, it only earns a notice at start. */
  REGISTRATION_AUTO_ACTIVATE: booleanString.optional(),
  REGISTRATION_ALLOWED_ORIGINS: z.string().optional(),
  REGISTRATION_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  OUTBOUND_ALLOWLIST: z.string().optional(),
  SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\//.test(value), "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().default("Carnet <no-reply@localhost>"),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  DOSSIER_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(200 * 1024 * 1024),
  DB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(2_000),
  DB_OPERATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(3_000),
  READYZ_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  EMBEDDED_DB_HEAP_MB: z.coerce.number().int().min(64).max(65_536).default(256),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  GRADE_RETRY_FOR: z
    .string()
    .default("3d")
    .transform((value, ctx): number => {
      const ms = durationMs(value);
      if (ms === undefined || ms < 60_000 || ms > 90 * 24 * 3600_000) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: "must be a duration from 1m to 90d, such as 3d, 36h or 90m",
        });
        return z.NEVER;
      }
      return ms;
    }),
  GRADE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  SUPPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
});

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3600_000, d: 24 * 3600_000 };

/** "3d", "36h", "90m", "600s" (a bare number is seconds). */
function durationMs(value: string): number | undefined {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * (DURATION_UNITS[match[2] || "s"] ?? 1_000);
}

export interface Config {
  readonly env: "production" | "development" | "test";
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly secureCookies: boolean;
  readonly mongodbUri: string | undefined;
  readonly embeddedDb: "auto" | "mongodb-memory-server" | "mongo-java-server";
  readonly dataDir: string;
  readonly ltiKey: string;
  readonly ltiKeySource: "environment" | "generated" | "data-dir";
  readonly trustProxy: boolean | number | string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly clockSkewSeconds: number;
  readonly tokenMaxAgeSeconds: number;
  readonly sessionTtlMs: number;
  /** LMS origins whose Dynamic Registrations are active without an invitation. */
  readonly registrationAllowedOrigins: readonly string[];
  /** Anonymous registration attempts per source address and hour. */
  readonly registrationRateLimit: number;
  /** Hosts and ranges outbound calls may reach although they are not public. */
  readonly outboundAllowlist: readonly string[];
  /** lti-config/: the tool's description and the platform presets, checked at start. */
  readonly lti: LtiConfig;
  /** Things worth a line in the log at start (deprecated variables). */
  readonly notices: readonly string[];
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly uploadMaxBytes: number;
  /** Largest dossier archive (PDF + attachments) Carnet builds. */
  readonly dossierMaxBytes: number;
  readonly database: {
    readonly serverSelectionMs: number;
    readonly operationMs: number;
    readonly pingMs: number;
  };
  readonly embeddedDbHeapMb: number;
  /** On SIGTERM, how long requests in progress and background jobs may take to finish. */
  readonly shutdownDrainMs: number;
  /** Bearer token /metrics asks for; without it, only direct loopback connections may read it. */
  readonly metricsToken: string | undefined;
  /** How long a grade is retried through LMS outages before it is parked for people (GRADE_RETRY_FOR). */
  readonly gradeRetryForMs: number;
  /** Grade deliveries in flight to one LMS at once (GRADE_CONCURRENCY). */
  readonly gradeConcurrency: number;
  /** Days a closed support case is kept before it is deleted (SUPPORT_RETENTION_DAYS). */
  readonly supportRetentionDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws ConfigError naming every missing or malformed variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { persistDevKey?: boolean; ltiConfigDir?: string } = {},
): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  const values = parsed.data;
  const problems: string[] = [];
  if (values.NODE_ENV === "production" && !values.LTI_KEY) {
    problems.push("LTI_KEY is required when NODE_ENV=production (a random secret of at least 32 characters)");
  }
  if (values.NODE_ENV === "production" && !values.BASE_URL) {
    problems.push("BASE_URL is required when NODE_ENV=production (the public URL the LMS reaches)");
  }
  if (values.NODE_ENV === "production" && !values.MONGODB_URI && !values.EMBEDDED_DB) {
    problems.push(
      "MONGODB_URI is required when NODE_ENV=production (or set EMBEDDED_DB=auto to try Carnet with its embedded database)",
    );
  }
  const outboundAllowlist = outboundEntries(values.OUTBOUND_ALLOWLIST, values.NODE_ENV, problems);
  const registrationAllowedOrigins = allowedOrigins(
    values.REGISTRATION_ALLOWED_ORIGINS,
    { env: values.NODE_ENV, outboundAllowlist },
    problems,
  );
  const lti = ltiConfig(options.ltiConfigDir ?? paths.ltiConfig, problems);
  if (problems.length > 0 || !lti) throw new ConfigError(problems);
  const notices =
    values.REGISTRATION_AUTO_ACTIVATE === undefined
      ? []
      : [
          "REGISTRATION_AUTO_ACTIVATE is no longer read: invite registrations (npm run carnet -- registration invite) or list LMS origins in REGISTRATION_ALLOWED_ORIGINS",
        ];

  const baseUrl = (values.BASE_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, "");
  const dataDir = path.resolve(values.DATA_DIR);
  const { key, source } = values.LTI_KEY
    ? { key: values.LTI_KEY, source: "environment" as const }
    : developmentKey(dataDir, options.persistDevKey ?? true);

  return Object.freeze({
    env: values.NODE_ENV,
    port: values.PORT,
    host: values.HOST,
    baseUrl,
    secureCookies: baseUrl.startsWith("https://"),
    mongodbUri: values.MONGODB_URI,
    embeddedDb: values.EMBEDDED_DB ?? "auto",
    dataDir,
    ltiKey: key,
    ltiKeySource: source,
    trustProxy: values.TRUST_PROXY,
    logLevel: values.LOG_LEVEL,
    clockSkewSeconds: values.LTI_CLOCK_SKEW_SECONDS,
    tokenMaxAgeSeconds: values.LTI_TOKEN_MAX_AGE_SECONDS,
    sessionTtlMs: values.SESSION_TTL_HOURS * 3600_000,
    registrationAllowedOrigins,
    registrationRateLimit: values.REGISTRATION_RATE_LIMIT,
    outboundAllowlist,
    lti,
    notices,
    smtpUrl: values.SMTP_URL,
    mailFrom: values.MAIL_FROM,
    uploadMaxBytes: values.UPLOAD_MAX_BYTES,
    dossierMaxBytes: values.DOSSIER_MAX_BYTES,
    database: Object.freeze({
      serverSelectionMs: values.DB_SERVER_SELECTION_TIMEOUT_MS,
      operationMs: values.DB_OPERATION_TIMEOUT_MS,
      pingMs: values.READYZ_TIMEOUT_MS,
    }),
    embeddedDbHeapMb: values.EMBEDDED_DB_HEAP_MB,
    shutdownDrainMs: values.SHUTDOWN_DRAIN_MS,
    metricsToken: values.METRICS_TOKEN,
    gradeRetryForMs: values.GRADE_RETRY_FOR,
    gradeConcurrency: values.GRADE_CONCURRENCY,
    supportRetentionDays: values.SUPPORT_RETENTION_DAYS,
  });
}

function ltiConfig(dir: string, problems: string[]): LtiConfig | undefined {
  try {
    return loadLtiConfig(dir);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

function list(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

const DEV_LMS_ORIGINS = ["http://localhost:3100", "http://127.0.0.1:3100"];

/** Exact origins (scheme://host[:port]); http only for loopback outside production. */
function allowedOrigins(
  value: string | undefined,
  context: { env: Config["env"]; outboundAllowlist: readonly string[] },
  problems: string[],
): string[] {
  const { env } = context;
  const origins: string[] = [];
  // `npm run dev` with `npm run dev:lms`: the simulated LMS registers in one click, as a real one would.
  const entries = value === undefined ? (env === "development" ? DEV_LMS_ORIGINS : []) : list(value);
  for (const entry of entries) {
    const parsed = parsePlatformUrl(entry, policyFor(context));
    if (parsed.ok && `${parsed.origin}/` === parsed.href.replace(/\/?$/, "/")) origins.push(parsed.origin);
    else
      problems.push(
        `REGISTRATION_ALLOWED_ORIGINS: ${entry} is not an https origin such as https://moodle.example.edu`,
      );
  }
  return origins;
}

/** Development and tests reach the simulated LMS on this machine; production reaches public hosts only. */
function outboundEntries(value: string | undefined, env: Config["env"], problems: string[]): string[] {
  const entries = value === undefined ? (env === "production" ? [] : LOOPBACK_ALLOWLIST) : list(value);
  try {
    parseOutboundAllowlist(entries);
    return entries;
  } catch (error) {
    problems.push(`OUTBOUND_ALLOWLIST ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/** Outside production the encryption key is generated once and kept in DATA_DIR so sessions survive restarts. */
function developmentKey(
  dataDir: string,
  persist: boolean,
): { key: string; source: "generated" | "data-dir" } {
  if (!persist) return { key: randomBytes(32).toString("hex"), source: "generated" };
  const file = path.join(dataDir, "lti-key");
  if (existsSync(file)) return { key: readFileSync(file, "utf8").trim(), source: "data-dir" };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString("hex");
  writeFileSync(file, key, { mode: 0o600 });
  return { key, source: "generated" };
}
