// Every URL a platform gives Carnet (configuration, endpoints, key set, service URLs) is parsed here once:
// https only (http for loopback outside production), a plain DNS name or IP address, no credentials.
// What passes can be stored, compared by origin and, for origins, written into a header.
import { parseOutboundAllowlist } from "./outbound-allowlist.js";

export interface UrlPolicy {
  /** http:// is accepted for loopback hosts (development and tests run the LMS on 127.0.0.1). */
  allowHttpLoopback: boolean;
}

export type UrlProblem = "not-a-url" | "scheme" | "credentials" | "host" | "fragment" | "too-long";

export type ParsedUrl =
  { ok: true; url: URL; href: string; origin: Origin } | { ok: false; problem: UrlProblem };

/** scheme://host[:port], lowercase, checked character by character: safe to put in a CSP header. */
export type Origin = string & { readonly __origin: unique symbol };

const MAX_URL_LENGTH = 2000;
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const DNS_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
// WHATWG URL serialises IPv6 hosts compressed, lowercase, in brackets.
const IPV6 = /^\[[0-9a-f:.]{2,45}\]$/;
const ORIGIN = /^https?:\/\/([^/:]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

function validHost(hostname: string): boolean {
  return IPV4.test(hostname) || IPV6.test(hostname) || DNS_NAME.test(hostname);
}

export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) ||
    hostname === "[::1]"
  );
}

export function parsePlatformUrl(raw: string, policy: UrlPolicy): ParsedUrl {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, problem: "too-long" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: "not-a-url" };
  }
  if (url.username !== "" || url.password !== "") return { ok: false, problem: "credentials" };
  if (url.hash !== "") return { ok: false, problem: "fragment" };
  if (!validHost(url.hostname)) return { ok: false, problem: "host" };
  const secure = url.protocol === "https:";
  const loopbackHttp = url.protocol === "http:" && policy.allowHttpLoopback && isLoopbackHost(url.hostname);
  if (!secure && !loopbackHttp) return { ok: false, problem: "scheme" };
  const origin = toOrigin(url.origin);
  if (!origin) return { ok: false, problem: "host" };
  return { ok: true, url, href: url.href, origin };
}

/** The origin of a stored value, or undefined when it is not one (records older than this check). */
export function toOrigin(value: string): Origin | undefined {
  const match = ORIGIN.exec(value);
  if (!match) return undefined;
  const [, host = "", port] = match;
  if (!validHost(host)) return undefined;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  return value as Origin;
}

/** The origin of a URL already stored by Carnet, re-checked: nothing unchecked reaches a header. */
export function originOf(href: string): Origin | undefined {
  try {
    return toOrigin(new URL(href).origin);
  } catch {
    return undefined;
  }
}

/**
 * Outside production, plain http is fine for an LMS on this machine (the simulated LMS). In production
 * it takes an operator listing loopback in OUTBOUND_ALLOWLIST (a test or benchmark of the built server).
 */
export function policyFor(config: {
  env: "production" | "development" | "test";
  outboundAllowlist: readonly string[];
}): UrlPolicy {
  const loopbackAllowed = parseOutboundAllowlist(config.outboundAllowlist).allowsAddress("127.0.0.1");
  return { allowHttpLoopback: config.env !== "production" || loopbackAllowed };
}
