// One JSON line per event; secrets and personal data are redacted at the source.
import pino, { type Logger } from "pino";

export type { Logger };

const REDACTED_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  "*.id_token",
  "*.idToken",
  "*.access_token",
  "*.client_assertion",
  "*.registration_token",
  "*.password",
  "*.email",
  "*.name",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "carnet" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Query strings may carry tokens (registration_token, lti hints): log the path only. */
export function safePath(url: string): string {
  const queryStart = url.indexOf("?");
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
